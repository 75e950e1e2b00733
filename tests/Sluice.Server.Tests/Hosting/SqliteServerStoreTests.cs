using Sluice.Engine.Storage;

namespace Sluice.Server.Tests.Hosting;

/// <summary>The server store contract on SQLite (the data directory's <c>sluice.db</c>, two storages on one file).</summary>
public sealed class SqliteServerStoreTests : ServerStoreContract
{
    private protected override Task<RunStoreLocation?> DatabaseAsync() => Task.FromResult<RunStoreLocation?>(null);
}
