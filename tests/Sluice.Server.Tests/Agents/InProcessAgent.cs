using System.Collections.Concurrent;
using Sluice.Engine.Agents;

namespace Sluice.Server.Tests.Agents;

/// <summary>An <see cref="AgentWorker"/> running in the test process against the server's real HTTP address, in a data directory of its own.</summary>
internal sealed class InProcessAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource abort = new();
    private readonly AgentClient client;
    private readonly string dataDirectory;

    private InProcessAgent(AgentClient client, string dataDirectory)
    {
        this.client = client;
        this.dataDirectory = dataDirectory;
    }

    public ConcurrentQueue<string> Log { get; } = new();

    public Task<AgentRunResult> Running { get; private set; } = null!;

    public string DataDirectory => dataDirectory;

    public static InProcessAgent Start(Uri server, string token, string name, string[] labels, int capacity, HttpMessageHandler? handler)
    {
        var data = Path.Combine(Path.GetTempPath(), "sluice-agent-test-" + Guid.NewGuid().ToString("N")[..8]);
        var agent = new InProcessAgent(new AgentClient(server, token, handler), data);
        var options = new AgentOptions(name, labels, capacity, false, data, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        agent.Running = Task.Run(() => new AgentWorker(agent.client, options, TimeProvider.System, agent.Log.Enqueue).RunAsync(agent.stop.Token, agent.abort.Token));
        return agent;
    }

    /// <summary>Stops claiming and waits for the running jobs (what SIGTERM does to <c>sluice agent</c>).</summary>
    public async Task<AgentRunResult> StopAsync()
    {
        await stop.CancelAsync();
        return await Running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await abort.CancelAsync();
        try
        {
            await Running.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }

        client.Dispose();
        stop.Dispose();
        abort.Dispose();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
