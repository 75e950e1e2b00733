using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Hosting;

/// <summary>Schedules, API tokens, comment links and server leases.</summary>
public abstract partial class ServerStoreContract
{
    [Fact]
    public async Task ScheduleFire_SameFireTimeFromTwoServersAtOnce_EnqueuesOnce()
    {
        var other = await OpenAsync();
        var fireAt = T0.AddMinutes(5);
        await Storage.Schedules.StartTrackingAsync("octo/repo", "nightly", T0, Ct);

        var fired = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Storage : other).Schedules.FireAsync("octo/repo", "nightly", fireAt, Run("nightly"), fireAt, Ct))));

        fired.Count(f => f).ShouldBe(1);
        (await Storage.Queue.CountAsync(Ct)).ShouldBe(1);
        (await other.Schedules.GetFiresAsync("octo/repo", "nightly", Ct)).ShouldBe([fireAt]);
        (await other.Schedules.GetLastFireAsync("octo/repo", "nightly", Ct)).ShouldBe(fireAt);
    }

    [Fact]
    public async Task ScheduleTracking_StartsOnce_AndTheLastFireOnlyMovesForward()
    {
        await Storage.Schedules.StartTrackingAsync("octo/repo", "nightly", T0, Ct);
        await Storage.Schedules.StartTrackingAsync("octo/repo", "nightly", T0.AddDays(1), Ct);
        await Storage.Schedules.FireAsync("octo/repo", "nightly", T0.AddHours(2), Run("nightly", dedupe: "late"), T0, Ct);
        await Storage.Schedules.FireAsync("octo/repo", "nightly", T0.AddHours(1), Run("nightly", dedupe: "early"), T0, Ct);

        (await Storage.Schedules.GetLastFireAsync("octo/repo", "nightly", Ct)).ShouldBe(T0.AddHours(2));
        (await Storage.Schedules.GetLastFireAsync("octo/repo", "never", Ct)).ShouldBeNull();
        (await Storage.Schedules.GetFiresAsync("octo/repo", "nightly", Ct)).ShouldBe([T0.AddHours(1), T0.AddHours(2)]);
    }

    [Fact]
    public async Task ApiTokens_SetReplacesANamesHash_AndAHashBelongsToOneName()
    {
        await Storage.ApiTokens.SetAsync("ci", "hash-1", T0, Ct);
        await Storage.ApiTokens.SetAsync("ci", "hash-2", T0, Ct);
        await Storage.ApiTokens.SetAsync("bot", "hash-2", T0, Ct);

        (await Storage.ApiTokens.FindAsync("hash-1", Ct)).ShouldBeNull();
        (await Storage.ApiTokens.FindAsync("hash-2", Ct)).ShouldBe("bot");
    }

    [Fact]
    public async Task CommentLinks_SetReplacesAPartsComment()
    {
        await Storage.Comments.SetAsync(5, 0, 100, Ct);
        await Storage.Comments.SetAsync(5, 1, 101, Ct);
        await Storage.Comments.SetAsync(5, 0, 200, Ct);

        (await Storage.Comments.GetAsync(5, Ct)).ShouldBe(new Dictionary<int, long> { [0] = 200, [1] = 101 });
        (await Storage.Comments.GetAsync(6, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Leases_BeatRenews_ReleaseEndsAtOnce()
    {
        await Storage.Leases.BeatAsync("server-a", "http://a", T0, Ct);
        await Storage.Leases.BeatAsync("server-b", null, T0, Ct);
        await Storage.Leases.BeatAsync("server-a", null, T0.AddSeconds(5), Ct);

        await Storage.Leases.ReleaseAsync("server-b", Ct);
        var heartbeats = await Storage.Leases.GetHeartbeatsAsync(Ct);

        heartbeats["server-a"].ShouldBe(T0.AddSeconds(5));
        heartbeats["server-b"].ShouldBe(DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Leases_AnExpiredLeaseEndedByAnotherServer_IsNeverRenewed_ALiveOneIsNotEnded()
    {
        var other = await OpenAsync();
        (await Storage.Leases.BeatAsync("server-silent", null, T0, Ct)).ShouldBeTrue();
        (await Storage.Leases.BeatAsync("server-live", null, T0.AddSeconds(20), Ct)).ShouldBeTrue();

        var endedSilent = await other.Leases.EndExpiredAsync("server-silent", T0.AddSeconds(10), Ct);
        var endedLive = await other.Leases.EndExpiredAsync("server-live", T0.AddSeconds(10), Ct);
        var silentWakesUp = await Storage.Leases.BeatAsync("server-silent", null, T0.AddSeconds(30), Ct);
        var liveRenews = await Storage.Leases.BeatAsync("server-live", null, T0.AddSeconds(30), Ct);
        await Storage.Leases.ReleaseAsync("server-live", Ct);
        var afterRelease = await Storage.Leases.BeatAsync("server-live", null, T0.AddSeconds(40), Ct);

        (endedSilent, endedLive, silentWakesUp, liveRenews, afterRelease).ShouldBe((true, false, false, true, false));
        var heartbeats = await other.Leases.GetHeartbeatsAsync(Ct);
        (heartbeats["server-silent"], heartbeats["server-live"]).ShouldBe((DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }
}
