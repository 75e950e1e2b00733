using Sluice.Engine.Storage;
using Sluice.Server.Auth;
using Sluice.Server.Hosting;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>A server (see <see cref="ServerHarness"/>) with a users file (operator alice, viewer victor) and helpers that record runs straight into its store.</summary>
internal static class DashboardSetup
{
    public const string Operator = "alice";
    public const string OperatorPassword = "alice's password";
    public const string Viewer = "victor";
    public const string ViewerPassword = "victor's password";

    public static async Task<ServerHarness> StartAsync(Action<ServerHarness>? beforeStart = null)
    {
        var harness = await ServerHarness.CreateAsync();
        Directory.CreateDirectory(harness.DataDir);
        WriteUsers(harness, $"{Operator} operator {PasswordHash.Create(OperatorPassword, 1000)}", $"{Viewer} viewer {PasswordHash.Create(ViewerPassword, 1000)}");
        beforeStart?.Invoke(harness);
        await harness.StartAsync();
        return harness;
    }

    public static void WriteUsers(ServerHarness harness, params string[] lines) =>
        File.WriteAllLines(Path.Combine(harness.DataDir, UsersFile.FileName), lines);

    public static async Task<DashboardClient> SignedInAsync(ServerHarness harness, string user = Operator, string password = OperatorPassword)
    {
        var client = new DashboardClient(harness.Server.Address);
        using var response = await client.SignInAsync(user, password);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        return client;
    }

    /// <summary>Records a finished or running run with the given jobs (key, job id, needs, state, seconds taken) directly in the store.</summary>
    public static async Task<long> RecordRunAsync(ServerHarness harness, RunState state, string branch, params (string Key, string JobId, string[] Needs, JobState State, int Seconds)[] jobs)
    {
        var store = harness.Server.Storage.Runs;
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var owner = harness.Server.Get<ServerIdentity>().Owner;
        var id = await store.CreateRunAsync(
            new NewRun("octo-org/octo-repo", "ci", "ci", ".sluice/ci.yml", "push", $$"""{"kind":"Push","branch":"{{branch}}"}""", branch, "0123456789abcdef0123456789abcdef01234567", "octocat", owner, start),
            jobs.Select(j => new NewJob(j.Key, j.JobId, j.Key, System.Text.Json.JsonSerializer.Serialize(j.Needs), "{}")).ToList(), CancellationToken.None);
        await store.SetRunStateAsync(id, RunState.Running, start, CancellationToken.None);
        var at = start;
        foreach (var job in jobs)
        {
            var finished = job.State is JobState.Running or JobState.Pending ? (DateTimeOffset?)null : at.AddSeconds(job.Seconds);
            await store.SetJobStateAsync(id, job.Key, job.State, null, 1, job.State == JobState.Pending ? null : at, finished, CancellationToken.None);
            if (job.State != JobState.Pending)
            {
                await store.UpsertStepAsync(new StepRecord(id, job.Key, 1, 0, "step of " + job.Key, job.State == JobState.Failed ? StepState.Failed : StepState.Succeeded, job.State == JobState.Failed ? 2 : 0, at, finished), CancellationToken.None);
            }
        }

        if (state != RunState.Running)
        {
            await store.SetRunStateAsync(id, state, start.AddMinutes(5), CancellationToken.None);
        }

        return id;
    }
}
