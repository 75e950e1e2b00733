using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Tests.Releases;

public class SemVersionTests
{
    [Theory]
    [InlineData("1.2.3", 1, 2, 3, "")]
    [InlineData("0.1.0-rc.1", 0, 1, 0, "rc.1")]
    [InlineData("10.20.30-alpha.beta.1+build.7", 10, 20, 30, "alpha.beta.1")]
    public void Parse_ValidVersions_ReadsParts(string text, int major, int minor, int patch, string pre)
    {
        var v = SemVersion.Parse(text);

        (v.Major, v.Minor, v.Patch).ShouldBe((major, minor, patch));
        string.Join('.', v.Prerelease).ShouldBe(pre);
        v.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("v1.2.3")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-rc..1")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3.4")]
    public void TryParse_InvalidVersions_Fails(string text) => SemVersion.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void CompareTo_FollowsSpecPrecedence()
    {
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"];
        var shuffled = ordered.Reverse().Select(SemVersion.Parse).ToList();

        shuffled.Sort();

        shuffled.Select(v => v.ToString()).ShouldBe(ordered);
    }

    [Fact]
    public void CompareTo_IgnoresBuildMetadata() => SemVersion.Parse("1.0.0+a").CompareTo(SemVersion.Parse("1.0.0+b")).ShouldBe(0);

    [Theory]
    [InlineData("1.2.3", "Major", "2.0.0")]
    [InlineData("1.2.3", "Minor", "1.3.0")]
    [InlineData("1.2.3", "Patch", "1.2.4")]
    [InlineData("1.3.0-rc.2", "None", "1.3.0")]
    public void Bump_ResetsLowerParts(string from, string bump, string expected) => SemVersion.Parse(from).Bump(Enum.Parse<BumpKind>(bump)).ToString().ShouldBe(expected);

    [Fact]
    public void PrereleaseParts_ExposeLabelAndNumber()
    {
        var v = SemVersion.Parse("1.3.0-rc.12");

        v.PrereleaseLabel.ShouldBe("rc");
        v.PrereleaseNumber.ShouldBe(12);
        v.Core.ToString().ShouldBe("1.3.0");
    }

    [Theory]
    [InlineData("1.3.0-rc.1", "1.3.0rc1")]
    [InlineData("1.3.0-alpha.2", "1.3.0a2")]
    [InlineData("1.3.0-beta.3", "1.3.0b3")]
    [InlineData("2.0.0-dev.4", "2.0.0.dev4")]
    [InlineData("2.0.0-nightly.5", "2.0.0.dev5")]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0.0+build.5", "1.0.0+build.5")]
    public void Pep440_Format_UsesPythonSpelling(string semver, string pep440) => Pep440.Format(SemVersion.Parse(semver)).ShouldBe(pep440);

    [Theory]
    [InlineData("v{version}", "v1.2.3", "1.2.3")]
    [InlineData("v{version}", "v1.3.0-rc.1", "1.3.0-rc.1")]
    [InlineData("release-{version}-final", "release-2.0.0-final", "2.0.0")]
    public void TagTemplate_Match_ExtractsVersion(string template, string tag, string version) =>
        TagTemplate.Create(template).Match(tag)!.ToString().ShouldBe(version);

    [Theory]
    [InlineData("v{version}", "1.2.3")]
    [InlineData("v{version}", "api-v1.2.3")]
    [InlineData("v{version}", "vnext")]
    [InlineData("{name}-v{version}", "web-v1.0.0")]
    public void TagTemplate_Match_RejectsOtherTags(string template, string tag) => TagTemplate.Create(template, "api").Match(tag).ShouldBeNull();

    [Fact]
    public void TagTemplate_PackageName_IsSubstituted() => TagTemplate.Create("{name}-v{version}", "api").Format(SemVersion.Parse("1.2.3")).ShouldBe("api-v1.2.3");

    [Theory]
    [InlineData("v", null)]
    [InlineData("{version}-{version}", null)]
    [InlineData("{name}-{version}", null)]
    public void TagTemplate_TryCreate_RejectsBadTemplates(string template, string? package) =>
        TagTemplate.TryCreate(template, package, out _, out var error).ShouldBeFalse(error);
}
