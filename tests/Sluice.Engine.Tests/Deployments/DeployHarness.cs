using System.Collections.Concurrent;
using Sluice.Core.Deployments;
using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Engine.Deployments;
using Sluice.Engine.Runs;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>
/// Runs deploying pipelines through the real parser, planner, engine and SQLite stores, with real processes in a
/// temporary workspace; environments come from YAML text. Deployments poll every 20 ms.
/// </summary>
internal sealed class DeployHarness : IRunObserver, IAsyncDisposable
{
    private readonly ConcurrentQueue<RunEvent> events = new();

    public DeployHarness(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Root = Path.Combine(Path.GetTempPath(), "sluice-deploy-" + Guid.NewGuid().ToString("N")[..10]);
        Workspace = Path.Combine(Root, "ws");
        Directory.CreateDirectory(Workspace);
        StateDirectory = new StateDirectory(Path.Combine(Root, "state"), StateDirectorySource.Flag).EnsureCreated();
        var store = StateDirectory.OpenRunStore(Time);
        store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        Store = store;
        Deployments = new SqliteDeploymentStore(StateDirectory.DatabasePath);
        Commands = new DeploymentCommands(Deployments, Time);
    }

    public TimeProvider Time { get; }

    public string Root { get; }

    public string Workspace { get; }

    public StateDirectory StateDirectory { get; }

    public IRunStore Store { get; }

    public IDeploymentStore Deployments { get; }

    public IDeploymentCommands Commands { get; }

    public List<IDeploymentNotifier> Notifiers { get; } = [];

    public IReadOnlyList<RunEvent> Events => [.. events];

    public static PipelineEvent Push(string actor = "dave", string branch = "main") =>
        new(EventKind.Push, Branch: branch, Sha: "0123456789abcdef0123456789abcdef01234567", Actor: actor);

    public static EnvironmentsConfig Environments(string yaml)
    {
        var result = EnvironmentsParser.Parse("environments.yml", yaml);
        return result.IsValid ? result.Config! : throw new InvalidOperationException("invalid environments:\n" + string.Join("\n", result.Diagnostics));
    }

    public Task<RunResult> RunAsync(
        string pipeline,
        string? environments = null,
        PipelineEvent? ev = null,
        IReadOnlyDictionary<string, string>? secrets = null,
        CancellationToken cancel = default,
        DeploymentSettings? settings = null)
    {
        var parsed = PipelineParser.Parse(".sluice/ci.yml", pipeline);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("invalid test pipeline:\n" + string.Join("\n", parsed.Diagnostics));
        }

        ev ??= Push();
        var plan = Planner.PlanPipeline(parsed.Pipeline!, ev, force: true);
        settings ??= new DeploymentSettings();
        settings = settings with
        {
            Environments = settings.Environments ?? (environments is null ? EnvironmentsConfig.None : Environments(environments)),
            PollInterval = TimeSpan.FromMilliseconds(20),
            Store = Deployments,
            Notifiers = Notifiers,
        };
        var options = new RunOptions(4, StateDirectory, "test:" + Environment.ProcessId, TimeSpan.FromMilliseconds(500), Repository: "test", Deployments: settings);
        var request = new RunRequest(plan, ev, secrets ?? new Dictionary<string, string>(), new Dictionary<string, string>(), Workspace, options);
        return new RunExecutor(Store, this, Time).ExecuteAsync(request, cancel, CancellationToken.None);
    }

    /// <summary>Polls the store until a deployment of the environment satisfies <paramref name="condition"/> (10 s at most).</summary>
    public async Task<DeploymentRecord> WaitForAsync(string environment, Func<DeploymentRecord, bool> condition, int index = 0)
    {
        for (var i = 0; i < 500; i++)
        {
            var list = await Deployments.ListAsync(new DeploymentQuery(environment, Limit: 100), CancellationToken.None);
            var ordered = list.OrderBy(d => d.Id).ToList();
            if (ordered.Count > index && condition(ordered[index]))
            {
                return ordered[index];
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no deployment #{index + 1} of {environment} reached the expected state");
    }

    public async Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(string environment) =>
        await Commands.HistoryAsync(environment, 100, CancellationToken.None);

    public string Read(string file) => File.ReadAllText(Path.Combine(Workspace, file)).Trim();

    public bool Exists(string file) => File.Exists(Path.Combine(Workspace, file));

    public IReadOnlyList<string> Lines(string file) => File.Exists(Path.Combine(Workspace, file))
        ? File.ReadAllLines(Path.Combine(Workspace, file)).Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList()
        : [];

    public IReadOnlyList<string> Notes(long runId) =>
        events.OfType<LogEvent>().Where(e => e.RunId == runId && e.Stream == "sluice").Select(e => e.Text).ToList();

    public void OnEvent(RunEvent runEvent) => events.Enqueue(runEvent);

    public async ValueTask DisposeAsync()
    {
        await Deployments.DisposeAsync();
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
