using System.Collections.Concurrent;
using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

/// <summary>
/// Runs pipelines written as YAML through the real parser, planner and engine, with real processes, in a
/// temporary workspace; records every live event.
/// </summary>
internal sealed class EngineHarness : IRunObserver, IAsyncDisposable
{
    public static readonly PipelineEvent Push = new(EventKind.Push, Branch: "main", Sha: "0123456789abcdef0123456789abcdef01234567");

    private readonly ConcurrentQueue<RunEvent> events = new();

    public EngineHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N")[..10]);
        Workspace = Path.Combine(Root, "ws");
        Directory.CreateDirectory(Workspace);
        StateDirectory = new StateDirectory(Path.Combine(Root, "state"), StateDirectorySource.Flag).EnsureCreated();
        var store = StateDirectory.OpenRunStore(TimeProvider.System);
        store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        Store = store;
    }

    public StateDirectory StateDirectory { get; }

    public string Root { get; }

    public string Workspace { get; }

    public string State => StateDirectory.Root;

    /// <summary>A real SQLite store in the state directory.</summary>
    public IRunStore Store { get; }

    public IReadOnlyList<RunEvent> Events => [.. events];

    public static PipelinePlan Plan(string yaml, PipelineEvent? ev = null)
    {
        var parsed = PipelineParser.Parse(".sluice/ci.yml", yaml);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("invalid test pipeline:\n" + string.Join("\n", parsed.Diagnostics));
        }

        return Planner.PlanPipeline(parsed.Pipeline!, ev ?? Push, force: true);
    }

    public Task<RunResult> RunAsync(
        string yaml,
        int maxParallel = 4,
        IReadOnlyDictionary<string, string>? secrets = null,
        CancellationToken cancel = default,
        RerunSource? rerun = null,
        bool isolated = false,
        string? workspace = null,
        bool directExec = true,
        Func<bool>? leaseHeld = null,
        Engine.Execution.IStepGroupWatch? stepGroups = null) =>
        RunPlanAsync(Plan(yaml), maxParallel, secrets, cancel, rerun, isolated, workspace, directExec, leaseHeld, stepGroups);

    public Task<RunResult> RunPlanAsync(
        PipelinePlan plan,
        int maxParallel = 4,
        IReadOnlyDictionary<string, string>? secrets = null,
        CancellationToken cancel = default,
        RerunSource? rerun = null,
        bool isolated = false,
        string? workspace = null,
        bool directExec = true,
        Func<bool>? leaseHeld = null,
        Engine.Execution.IStepGroupWatch? stepGroups = null)
    {
        var options = new RunOptions(maxParallel, StateDirectory, "test:" + Environment.ProcessId, TimeSpan.FromMilliseconds(500), isolated, Repository: "test",
            DirectExec: directExec, LeaseHeld: leaseHeld, StepGroups: stepGroups);
        var request = new RunRequest(plan, Push, secrets ?? new Dictionary<string, string>(), new Dictionary<string, string>(), workspace ?? Workspace, options, rerun);
        return new RunExecutor(Store, this, TimeProvider.System).ExecuteAsync(request, cancel, CancellationToken.None);
    }

    public void OnEvent(RunEvent runEvent) => events.Enqueue(runEvent);

    /// <summary>The text of every stdout/stderr line a job printed in a run, in order.</summary>
    public IReadOnlyList<string> Output(long runId, string jobKey) =>
        events.OfType<LogEvent>().Where(e => e.RunId == runId && e.JobKey == jobKey && e.Stream != "sluice").Select(e => e.Text).ToList();

    public IReadOnlyList<string> AllLogText() => events.OfType<LogEvent>().Select(e => e.Text).ToList();

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
