namespace Sluice.Core.Scheduling;

// STUB (contract only).
public static class TimeZones
{
    public static bool TryFind(string id, out TimeZoneInfo? zone) => throw new NotImplementedException();
}
