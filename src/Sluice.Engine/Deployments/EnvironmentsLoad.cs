using Sluice.Core.Deployments;
using Sluice.Core.Diagnostics;

namespace Sluice.Engine.Deployments;

/// <summary>The environments file of a folder: its configuration (null when invalid) and diagnostics.</summary>
internal sealed record EnvironmentsLoad(EnvironmentsConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Config is not null && !Diagnostics.Any(d => d.IsError);
}
