using Sluice.Server.Auth;
using Sluice.Server.Dashboard;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>Password hashes, the users file and session cookies on their own.</summary>
public sealed class AuthPartsTests
{
    [Fact]
    public void PasswordHash_VerifiesTheRightPasswordOnly()
    {
        var hash = PasswordHash.Create("hunter2", 1000);
        hash.ShouldStartWith("pbkdf2-sha256$1000$");
        PasswordHash.Verify("hunter2", hash).ShouldBeTrue();
        PasswordHash.Verify("hunter3", hash).ShouldBeFalse();
        PasswordHash.Create("hunter2", 1000).ShouldNotBe(hash, "each hash has its own salt");
    }

    [Fact]
    public void PasswordHash_AcceptsTheDocumentedPythonFormat()
    {
        // python3: base64(hashlib.pbkdf2_hmac('sha256', b'hunter2', b'0123456789abcdef', 1000))
        var python = "pbkdf2-sha256$1000$" + Convert.ToBase64String("0123456789abcdef"u8.ToArray()) + "$pj4T35D2v4tYmC1sTJ1y5tcMADOdtnQGvuHmyYDQh2g=";
        PasswordHash.Verify("hunter2", python).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-password")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAAAAAAAAAAAAAAAAAAAA==")]
    public void PasswordHash_Malformed_NeverVerifies(string encoded)
    {
        PasswordHash.IsWellFormed(encoded).ShouldBeFalse();
        PasswordHash.Verify("", encoded).ShouldBeFalse();
    }

    [Fact]
    public void UsersFile_ReportsBadLinesAndKeepsGoodOnes()
    {
        var good = PasswordHash.Create("x", 1000);
        var (users, problems) = UsersFile.Parse(
        [
            "# comment",
            "",
            $"alice operator {good}",
            $"bob admin {good}",
            "carol viewer plaintext",
            $"alice viewer {good}",
            $"d@ve viewer {good} extra",
            $"bad/name viewer {good}",
        ]);
        users.Keys.ShouldBe(["alice"]);
        users["alice"].Role.ShouldBe(DashboardRole.Operator);
        problems.ShouldBe(
        [
            "line 4: role must be viewer or operator, found `admin`",
            "line 5: the hash must look like pbkdf2-sha256$ITERATIONS$SALT$HASH",
            "line 6: `alice` is listed twice",
            "line 7: expected `NAME ROLE HASH`",
            "line 8: `bad/name` is not a user name (letters, digits, . _ @ -)",
        ]);
    }

    [Fact]
    public void SessionCookie_ExpiresAfterItsLifetime_AndOnlyThisKeyReadsIt()
    {
        using var temp = new TempDirectory();
        var time = new FakeTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cookies = SessionCookies.Open(temp.Path, time);
        var value = cookies.Issue(new DashboardPrincipal("alice", DashboardRole.Viewer, "password"));
        cookies.Read(value).ShouldBe(new DashboardPrincipal("alice", DashboardRole.Viewer, "password"));
        SessionCookies.Open(temp.Path, time).Read(value).ShouldNotBeNull("the key is kept in the data directory across restarts");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(temp.Path, SessionCookies.KeyFileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var other = new TempDirectory();
        SessionCookies.Open(other.Path, time).Read(value).ShouldBeNull();
        cookies.Read(value[..^2] + "AA").ShouldBeNull();
        cookies.Read("garbage").ShouldBeNull();

        time.Now += SessionCookies.Lifetime + TimeSpan.FromSeconds(1);
        cookies.Read(value).ShouldBeNull();
    }

    [Fact]
    public void AntiForgery_IsBoundToTheSession()
    {
        using var temp = new TempDirectory();
        var cookies = SessionCookies.Open(temp.Path, TimeProvider.System);
        var a = cookies.Issue(new DashboardPrincipal("a", DashboardRole.Operator, "token"));
        var b = cookies.Issue(new DashboardPrincipal("a", DashboardRole.Operator, "token"));
        cookies.CheckAntiForgery(a, cookies.AntiForgery(a)).ShouldBeTrue();
        cookies.CheckAntiForgery(b, cookies.AntiForgery(a)).ShouldBeFalse();
        cookies.CheckAntiForgery(a, null).ShouldBeFalse();
    }

    [Fact]
    public void Html_EncodesEveryHoleButRawMarkup()
    {
        var html = new Html().Add($"<a title=\"{"\"><script>"}\">{new HtmlRaw("<b>ok</b>")} {42L} {1.5:0.0}</a>").ToString();
        html.ShouldBe("<a title=\"&quot;&gt;&lt;script&gt;\"><b>ok</b> 42 1.5</a>");
    }
}
