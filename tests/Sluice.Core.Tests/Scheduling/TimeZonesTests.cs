using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

public class TimeZonesTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("America/Port-au-Prince")]
    [InlineData("Etc/GMT+5")]
    [InlineData("Asia/Kolkata")]
    public void TryFind_IanaId_FindsTheZone(string id)
    {
        TimeZones.TryFind(id, out var zone).ShouldBeTrue();
        zone!.Id.ShouldBe(id);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("utc")]
    [InlineData("Etc/UTC")]
    public void TryFind_Utc_IsTheUtcZone(string id)
    {
        TimeZones.TryFind(id, out var zone).ShouldBeTrue();
        zone.ShouldBe(TimeZoneInfo.Utc);
    }

    [Fact]
    public void TryFind_Berlin_HasCentralEuropeanRules()
    {
        TimeZones.TryFind("Europe/Berlin", out var zone).ShouldBeTrue();
        zone!.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)).ShouldBe(TimeSpan.FromHours(1));
        zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc)).ShouldBe(TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("europe/berlin")]
    [InlineData("Europe/Berlin ")]
    [InlineData("Europe/")]
    [InlineData("Europe//Berlin")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/../../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("C:\\Windows")]
    [InlineData("Europe/Berlin\0")]
    public void TryFind_UnknownOrMalformedId_ReturnsFalseWithoutThrowing(string id)
    {
        TimeZones.TryFind(id, out var zone).ShouldBeFalse();
        zone.ShouldBeNull();
    }

    [Fact]
    public void TryFind_WrongCase_IsRejectedEvenAfterTheRightSpellingWasFound()
    {
        TimeZones.TryFind("Europe/Berlin", out _).ShouldBeTrue();

        TimeZones.TryFind("europe/berlin", out var zone).ShouldBeFalse();
        zone.ShouldBeNull();
    }

    [Fact]
    public void TryFind_Null_ReturnsFalse() => TimeZones.TryFind(null!, out _).ShouldBeFalse();
}
