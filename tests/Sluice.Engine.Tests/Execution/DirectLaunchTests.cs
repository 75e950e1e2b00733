using System.Runtime.Versioning;
using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

[SupportedOSPlatform("linux")] // Steps run on Linux only.
public sealed class DirectLaunchTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sluice-direct-").FullName;

    public DirectLaunchTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "work"));
        Directory.CreateDirectory(Path.Combine(root, "a"));
        Directory.CreateDirectory(Path.Combine(root, "b"));
    }

    private string Work => Path.Combine(root, "work");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void TryPrepare_ProgramInPath_IsTheFirstExecutableAndNamedInUnderscoreAsBashNamesIt()
    {
        File.WriteAllText(Path.Combine(root, "a", "tool"), "#!/bin/sh\n"); // not executable: bash passes it by
        Directory.CreateDirectory(Path.Combine(root, "a", "other")); // a directory: too
        Executable(Path.Combine(root, "b", "tool"));
        Executable(Path.Combine(root, "b", "other"));

        var tool = DirectLaunch.TryPrepare(["tool", "x"], "bash", Work, Env($"{root}/a:{root}/b/:/usr/bin:/bin"))!;
        var other = DirectLaunch.TryPrepare(["other"], "bash", Work, Env($"{root}/a:{root}/b:/usr/bin:/bin"))!;

        tool.Executable.ShouldBe($"{root}/b/tool");
        tool.Argv.ShouldBe(["tool", "x"]);
        tool.Environment["_"].ShouldBe($"{root}/b/tool"); // the entry's trailing slash is not doubled
        other.Executable.ShouldBe($"{root}/b/other");
    }

    [Fact]
    public void TryPrepare_NameWithASlash_IsTakenFromTheWorkingDirectoryAndNamedAsWritten()
    {
        Executable(Path.Combine(Work, "build.sh"));

        var spawn = DirectLaunch.TryPrepare(["./build.sh"], "bash", Work, Env("/usr/bin:/bin"))!;

        spawn.Executable.ShouldBe(Path.Combine(Work, "./build.sh"));
        spawn.Environment["_"].ShouldBe("./build.sh");
    }

    [Theory]
    [InlineData("no-such-program-5e1f")] // bash reports it (exit 127)
    [InlineData("./missing.sh")]
    [InlineData("./data.txt")] // not executable
    [InlineData("./sub")] // a directory
    public void TryPrepare_NothingToExecute_LeavesTheStepToTheShell(string program)
    {
        File.WriteAllText(Path.Combine(Work, "data.txt"), "x");
        Directory.CreateDirectory(Path.Combine(Work, "sub"));

        DirectLaunch.TryPrepare([program], "bash", Work, Env("/usr/bin:/bin")).ShouldBeNull();
    }

    [Theory]
    [InlineData("bin:/usr/bin")]
    [InlineData(":/usr/bin")]
    [InlineData("~/bin:/usr/bin")]
    public void TryPrepare_RelativePathEntryBeforeTheProgram_LeavesTheStepToTheShell(string searchPath)
    {
        DirectLaunch.TryPrepare(["env"], "bash", Work, Env(searchPath)).ShouldBeNull();
    }

    [Fact]
    public void TryPrepare_RelativePathEntryAfterTheProgram_DoesNotMatter()
    {
        DirectLaunch.TryPrepare(["env"], "bash", Work, Env("/usr/bin:bin:")).ShouldNotBeNull();
    }

    [Fact]
    public void TryPrepare_NoPath_LeavesTheStepToTheShell()
    {
        DirectLaunch.TryPrepare(["/usr/bin/env"], "bash", Work, new Dictionary<string, string> { ["HOME"] = "/root" }).ShouldBeNull();
    }

    [Fact]
    public void TryPrepare_Bash_RaisesShlvlAndSetsPwdAsBashDoes()
    {
        var env = Env("/usr/bin:/bin");
        env["SHLVL"] = "2";
        env["PWD"] = "/"; // the engine's directory, not the step's
        env["OLDPWD"] = "/no/such/dir";

        var spawn = DirectLaunch.TryPrepare(["env"], "bash", Work, env)!;

        spawn.Environment["SHLVL"].ShouldBe("3");
        spawn.Environment["PWD"].ShouldBe(Work);
        spawn.Environment["_"].ShouldBe("/usr/bin/env");
        spawn.Environment.ContainsKey("OLDPWD").ShouldBeFalse(); // bash drops an OLDPWD that is not a directory
        spawn.Environment["HOME"].ShouldBe("/root");
        env["SHLVL"].ShouldBe("2"); // the step's environment is not changed
    }

    [Fact]
    public void TryPrepare_PwdNamingTheWorkingDirectoryThroughALink_IsKeptAsWritten()
    {
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, Work);
        var env = Env("/usr/bin:/bin");
        env["PWD"] = link + "/.";
        env["OLDPWD"] = root;

        var throughLink = DirectLaunch.TryPrepare(["env"], "bash", link, env)!;
        var physical = DirectLaunch.TryPrepare(["env"], "bash", link, Env("/usr/bin:/bin"))!;

        throughLink.Environment["PWD"].ShouldBe(link + "/.");
        throughLink.Environment["OLDPWD"].ShouldBe(root);
        physical.Environment["PWD"].ShouldBe(Work); // getcwd(): the physical path
    }

    [Fact]
    public void TryPrepare_ShellTooDeep_LeavesTheStepToBashWhichWarns()
    {
        var env = Env("/usr/bin:/bin");
        env["SHLVL"] = "999";

        DirectLaunch.TryPrepare(["env"], "bash", Work, env).ShouldBeNull();
    }

    [Fact]
    public void TryPrepare_ShIsDash_SetsOnlyPwdAndRefusesNamesDashDrops()
    {
        if (Path.GetFileName(new FileInfo("/usr/bin/sh").ResolveLinkTarget(returnFinalTarget: true)?.FullName) != "dash")
        {
            throw new InvalidOperationException("these machines have dash as sh");
        }

        var env = Env("/usr/bin:/bin");
        env["SHLVL"] = "2";

        var spawn = DirectLaunch.TryPrepare(["env"], "sh", Work, env)!;
        env["A.B"] = "x";

        spawn.Environment["SHLVL"].ShouldBe("2");
        spawn.Environment.ContainsKey("_").ShouldBeFalse();
        spawn.Environment["PWD"].ShouldBe(Work);
        DirectLaunch.TryPrepare(["env"], "sh", Work, env).ShouldBeNull();
        DirectLaunch.TryPrepare(["env"], "bash", Work, env)!.Environment["A.B"].ShouldBe("x"); // bash passes it on
    }

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("", 1L)]
    [InlineData("3", 4L)]
    [InlineData(" 7 ", 8L)]
    [InlineData("-5", 0L)]
    [InlineData("x", 1L)]
    [InlineData("99999999999999999999999", 1L)]
    [InlineData("998", 999L)]
    [InlineData("999", null)]
    public void NextShellLevel_IsWhatBashExports(string? inherited, long? expected)
    {
        DirectLaunch.NextShellLevel(inherited).ShouldBe(expected);
    }

    private static Dictionary<string, string> Env(string searchPath) => new(StringComparer.Ordinal) { ["PATH"] = searchPath, ["HOME"] = "/root" };

    private static void Executable(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
