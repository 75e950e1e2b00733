using Sluice.Core.Diagnostics;

namespace Sluice.Core.Releases.Config;

/// <summary>A parsed configuration (null when any error was found) and every diagnostic, errors and warnings.</summary>
internal sealed record ReleaseConfigResult(ReleaseConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Config is not null;
}
