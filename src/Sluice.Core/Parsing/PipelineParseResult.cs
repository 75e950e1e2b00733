using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Parsing;

/// <summary>
/// The parser's answer: the model as far as it could be built, and every diagnostic. The pipeline is
/// null only when the file is not usable at all (syntax error, not a mapping).
/// </summary>
public sealed record PipelineParseResult(Pipeline? Pipeline, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Pipeline is not null && !Diagnostics.Any(d => d.IsError);
}
