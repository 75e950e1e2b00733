namespace Sluice.Core.Scheduling;

/// <summary>
/// Maps a wall-clock time in a zone to the instant a schedule fires, with one DST rule for cron and
/// cadence alike:
/// <list type="bullet">
/// <item>A time skipped by a spring-forward gap fires once, at the first valid minute after the gap
/// (Berlin's 02:30 on the last Sunday of March fires at 03:00 CEST). This is what Vixie cron and cronie
/// do for fixed-time jobs: the job is not lost, it runs when the clock jumps.</item>
/// <item>A time repeated by a fall-back overlap fires once, at its first occurrence (the daylight-time
/// instant); the repeated hour does not fire again.</item>
/// </list>
/// </summary>
internal static class LocalTimeResolver
{
    // The longest gap on record (Samoa, 2011-12-30) is a whole day; this bounds the search for its end.
    private const int MaxGapMinutes = 2 * 24 * 60;

    /// <summary>The instant at which wall-clock time <paramref name="local"/> fires in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var after = local;
            for (var i = 0; i < MaxGapMinutes && zone.IsInvalidTime(after); i++)
            {
                after = TruncateToMinute(after).AddMinutes(1);
            }

            return AtOffset(after - zone.GetUtcOffset(after), zone);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant: the first time the wall clock shows this time.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return AtOffset(local - offset, zone);
        }

        return AtOffset(local - zone.GetUtcOffset(local), zone);
    }

    /// <summary>The wall-clock time in <paramref name="zone"/> at instant <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        // Keep a day of headroom so that a negative offset cannot step below DateTime.MinValue.
        var utc = instant.UtcDateTime.Ticks < TimeSpan.TicksPerDay ? DateTime.MinValue.AddDays(1) : instant.UtcDateTime;
        return DateTime.SpecifyKind(utc + zone.GetUtcOffset(utc), DateTimeKind.Unspecified);
    }

    public static DateTime TruncateToMinute(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMinute), value.Kind);

    /// <summary>
    /// The instant <paramref name="utc"/> shown with the zone's offset. Historic offsets with seconds
    /// (local mean time) are cut to whole minutes, which <see cref="DateTimeOffset"/> requires; the
    /// instant itself is unchanged.
    /// </summary>
    private static DateTimeOffset AtOffset(DateTime utc, TimeZoneInfo zone)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(utc);
        offset = TimeSpan.FromMinutes(Math.Truncate(offset.TotalMinutes));
        return new DateTimeOffset(DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified), offset);
    }
}
