using System.Text.RegularExpressions;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Agents;

/// <summary>
/// Log shipping: lines carry sequence numbers, so a history batch sent again after a lost answer stores them once. A short
/// job's lines travel with its complete request, which a lost answer makes the agent send again: the second one is
/// answered as done, not as a lost lease.
/// </summary>
public sealed partial class AgentLogsTests
{
    private const string Pipeline = """
        name: agents
        on: [push, manual]
        jobs:
          chatty:
            run: for i in $(seq 1 50); do echo "line $i"; done
        """;

    [Fact]
    public async Task Logs_BatchRetriedAfterALostAnswer_AreStoredExactlyOnce()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        var lossy = new LoseFirstLogsAnswer(new SocketsHttpHandler());
        var agent = harness.StartAgent("lossy-agent", handler: lossy);

        var item = await harness.WaitForRunAsync(await harness.StartRunAsync());
        var lines = await harness.LogsAsync(item.RunId!.Value);
        var numbered = lines.Select(l => LineNumber().Match(l.Text)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        lossy.Lost.ShouldBe(1);
        item.State.ShouldBe(QueueState.Succeeded);
        numbered.ShouldBe(Enumerable.Range(1, 50));
        lines.Select(l => l.Sequence).ShouldBeUnique();
        var result = await agent.StopAsync();
        result.Failed.ShouldBe(0, string.Join("\n", agent.Log));
        agent.Log.ShouldNotContain(l => l.Contains("lease lost", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^line (\d+)$")]
    private static partial Regex LineNumber();

    /// <summary>Delivers the first request with log lines (a history batch or the complete request) to the server, then fails as if the answer never came back.</summary>
    private sealed class LoseFirstLogsAnswer(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int lost;

        public int Lost => lost;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var withLines = request.Content is not null && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("\"lines\"", StringComparison.Ordinal);
            var path = request.RequestUri!.AbsolutePath;
            if ((path.EndsWith("/history", StringComparison.Ordinal) || path.EndsWith("/complete", StringComparison.Ordinal)) && withLines && response.IsSuccessStatusCode
                && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                response.Dispose();
                throw new HttpRequestException("the answer was lost on the way back");
            }

            return response;
        }
    }
}
