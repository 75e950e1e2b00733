using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>
/// examples/canary-service end to end: its own pipeline and environments (durations shortened), its Python service
/// versions and router as real processes on 127.0.0.1. A first version, a good second one that reaches 100%, and a
/// bad third one whose canary fails its error-rate check: traffic returns to the second and the third is stopped.
/// </summary>
public sealed class CanaryServiceTests
{
    private static string ExampleDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.sln")))
            {
                return Path.Combine(dir.FullName, "examples", "canary-service");
            }
        }

        throw new DirectoryNotFoundException("examples/canary-service not found");
    }

    private static string Replace(string text, string from, string to)
    {
        text.ShouldContain(from, customMessage: "the example changed; update this test");
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>The example's pipeline with seconds instead of minutes, its router on <paramref name="port"/>, and optionally a bad release.</summary>
    private static string Pipeline(string example, int port, bool bad)
    {
        var text = File.ReadAllText(Path.Combine(example, ".sluice", "service.yml"));
        text = Replace(text, "      strategy: Canary10Percent5Minutes\n",
            "      steps:\n        - shift: 10\n        - pause: 2s\n        - shift: 50\n        - pause: 500ms\n        - shift: 100\n");
        text = Replace(text, "        interval: 30s\n        threshold: 3\n", "        interval: 200ms\n        threshold: 2\n");
        text = Replace(text, "\njobs:\n", $"\nenv:\n  CANARY_ROUTER_PORT: \"{port}\"\n\njobs:\n");
        if (bad)
        {
            text = Replace(text, "      SLUICE_VERSION: ${{ needs.build.outputs.version }}\n", "      SLUICE_VERSION: ${{ needs.build.outputs.version }}\n      CANARY_ERROR_RATE: \"1\"\n");
        }

        return text;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<List<string>> ServedAsync(HttpClient http, int port, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            answers.Add((await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"))).Trim());
        }

        return answers;
    }

    [Fact]
    public async Task GoodVersionReachesAllTraffic_BadVersionRollsBackToIt()
    {
        var example = ExampleDirectory();
        await using var h = new DeployHarness();
        Copy(example, h.Workspace);
        var port = FreePort();
        var environments = File.ReadAllText(Path.Combine(example, ".sluice", "environments.yml"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var first = await h.RunAsync(Pipeline(example, port, bad: false), environments);
            var second = await h.RunAsync(Pipeline(example, port, bad: false), environments);
            var afterGood = await ServedAsync(http, port, 10);
            var third = await h.RunAsync(Pipeline(example, port, bad: true), environments);
            var afterBad = await ServedAsync(http, port, 10);

            first.Succeeded.ShouldBeTrue(string.Join("\n", first.Jobs.Select(j => $"{j.Key}: {j.State} {j.Reason}")));
            second.Succeeded.ShouldBeTrue(string.Join("\n", second.Jobs.Select(j => $"{j.Key}: {j.State} {j.Reason}")));
            second.Jobs.Single(j => j.Key == "integration-test").State.ShouldBe(JobState.Succeeded);
            afterGood.ShouldAllBe(a => a == "hello from 1.0.2");
            third.Succeeded.ShouldBeFalse();
            var deploy = third.Jobs.Single(j => j.Key == "deploy");
            // Two failed checks in a row, normally both during the 2s at 10% (a slow machine may reach 50% first).
            deploy.Reason.ShouldStartWith("rolled back: check failed 2 time(s) in a row at ");
            deploy.Reason.ShouldContain("%: error rate 100% above 5% on 1.0.3 (");
            third.Jobs.Single(j => j.Key == "integration-test").State.ShouldBe(JobState.Skipped);
            afterBad.ShouldAllBe(a => a == "hello from 1.0.2");
            File.Exists(Path.Combine(h.Workspace, ".canary", "versions", "1.0.3")).ShouldBeFalse("the rollback stopped the bad version");

            var history = await h.HistoryAsync("staging");
            history.Select(d => (d.Version, d.PreviousVersion, d.State, d.TrafficPercent)).ShouldBe(
            [
                ("1.0.3", "1.0.2", DeploymentState.RolledBack, 0),
                ("1.0.2", "1.0.1", DeploymentState.Succeeded, 100),
                ("1.0.1", null, DeploymentState.Succeeded, 100),
            ]);
            var good = await h.Deployments.GetEventsAsync(history[1].Id, CancellationToken.None);
            good.Where(e => e.Kind == "shift").Select(e => e.TrafficPercent).ShouldBe([10, 50, 100]);
            good.ShouldNotContain(e => e.Kind == "check-failed");
        }
        finally
        {
            using var stop = Process.Start(new ProcessStartInfo("python3", [Path.Combine(h.Workspace, "deploy", "canary.py"), "stop-all"])
            {
                Environment = { ["CANARY_HOME"] = Path.Combine(h.Workspace, ".canary") },
                RedirectStandardOutput = true,
            })!;
            await stop.WaitForExitAsync();
        }
    }
}
