namespace Sluice.Server.Api;

/// <summary>
/// API tokens by SHA-256 (lowercase hex); the tokens themselves are never stored. Contract: <see cref="SetAsync"/>
/// replaces a name's hash; <see cref="FindAsync"/> returns the name owning a hash, or null.
/// </summary>
internal interface IApiTokenStore
{
    Task SetAsync(string name, string sha256, DateTimeOffset at, CancellationToken cancellationToken);

    Task<string?> FindAsync(string sha256, CancellationToken cancellationToken);
}
