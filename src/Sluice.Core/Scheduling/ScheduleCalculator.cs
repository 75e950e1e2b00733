using System.Diagnostics.CodeAnalysis;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Scheduling;

/// <summary>
/// The fire times of one <c>on.schedule</c> trigger: the union of its cron expressions and its cadence,
/// all evaluated in the trigger's time zone. Used by the scheduler for the next run and by
/// <c>sluice plan</c> to list the next runs.
/// </summary>
internal sealed class ScheduleCalculator
{
    private readonly IReadOnlyList<CronExpression> crons;
    private readonly Cadence? cadence;

    private ScheduleCalculator(TimeZoneInfo zone, IReadOnlyList<CronExpression> crons, Cadence? cadence)
    {
        Zone = zone;
        this.crons = crons;
        this.cadence = cadence;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Builds the calculator, or reports every problem of the trigger in one message: invalid crons
    /// (<c>cron `0 0 * * 8`: day-of-week: 8 is out of range 0-7</c>), an unknown time zone, a bad cadence,
    /// or a schedule with nothing to fire. An empty time zone means UTC.
    /// </summary>
    public static bool TryCreate(ScheduleTrigger trigger, [NotNullWhen(true)] out ScheduleCalculator? calculator, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        calculator = null;
        var errors = new List<string>();
        var zoneId = string.IsNullOrWhiteSpace(trigger.Timezone) ? TimeZones.DefaultId : trigger.Timezone;
        if (!TimeZones.TryFind(zoneId, out var zone))
        {
            errors.Add($"unknown time zone `{zoneId}`; use an IANA id such as `UTC` or `Europe/Berlin`");
        }

        var crons = new List<CronExpression>();
        foreach (var text in trigger.Crons)
        {
            if (CronExpression.TryParse(text, out var cron, out var cronError))
            {
                crons.Add(cron);
            }
            else
            {
                errors.Add($"cron `{text}`: {cronError}");
            }
        }

        Cadence? cadence = null;
        if (trigger.Every is { } every && !Cadence.TryCreate(every.Interval, every.Start, out cadence, out var cadenceError))
        {
            errors.Add(cadenceError);
        }

        if (trigger.Crons.Count == 0 && trigger.Every is null)
        {
            errors.Add("the schedule has neither a cron expression nor an `every:` cadence, so it never fires");
        }

        if (errors.Count > 0)
        {
            error = string.Join("; ", errors);
            return false;
        }

        calculator = new ScheduleCalculator(zone!, crons, cadence);
        error = null;
        return true;
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or null if none of the sources fires again.</summary>
    public DateTimeOffset? GetNextFireTime(DateTimeOffset after) => Next(after)?.At;

    /// <summary>The next <paramref name="count"/> distinct fire times after <paramref name="after"/>, earliest first
    /// (fewer when the sources run out).</summary>
    public IReadOnlyList<ScheduledFire> GetNextFireTimes(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var fires = new List<ScheduledFire>(count);
        while (fires.Count < count && Next(after) is { } fire)
        {
            fires.Add(fire);
            after = fire.At;
        }

        return fires;
    }

    private ScheduledFire? Next(DateTimeOffset after)
    {
        DateTimeOffset? earliest = null;
        var sources = new List<string>();
        foreach (var (at, source) in Candidates(after))
        {
            if (earliest is null || at < earliest)
            {
                earliest = at;
                sources.Clear();
                sources.Add(source);
            }
            else if (at == earliest)
            {
                sources.Add(source);
            }
        }

        return earliest is { } first ? new ScheduledFire(first, sources) : null;
    }

    private IEnumerable<(DateTimeOffset At, string Source)> Candidates(DateTimeOffset after)
    {
        foreach (var cron in crons)
        {
            if (cron.GetNextOccurrence(after, Zone) is { } at)
            {
                yield return (at, cron.Text);
            }
        }

        if (cadence?.GetNextOccurrence(after, Zone) is { } next)
        {
            yield return (next, cadence.ToString());
        }
    }
}
