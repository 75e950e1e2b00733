using System.Diagnostics.CodeAnalysis;
using System.Security;

namespace Sluice.Core.Scheduling;

/// <summary>
/// Looks up the time zone of a schedule by IANA id (<c>Europe/Berlin</c>, <c>America/New_York</c>,
/// <c>UTC</c>) through <see cref="TimeZoneInfo"/>, i.e. the tz database of the machine.
/// </summary>
public static class TimeZones
{
    /// <summary>The id a schedule uses when it names no zone.</summary>
    public const string DefaultId = "UTC";

    /// <summary>
    /// Finds the zone; false for unknown or malformed ids. Never throws. <c>UTC</c> is accepted in any
    /// case; other ids must be spelled exactly as in the tz database (<c>Europe/Berlin</c>, not <c>europe/berlin</c>). Ids are restricted to the characters
    /// IANA uses so that an id can never name a file outside the tz database.
    /// </summary>
    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase) || id == "Etc/UTC")
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        if (!IsWellFormed(id))
        {
            return false;
        }

        try
        {
            // .NET caches zones by case-insensitive id, so `europe/berlin` would be found only after
            // `Europe/Berlin` had been; demanding the exact spelling keeps the answer the same every time.
            var found = TimeZoneInfo.FindSystemTimeZoneById(id);
            zone = string.Equals(found.Id, id, StringComparison.Ordinal) ? found : null;
            return zone is not null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or SecurityException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsWellFormed(string id) =>
        id.Length <= 64
        && char.IsAsciiLetter(id[0])
        && !id.EndsWith('/')
        && !id.Contains("..", StringComparison.Ordinal)
        && !id.Contains("//", StringComparison.Ordinal)
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+');
}
