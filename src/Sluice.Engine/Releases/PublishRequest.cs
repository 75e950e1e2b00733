namespace Sluice.Engine.Releases;

/// <summary>
/// What to make public after commits and tags exist: git mode pushes <see cref="Branches"/> and <see cref="Tags"/>
/// in one atomic push; GitHub mode (whose refs are already on the server) creates <see cref="Releases"/>.
/// </summary>
internal sealed record PublishRequest(IReadOnlyList<string> Branches, IReadOnlyList<string> Tags, IReadOnlyList<HostRelease> Releases);
