using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Agents;

/// <summary>A cancel on the server reaches the agent through its lease renewal and stops the step's whole process tree.</summary>
public sealed class AgentCancelTests
{
    [Fact]
    public async Task Cancel_FromTheServer_StopsTheAgentsStepAndItsChildren()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"sluice-agent-cancel-{Guid.NewGuid():N}.pid");
        var pipeline = $$"""
            name: agents
            on: [push, manual]
            jobs:
              slow:
                run: |
                  sleep 300 &
                  echo $! > {{pidFile}}
                  echo "child started"
                  wait
            """;
        await using var harness = await AgentHarness.StartAsync(pipeline);
        harness.StartAgent("agent-1");
        var queueId = await harness.StartRunAsync();
        var runId = await harness.WaitForJobAsync(queueId, "slow", JobState.Running);
        await WaitUntilAsync(async () => (await harness.LogTextAsync(runId)).Contains("child started", StringComparison.Ordinal));
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        using var cancel = await harness.Server.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        var item = await harness.WaitForRunAsync(queueId, 30);
        var job = (await harness.Runs.GetJobsAsync(runId, CancellationToken.None)).Single();
        await WaitUntilAsync(() => Task.FromResult(!IsRunning(child)));

        cancel.IsSuccessStatusCode.ShouldBeTrue();
        item.State.ShouldBe(QueueState.Cancelled);
        job.State.ShouldBe(JobState.Cancelled);
        IsRunning(child).ShouldBeFalse();
        File.Delete(pidFile);
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z') is false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("the condition never held");
            }

            await Task.Delay(50);
        }
    }
}
