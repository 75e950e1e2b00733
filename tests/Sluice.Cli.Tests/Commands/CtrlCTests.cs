using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

public sealed class CtrlCTests : IDisposable
{
    private readonly RunFixture fixture = new();
    private readonly string marker = "sluice-ctrlc-marker-" + Guid.NewGuid().ToString("N");

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Sigint_CancelsTheRunCleanly_RunsAlwaysJobsAndLeavesNoProcess()
    {
        fixture.WritePipeline($$$"""
            on: { push: { branches: [main] } }
            jobs:
              long:
                run: |
                  touch started.txt
                  bash -c "sleep 60; : {{{marker}}}"
              cleanup:
                needs: [long]
                if: always()
                run: echo "cleanup after ${{ needs.long.result }}"
            """);
        using var sluice = fixture.Start("run", "--kill-grace", "1s");
        var output = sluice.StandardOutput.ReadToEndAsync();
        for (var i = 0; i < 1200 && !File.Exists(Path.Combine(fixture.Repo, "started.txt")); i++)
        {
            await Task.Delay(50);
        }

        File.Exists(Path.Combine(fixture.Repo, "started.txt")).ShouldBeTrue();
        using (var kill = Process.Start("kill", ["-INT", sluice.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        await sluice.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        sluice.ExitCode.ShouldBe(1);
        var text = await output;
        text.ShouldContain("[long] ⊘ cancelled");
        text.ShouldContain("[cleanup] cleanup after cancelled");
        var (_, runs, _) = await fixture.InvokeRawAsync("runs", "--json");
        using var json = JsonDocument.Parse(runs);
        json.RootElement[0].GetProperty("state").GetString().ShouldBe("cancelled");
        Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).ShouldBe(0);
    }
}
