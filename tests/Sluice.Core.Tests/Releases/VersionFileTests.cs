using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Core.Tests.Releases;

public class VersionFileTests
{
    private static readonly SemVersion Rc = SemVersion.Parse("1.3.0-rc.1");
    private static readonly SemVersion V130 = SemVersion.Parse("1.3.0");

    private static VersionFileEdit Rewrite(IVersionFileFormat format, string content, SemVersion version, string path = "f") =>
        VersionFileEditor.Rewrite(new VersionFileSpec(path, format, true), content, version);

    [Fact]
    public void Python_UsesPep440_AndKeepsQuotesAndComments()
    {
        var edit = Rewrite(VersionFileFormats.Python, "\"\"\"Pkg.\"\"\"\n\n__version__: str = '1.2.0'  # bumped by sluice\nVERSION_INFO = (1, 2)\n", Rc);

        edit.Status.ShouldBe(VersionFileStatus.Changed);
        edit.OldValue.ShouldBe("1.2.0");
        edit.After.ShouldBe("\"\"\"Pkg.\"\"\"\n\n__version__: str = '1.3.0rc1'  # bumped by sluice\nVERSION_INFO = (1, 2)\n");
    }

    [Fact]
    public void Pyproject_RewritesProjectTableOnly()
    {
        var text = "[tool.other]\nversion = \"9.9.9\"\n\n[project]\nname = \"app\"\nversion = \"1.2.0\" # keep\n\n[tool.x]\nversion = \"0\"\n";

        Rewrite(VersionFileFormats.Pyproject, text, Rc).After.ShouldBe(text.Replace("\"1.2.0\" # keep", "\"1.3.0rc1\" # keep", StringComparison.Ordinal));
    }

    [Fact]
    public void Pyproject_DynamicVersion_IsLeftAlone()
    {
        var edit = Rewrite(VersionFileFormats.Pyproject, "[project]\nname = \"app\"\ndynamic = [\n  \"readme\",\n  \"version\",\n]\n", V130);

        edit.Status.ShouldBe(VersionFileStatus.Skipped);
        edit.Note.ShouldBe("[project].version is dynamic");
        edit.After.ShouldBeNull();
    }

    [Fact]
    public void PackageJson_TopLevelOnly_PreservingLayout()
    {
        var text = "{\n  \"name\": \"ü-app\",\n  \"config\": { \"version\": \"0.0.1\" },\n  \"version\" :  \"1.2.0\",\n  \"private\": true\n}\n";

        var edit = Rewrite(VersionFileFormats.PackageJson, text, Rc);

        edit.After.ShouldBe(text.Replace("\"1.2.0\"", "\"1.3.0-rc.1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void PackageJson_NoTopLevelVersion_NoVersion() =>
        Rewrite(VersionFileFormats.PackageJson, "{\"deps\": {\"version\": \"1.0.0\"}}", V130).Status.ShouldBe(VersionFileStatus.NoVersion);

    [Fact]
    public void MsBuild_RewritesFirstVersionElement()
    {
        var text = "<Project>\n  <PropertyGroup>\n    <Version>1.2.0</Version>\n    <FileVersion>1.2.0.0</FileVersion>\n  </PropertyGroup>\n</Project>\n";

        Rewrite(VersionFileFormats.MsBuild, text, Rc).After.ShouldBe(text.Replace("<Version>1.2.0</Version>", "<Version>1.3.0-rc.1</Version>", StringComparison.Ordinal));
    }

    [Fact]
    public void MsBuild_ComputedVersion_IsLeftAlone() =>
        Rewrite(VersionFileFormats.MsBuild, "<Version>$(VersionPrefix)-ci</Version>", V130).Status.ShouldBe(VersionFileStatus.Skipped);

    [Fact]
    public void Cargo_RewritesPackageTable_NotDependencies()
    {
        var text = "[package]\nname = \"app\"\nversion = \"1.2.0\"\n\n[dependencies]\nserde = { version = \"1.0\" }\n";

        Rewrite(VersionFileFormats.Cargo, text, V130).After.ShouldBe(text.Replace("version = \"1.2.0\"", "version = \"1.3.0\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Cargo_WorkspaceInherited_IsLeftAlone() =>
        Rewrite(VersionFileFormats.Cargo, "[package]\nname = \"a\"\nversion.workspace = true\n", V130).Status.ShouldBe(VersionFileStatus.Skipped);

    [Fact]
    public void Cargo_WorkspaceRoot_RewritesWorkspacePackage() =>
        Rewrite(VersionFileFormats.Cargo, "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"1.2.0\"\n", V130).After!.ShouldContain("version = \"1.3.0\"");

    [Fact]
    public void Plain_KeepsTrailingNewline() => Rewrite(VersionFileFormats.Plain, "1.2.0\n", Rc).After.ShouldBe("1.3.0-rc.1\n");

    [Fact]
    public void Regex_ReplacesNamedGroup()
    {
        RegexVersionFormat.TryCreate(@"^appVersion: ""(?<version>[^""]+)""", pep440: false, out var format, out _).ShouldBeTrue();

        Rewrite(format!, "name: chart\nappVersion: \"1.2.0\"\nversion: 0.1.0\n", V130).After.ShouldBe("name: chart\nappVersion: \"1.3.0\"\nversion: 0.1.0\n");
    }

    [Fact]
    public void Regex_WithoutGroup_IsRejected() => RegexVersionFormat.TryCreate("version", false, out _, out var error).ShouldBeFalse(error);

    [Fact]
    public void Rewrite_SameVersion_IsUnchanged() => Rewrite(VersionFileFormats.Plain, "1.3.0\n", V130).Status.ShouldBe(VersionFileStatus.Unchanged);

    [Fact]
    public void Rewrite_MissingFile_IsMissing() =>
        VersionFileEditor.Rewrite(new VersionFileSpec("VERSION", VersionFileFormats.Plain, true), null, V130).IsProblem.ShouldBeTrue();

    [Fact]
    public void ForPath_InfersFormatsByName()
    {
        VersionFileFormats.ForPath("src/app/__init__.py").ShouldBe(VersionFileFormats.Python);
        VersionFileFormats.ForPath("web/package.json").ShouldBe(VersionFileFormats.PackageJson);
        VersionFileFormats.ForPath("Directory.Build.props").ShouldBe(VersionFileFormats.MsBuild);
        VersionFileFormats.ForPath("chart/Chart.yaml").ShouldBeNull();
    }

    [Fact]
    public void Discovery_FindsCandidatesUnderRoot_SkippingTests()
    {
        string[] files =
        [
            "VERSION", "pyproject.toml", "src/app/__init__.py", "src/app/deep/a/b/__init__.py", "tests/fixtures/__init__.py",
            "src/App/App.csproj", "web/package.json", "README.md", "services/api/package.json",
        ];

        VersionFileDiscovery.Candidates(files, null).Select(c => c.Path).ShouldBe(["VERSION", "pyproject.toml", "src/App/App.csproj", "src/app/__init__.py"]);
        VersionFileDiscovery.Candidates(files, "services/api").Select(c => c.Path).ShouldBe(["services/api/package.json"]);
    }

    [Fact]
    public void TextDiff_ShowsOneHunkWithContext()
    {
        var diff = TextDiff.Unified("package.json", "{\n  \"name\": \"a\",\n  \"version\": \"1.0.0\",\n  \"x\": 1\n}\n", "{\n  \"name\": \"a\",\n  \"version\": \"1.1.0\",\n  \"x\": 1\n}\n");

        diff.ShouldBe("--- a/package.json\n+++ b/package.json\n@@ -2,3 +2,3 @@\n   \"name\": \"a\",\n-  \"version\": \"1.0.0\",\n+  \"version\": \"1.1.0\",\n   \"x\": 1\n");
    }

    [Fact]
    public void TextDiff_NewFile_FromDevNull() => TextDiff.Unified("VERSION", null, "1.0.0\n").ShouldBe("--- /dev/null\n+++ b/VERSION\n@@ -1,0 +1,1 @@\n+1.0.0\n");
}
