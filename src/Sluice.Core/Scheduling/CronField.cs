namespace Sluice.Core.Scheduling;

/// <summary>
/// The shape of one of the five cron fields: its name in error messages, its numeric range and, for
/// month and day-of-week, the three-letter names accepted in place of numbers.
/// </summary>
internal sealed class CronField
{
    public static readonly CronField Minute = new("minute", 0, 59, null, 0);
    public static readonly CronField Hour = new("hour", 0, 23, null, 0);
    public static readonly CronField DayOfMonth = new("day-of-month", 1, 31, null, 0);
    public static readonly CronField Month = new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1);

    /// <summary>0-7 where both 0 and 7 are Sunday (7 is folded onto 0 after parsing).</summary>
    public static readonly CronField DayOfWeek = new("day-of-week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 0);

    public static readonly IReadOnlyList<CronField> All = [Minute, Hour, DayOfMonth, Month, DayOfWeek];

    private CronField(string name, int min, int max, string[]? names, int firstNameValue)
    {
        Name = name;
        Min = min;
        Max = max;
        Names = names;
        FirstNameValue = firstNameValue;
    }

    public string Name { get; }

    public int Min { get; }

    public int Max { get; }

    /// <summary>Names in value order; <c>Names[i]</c> stands for <c>FirstNameValue + i</c>.</summary>
    public IReadOnlyList<string>? Names { get; }

    public int FirstNameValue { get; }

    /// <summary>What may be written for one value, e.g. <c>1-12 or JAN-DEC</c>.</summary>
    public string Allowed => Names is null ? $"{Min}-{Max}" : $"{Min}-{Max} or {Names[0]}-{Names[^1]}";

    /// <summary>Resolves a number or (case-insensitive) name; a name is matched only in fields that have names.</summary>
    public bool TryResolveName(string token, out int value)
    {
        value = 0;
        if (Names is null)
        {
            return false;
        }

        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], token, StringComparison.OrdinalIgnoreCase))
            {
                value = FirstNameValue + i;
                return true;
            }
        }

        return false;
    }
}
