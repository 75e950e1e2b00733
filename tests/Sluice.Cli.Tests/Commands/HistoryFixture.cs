using System.CommandLine;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Tests.Commands;

/// <summary>A temp state directory with a real <see cref="SqliteRunStore"/> to pre-fill, and in-process CLI invocation against it.</summary>
public sealed class HistoryFixture : IAsyncDisposable
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private HistoryFixture(string root, SqliteRunStore store)
    {
        Root = root;
        Store = store;
    }

    public string Root { get; }

    public string StateDir => Path.Combine(Root, "state");

    internal SqliteRunStore Store { get; }

    public static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public static async Task<HistoryFixture> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "sluice-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var store = new SqliteRunStore(Path.Combine(root, "state", "sluice.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return new HistoryFixture(root, store);
    }

    /// <summary>A run with the given jobs; <paramref name="owner"/> defaults to this (live) process.</summary>
    public async Task<long> AddRunAsync(string pipeline, RunState state, DateTimeOffset createdAt, string[] jobs, string? owner = null, string branch = "main")
    {
        var run = new NewRun("/repo", pipeline, pipeline.ToUpperInvariant(), $".sluice/{pipeline}.yml", "push", """{"kind":"push"}""",
            branch, Sha, "alice", owner ?? Engine.State.ProcessLiveness.CurrentOwner(), createdAt);
        var id = await Store.CreateRunAsync(run, jobs.Select(j => new NewJob(j, j.Split(' ')[0], j, "[]", "{}")).ToList(), CancellationToken.None);
        if (state != RunState.Queued)
        {
            await Store.SetRunStateAsync(id, RunState.Running, createdAt.AddSeconds(1), CancellationToken.None);
        }

        if (state.IsTerminal())
        {
            await Store.SetRunStateAsync(id, state, createdAt.AddSeconds(91), CancellationToken.None);
        }

        return id;
    }

    public Task LogAsync(long runId, string job, params string[] lines) =>
        Store.AppendLogsAsync(lines.Select((text, i) => new LogLine(runId, job, i + 1, 1, 0, Now, "stdout", text)).ToList(), CancellationToken.None);

    /// <summary>Runs <c>sluice ARGS --state-dir STATE</c> in-process; returns exit code, stdout and stderr.</summary>
    public async Task<(int Exit, string Out, string Err)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SluiceCommandLine.InvokeAsync([.. args, "--state-dir", StateDir], new InvocationConfiguration { Output = output, Error = error }, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
