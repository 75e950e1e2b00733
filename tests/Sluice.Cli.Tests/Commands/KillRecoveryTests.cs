using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

public sealed class KillRecoveryTests : IDisposable
{
    private readonly RunFixture fixture = new();
    private readonly string marker = "sluice-kill-marker-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        KillMarkerProcesses();
        fixture.Dispose();
    }

    [Fact]
    public async Task SigkillMidRun_RunsShowsInterruptedAndRerunFailedFinishesIt()
    {
        fixture.WritePipeline($$"""
            on: { push: { branches: [main] } }
            jobs:
              first:
                run: echo first-done
              slow:
                needs: [first]
                run: |
                  if [ -f done.txt ]; then echo finished; exit 0; fi
                  touch started.txt
                  bash -c "sleep 60; : {{marker}}"
            """);
        using var sluice = fixture.Start("run", "--kill-grace", "1s");
        await WaitForFileAsync(Path.Combine(fixture.Repo, "started.txt"), sluice);

        sluice.Kill(); // SIGKILL: no cleanup, no final writes.
        await sluice.WaitForExitAsync();
        KillMarkerProcesses();

        var (_, runs, _) = await fixture.InvokeRawAsync("runs", "--json");
        using (var json = JsonDocument.Parse(runs))
        {
            json.RootElement[0].GetProperty("state").GetString().ShouldBe("interrupted");
        }

        File.WriteAllText(Path.Combine(fixture.Repo, "done.txt"), "");
        var (exit, output, error) = await fixture.InvokeAsync("rerun", "1", "--failed");

        exit.ShouldBe(0, error);
        output.ShouldContain("[first] ↺ reused from run #1");
        output.ShouldContain("[slow] finished");
        var (_, after, _) = await fixture.InvokeRawAsync("runs", "--json");
        using var afterJson = JsonDocument.Parse(after);
        afterJson.RootElement[0].GetProperty("state").GetString().ShouldBe("succeeded");
        afterJson.RootElement[0].GetProperty("parent_run_id").GetInt64().ShouldBe(1);
    }

    private static async Task WaitForFileAsync(string path, Process process)
    {
        for (var i = 0; i < 1200 && !File.Exists(path); i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("sluice exited early: " + await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync());
            }

            await Task.Delay(50);
        }

        File.Exists(path).ShouldBeTrue("the step never started");
    }

    /// <summary>The killed run's step keeps running in its own session; stop it by pid.</summary>
    private void KillMarkerProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                }
            }
        }
    }
}
