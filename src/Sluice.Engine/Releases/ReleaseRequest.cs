using Sluice.Core.Releases.Versioning;

namespace Sluice.Engine.Releases;

/// <summary>What the user asked of one <c>sluice release</c> run (flags over configuration).</summary>
/// <param name="Package">Release only this monorepo package.</param>
/// <param name="Push">Overrides <c>push:</c> from the configuration (git mode).</param>
/// <param name="PolicyOverride">Used by the sprint roll-up: the sprint policy instead of the configured one.</param>
internal sealed record ReleaseRequest(
    bool DryRun = false,
    string? Prerelease = null,
    BumpKind? ForcedBump = null,
    bool Always = false,
    string? Package = null,
    bool? Push = null,
    BumpPolicy? PolicyOverride = null);
