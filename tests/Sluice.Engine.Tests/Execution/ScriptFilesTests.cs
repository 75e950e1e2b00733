using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Execution;

public sealed class ScriptFilesTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Write_AfterReturn_ReusesTheFileAndLeavesNothingOfALongerOldScript()
    {
        var scripts = new ScriptFiles(directory.Path);
        var first = scripts.Write(".sh", "echo a much longer first script\n");
        scripts.Return(first);

        var second = scripts.Write(".sh", "true\n");

        second.ShouldBe(first);
        File.ReadAllText(second).ShouldBe("true\n");
    }

    [Fact]
    public void Write_WhileEveryFileIsInUse_UsesANewFile()
    {
        var scripts = new ScriptFiles(directory.Path);
        var first = scripts.Write(".sh", "sleep 1\n");

        var second = scripts.Write(".sh", "sleep 2\n");

        second.ShouldNotBe(first);
        File.ReadAllText(first).ShouldBe("sleep 1\n");
        File.ReadAllText(second).ShouldBe("sleep 2\n");
    }

    [Fact]
    public void Write_OtherExtension_DoesNotReuseAFileOfAnotherShell()
    {
        var scripts = new ScriptFiles(directory.Path);
        var shell = scripts.Write(".sh", "true\n");
        scripts.Return(shell);

        var python = scripts.Write(".py", "print('é')\n");

        python.ShouldEndWith(".py");
        File.ReadAllBytes(python).ShouldBe("print('é')\n"u8.ToArray());
        Directory.GetFiles(directory.Path).Length.ShouldBe(2);
    }
}
