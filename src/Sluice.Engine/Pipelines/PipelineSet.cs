using Sluice.Core.Diagnostics;
using Sluice.Core.Parsing;
using Sluice.Core.Pipelines;

namespace Sluice.Engine.Pipelines;

/// <summary>The pipelines read from a repository or a list of paths, and every diagnostic about them.</summary>
/// <param name="Files">Every file that was read, with its own parse result, in path order.</param>
/// <param name="Diagnostics">All diagnostics: per-file ones plus cross-file ones (duplicate names) and I/O problems.</param>
public sealed record PipelineSet(IReadOnlyList<PipelineFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    public IReadOnlyList<Pipeline> Pipelines => Files.Where(f => f.Result.Pipeline is not null).Select(f => f.Result.Pipeline!).ToList();

    public bool IsValid => !Diagnostics.Any(d => d.IsError);
}

/// <param name="DisplayPath">The path as diagnostics show it (relative to where the command ran).</param>
public sealed record PipelineFile(string Path, string DisplayPath, PipelineParseResult Result);
