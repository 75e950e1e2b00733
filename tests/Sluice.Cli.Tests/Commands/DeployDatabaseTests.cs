using System.Diagnostics;
using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Tests.Support;

namespace Sluice.Cli.Tests.Commands;

/// <summary>
/// <c>sluice deploy</c> and <c>sluice approve</c> on the database <c>sluice serve</c> uses: a real PostgreSQL database
/// chosen by <c>--database</c>, by the <c>database:</c> of a server configuration (<c>--config</c>) or by
/// <c>SLUICE_DATABASE</c> (a child process), sharing what the servers wrote — and never touching the state directory.
/// </summary>
public sealed class DeployDatabaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly RunFixture fixture = new();
    private PostgresTestDatabase database = null!;

    public async Task InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        fixture.Dispose();
    }

    [Fact]
    public async Task DeployCommands_OnTheServersPostgresDatabase_ReadAndWriteItsDeployments()
    {
        await SeedServerDeploymentAsync("1.4.0");
        var config = Path.Combine(fixture.Root, "sluice.yml");
        await File.WriteAllTextAsync(config, $"database: {database.Url}\nrepos: []\n");

        var (historyExit, history, historyError) = await fixture.InvokeRawAsync("deploy", "history", "staging", "--database", database.Url);
        var (lockExit, locked, _) = await fixture.InvokeRawAsync("deploy", "lock", "staging", "--reason", "freeze", "--as", "alice", "--database", database.Url);
        var (_, status, _) = await fixture.InvokeRawAsync("deploy", "status", "--config", config, "-C", fixture.Repo);
        var (envExit, envHistory, envError) = await RunChildAsync(("SLUICE_DATABASE", database.Url), "deploy", "history", "staging", "--json");
        var (unlockExit, unlocked, _) = await fixture.InvokeRawAsync("deploy", "unlock", "staging", "--config", config);

        historyExit.ShouldBe(0, historyError);
        history.Split('\n')[1].ShouldStartWith("#1  1.4.0    succeeded");
        lockExit.ShouldBe(0);
        locked.ShouldStartWith("locked staging (alice: freeze)");
        status.ShouldContain("1.4.0 (#1)");
        status.ShouldContain("locked by alice: freeze");
        envExit.ShouldBe(0, envError);
        using (var json = System.Text.Json.JsonDocument.Parse(envHistory))
        {
            json.RootElement[0].GetProperty("version").GetString().ShouldBe("1.4.0");
        }

        unlockExit.ShouldBe(0);
        unlocked.Trim().ShouldBe("unlocked staging");
        await using (var store = await OpenAsync())
        {
            (await new PostgresDeploymentStore(store.Database).GetLockAsync("staging", CancellationToken.None)).ShouldBeNull("the unlock reached PostgreSQL");
        }

        File.Exists(Path.Combine(fixture.StateDir, "sluice.db")).ShouldBeFalse("nothing went to the state directory's SQLite file");
    }

    [Fact]
    public async Task Lock_ThroughTheCli_IsSeenByTheServersStore()
    {
        var (exit, _, error) = await fixture.InvokeRawAsync("deploy", "lock", "production", "--reason", "audit", "--as", "bob", "--database", database.Url);

        exit.ShouldBe(0, error);
        await using var store = await OpenAsync();
        var environmentLock = await new PostgresDeploymentStore(store.Database).GetLockAsync("production", CancellationToken.None);
        (environmentLock?.LockedBy, environmentLock?.Reason).ShouldBe(("bob", "audit"));
    }

    [Theory]
    [InlineData("ftp://nowhere/db", "unknown database `ftp://`")]
    [InlineData("sqlite://relative", "--database: `sqlite://relative`: write sqlite:PATH")]
    public async Task Database_ThatCannotBeUsed_IsAUsageError(string value, string message)
    {
        var (exit, _, error) = await fixture.InvokeRawAsync("deploy", "status", "--database", value);

        exit.ShouldBe(2);
        error.ShouldContain(message);
    }

    [Theory]
    [InlineData("deploy", "history")]
    [InlineData("deploy", "status")]
    [InlineData("deploy", "lock")]
    [InlineData("deploy", "unlock")]
    [InlineData("deploy", "stop")]
    [InlineData("deploy", "rollback")]
    [InlineData("approve", null)]
    public async Task Help_DocumentsTheDatabaseChoice(string command, string? subcommand)
    {
        var (exit, output, _) = await fixture.InvokeRawAsync(subcommand is null ? [command, "--help"] : [command, subcommand, "--help"]);

        exit.ShouldBe(0);
        output.ShouldContain("--database <url>");
        output.ShouldContain("$SLUICE_DATABASE");
        output.ShouldContain("--config");
    }

    /// <summary>A finished deployment as a server records it: a run and its deployment in the shared database.</summary>
    private async Task SeedServerDeploymentAsync(string version)
    {
        await using var store = await OpenAsync();
        var runId = await store.CreateRunAsync(
            new NewRun("octo/app", "ci", "CI", ".sluice/ci.yml", "push", """{"kind":"push"}""", "main", "0123456789abcdef0123456789abcdef01234567", "alice", "server-a:1:1#abc", T0),
            [new NewJob("deploy", "deploy", "deploy", "[]", "{}")], CancellationToken.None);
        await new PostgresDeploymentStore(store.Database).CreateAsync(
            new NewDeployment("staging", version, null, "0123456789abcdef0123456789abcdef01234567", "refs/heads/main", "octo/app", "ci", runId, "deploy", "alice",
                "push", "none", null, "server-a:1:1#abc", null, 1, T0),
            DeploymentState.Succeeded, null, CancellationToken.None);
    }

    private async Task<PostgresRunStore> OpenAsync()
    {
        var store = new PostgresRunStore(database.ConnectionString, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary><c>dotnet Sluice.Cli.dll ARGS --state-dir STATE</c> as a real process with one extra environment variable.</summary>
    private async Task<(int Exit, string Out, string Err)> RunChildAsync((string Name, string Value) variable, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = fixture.Repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll") }.Concat(args).Concat(["--state-dir", fixture.StateDir]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[variable.Name] = variable.Value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
