using System.Text;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Secrets;

public sealed class SecretMaskingTests : IAsyncLifetime
{
    private const string Token = "tok-5f3a9c2e71";
    private const string Key = "-----BEGIN KEY-----\nkeyline-aaaa1111\nkeyline-bbbb2222\n-----END KEY-----";
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_DeclaredSecrets_AreMaskedInLogsOutputsSummaryAndStore()
    {
        var secrets = new Dictionary<string, string> { ["TOKEN"] = Token, ["KEY"] = Key, ["OTHER"] = "other-secret-42" };

        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              publish:
                secrets: [TOKEN, KEY]
                steps:
                  - run: |
                      echo "token=$TOKEN"
                      echo "$KEY"
                      printf '%s' "$TOKEN" | base64
                      printf '%s' "$KEY" | base64 -w0; echo
                      echo "other=${OTHER:-unset}"
                      echo "leak=$TOKEN" >> "$SLUICE_OUTPUT"
                      echo "summary $TOKEN" >> "$SLUICE_SUMMARY"
                      echo "to stderr $TOKEN" >&2
            """, secrets: secrets);

        result.State.ShouldBe(RunState.Succeeded);
        var output = harness.Output(result.RunId, "publish");
        output.ShouldContain("token=***");
        output.ShouldContain("***"); // the key line by line
        output.ShouldContain("other=unset");
        output.ShouldContain("to stderr ***");
        var forbidden = new[] { Token, "keyline-aaaa1111", "keyline-bbbb2222", Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)), Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) };
        var stored = await harness.Store.GetLogsAsync(result.RunId, null, 0, 10_000, default);
        stored.Count.ShouldBeGreaterThan(5);
        var everything = string.Join("\n", harness.AllLogText().Concat(stored.Select(l => l.Text))
            .Concat(result.Jobs.SelectMany(j => j.Outputs.Values)).Append(result.Summary)
            .Append((await harness.Store.GetRunAsync(result.RunId, default))!.Summary ?? "")
            .Concat((await harness.Store.GetJobsAsync(result.RunId, default)).SelectMany(j => j.Outputs.Values)));
        foreach (var value in forbidden)
        {
            everything.ShouldNotContain(value);
        }

        result.Jobs.Single().Outputs["leak"].ShouldBe("***");
        result.Summary.ShouldContain("summary ***");
        (await harness.Store.GetRunAsync(result.RunId, default))!.EventJson.ShouldNotContain(Token);
    }

    [Fact]
    public async Task Run_FailureReasonAndErrors_NeverShowASecret()
    {
        var secrets = new Dictionary<string, string> { ["TOKEN"] = Token };

        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              publish:
                secrets: [TOKEN]
                steps:
                  - name: push
                    run: |
                      echo "failed to push with $TOKEN" >&2
                      exit 4
            """, secrets: secrets);

        var job = result.Jobs.Single();
        job.State.ShouldBe(JobState.Failed);
        job.Reason!.ShouldNotContain(Token);
        harness.Output(result.RunId, "publish").ShouldContain("failed to push with ***");
    }
}
