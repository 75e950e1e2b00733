namespace Sluice.Core.Scheduling;

// STUB (contract only): to be implemented by the scheduling work.
public sealed class CronExpression
{
    private CronExpression(string text) { Text = text; }
    public string Text { get; }
    public static bool TryParse(string text, out CronExpression? cron, out string? error) => throw new NotImplementedException();
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone) => throw new NotImplementedException();
}
