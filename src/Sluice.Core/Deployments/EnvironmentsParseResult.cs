using Sluice.Core.Diagnostics;

namespace Sluice.Core.Deployments;

/// <summary>The environments parser's answer: the configuration as far as it could be read, and every diagnostic.</summary>
public sealed record EnvironmentsParseResult(EnvironmentsConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Config is not null && !Diagnostics.Any(d => d.IsError);
}
