using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

public sealed class DirectCommandTests
{
    private static readonly Dictionary<string, string> Env = new() { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/root", ["SHLVL"] = "1", ["PWD"] = "/tmp", ["_"] = "/usr/bin/dotnet" };

    [Theory]
    [InlineData("true", new[] { "true" })]
    [InlineData("false", new[] { "false" })]
    [InlineData("make test", new[] { "make", "test" })]
    [InlineData("  dotnet   build\t-c Release  \n", new[] { "dotnet", "build", "-c", "Release" })]
    [InlineData("./scripts/build.sh --out=dist/app,v2 a:b +x @file 50%", new[] { "./scripts/build.sh", "--out=dist/app,v2", "a:b", "+x", "@file", "50%" })]
    [InlineData("/usr/bin/env", new[] { "/usr/bin/env" })]
    [InlineData("/usr/bin/test -d /tmp", new[] { "/usr/bin/test", "-d", "/tmp" })]
    [InlineData("ls -la", new[] { "ls", "-la" })]
    [InlineData("go_build-2.x", new[] { "go_build-2.x" })]
    public void TryParse_OneSimpleCommand_GivesItsWords(string script, string[] words)
    {
        DirectCommand.TryParse(script, null, Env).ShouldBe(words);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("\n")]
    [InlineData("cd dir")] // builtins
    [InlineData("export A=b")]
    [InlineData("echo hello")]
    [InlineData("test -d /tmp")]
    [InlineData("printf x")]
    [InlineData("kill 1")]
    [InlineData("pwd")]
    [InlineData("exec ls")]
    [InlineData("source env.sh")]
    [InlineData(". env.sh")]
    [InlineData(": nothing")]
    [InlineData("set -x")]
    [InlineData("wait")]
    [InlineData("chdir /tmp")] // dash's
    [InlineData("time make")] // keywords
    [InlineData("if x")]
    [InlineData("done")]
    [InlineData("coproc x")]
    [InlineData("a=b cmd")] // an assignment
    [InlineData("A=1")]
    [InlineData("%1")] // a job spec
    [InlineData("echo $X")] // expansions
    [InlineData("ls $HOME")]
    [InlineData("ls ${HOME}")]
    [InlineData("ls `pwd`")]
    [InlineData("ls ~")]
    [InlineData("ls *.txt")] // globs
    [InlineData("ls file?")]
    [InlineData("ls [ab]")]
    [InlineData("ls {a,b}")]
    [InlineData("ls | wc -l")] // operators
    [InlineData("make && make install")]
    [InlineData("make; make install")]
    [InlineData("make &")]
    [InlineData("make > out.txt")]
    [InlineData("make < in.txt")]
    [InlineData("(make)")]
    [InlineData("! make")]
    [InlineData("make # build it")] // a comment
    [InlineData("grep 'a b' file")] // quotes
    [InlineData("grep \"a\" file")]
    [InlineData("ls a\\ b")] // an escape
    [InlineData("make\nmake install")] // more than one line
    [InlineData("make\n\n")]
    [InlineData("make\r\n")]
    [InlineData("\nmake")]
    [InlineData("make build-é")] // non-ASCII
    public void TryParse_AnythingTheShellWouldInterpret_IsRefused(string script)
    {
        DirectCommand.TryParse(script, null, Env).ShouldBeNull();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("bash", true)]
    [InlineData(" sh ", true)]
    [InlineData("bash {0}", false)]
    [InlineData("bash -x {0}", false)]
    [InlineData("python", false)]
    [InlineData("node", false)]
    [InlineData("pwsh", false)]
    [InlineData("zsh", false)]
    public void TryParse_OnlyBashAndSh_Qualify(string? shell, bool accepted)
    {
        (DirectCommand.TryParse("make test", shell, Env) is not null).ShouldBe(accepted);
    }

    [Theory]
    [InlineData("BASH_ENV", "/etc/profile")] // would be sourced
    [InlineData("ENV", "/etc/profile")]
    [InlineData("BASH_FUNC_make%%", "() { echo no; }")] // would define a function `make`
    [InlineData("SHELLOPTS", "xtrace")]
    [InlineData("BASHOPTS", "extglob")]
    [InlineData("POSIXLY_CORRECT", "1")]
    [InlineData("IFS", ",")] // the shells reset or drop these before the command sees them
    [InlineData("PPID", "1")]
    [InlineData("OPTIND", "3")]
    [InlineData("PS1", "$ ")]
    [InlineData("RANDOM", "4")]
    [InlineData("SLUICE_DIRECT_EXEC", "0")] // the opt-out
    [InlineData("SLUICE_DIRECT_EXEC", " 0 ")]
    public void TryParse_EnvironmentTheShellActsOn_IsRefused(string name, string value)
    {
        var env = new Dictionary<string, string>(Env) { [name] = value };

        DirectCommand.TryParse("make test", null, env).ShouldBeNull();
    }

    [Theory]
    [InlineData("SLUICE_DIRECT_EXEC", "1")]
    [InlineData("SLUICE_DIRECT_EXEC", "")]
    [InlineData("OLDPWD", "/tmp")]
    [InlineData("MY_BASH_ENV", "x")]
    public void TryParse_OtherVariables_DoNotMatter(string name, string value)
    {
        var env = new Dictionary<string, string>(Env) { [name] = value };

        DirectCommand.TryParse("make test", null, env).ShouldBe(["make", "test"]);
    }
}
