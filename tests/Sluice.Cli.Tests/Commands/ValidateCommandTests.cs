using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-validate-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("python-lib")]
    [InlineData("lambda-monorepo")]
    [InlineData("canary-service")]
    [InlineData("sprint-rollup")]
    [InlineData("iac-orders")]
    public async Task Validate_Example_IsValidAndExitsZero(string example)
    {
        var (exit, output, _) = await CliRunner.RunAsync("validate", Path.Combine(CliRunner.Examples, example));

        output.ShouldContain("ok: ");
        exit.ShouldBe(0, output);
    }

    [Fact]
    public async Task Validate_InvalidFile_PrintsCompilerStyleLineWithCaretAndExitsOne()
    {
        var file = Path.Combine(dir, "ci.yml");
        await File.WriteAllTextAsync(file, "on: push\njobs:\n  a:\n    run: echo\n  b:\n    need: [a]\n    run: echo\n");

        var (exit, output, _) = await CliRunner.RunAsync("validate", file);

        exit.ShouldBe(1);
        output.ShouldContain(":6:5: error SL1004: unknown key `need` in job `b` (hint: did you mean `needs`?)");
        output.ShouldContain("  6 |     need: [a]\n    |     ^");
        output.ShouldContain("invalid: 1 error(s)");
    }

    [Fact]
    public async Task Validate_Json_ListsEveryDiagnosticWithPosition()
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "a.yml"), "on: push\njobs:\n  a:\n    needs: [x]\n    timeout: soon\n    run: echo\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "b.yml"), "on: push\njobs:\n  ok:\n    run: echo\n");

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir, "--json");

        exit.ShouldBe(1);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("valid").GetBoolean().ShouldBeFalse();
        doc.RootElement.GetProperty("files").GetArrayLength().ShouldBe(2);
        var diagnostics = doc.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("code").GetString()} {d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}")
            .ToList();
        diagnostics.ShouldBe(["SL1101 4:13", "SL1204 5:14"]);
    }

    [Fact]
    public async Task Validate_MissingPath_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", Path.Combine(dir, "nope"));

        exit.ShouldBe(2);
        error.ShouldContain("no such file or directory");
    }

    [Fact]
    public async Task Validate_UnknownFlag_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", "--frobnicate");

        exit.ShouldBe(2);
        error.ShouldContain("--frobnicate");
    }

    [Fact]
    public async Task Validate_SkipsReservedFiles()
    {
        var sluice = Directory.CreateDirectory(Path.Combine(dir, ".sluice")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sluice, "ci.yml"), "on: push\njobs:\n  a:\n    run: echo\n");
        await File.WriteAllTextAsync(Path.Combine(sluice, "release.yml"), "policy: conventional\n");

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir);

        exit.ShouldBe(0, output);
        output.ShouldContain("ok: 1 pipeline file(s)");
    }
}
