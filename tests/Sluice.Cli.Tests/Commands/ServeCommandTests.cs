namespace Sluice.Cli.Tests.Commands;

/// <summary><c>sluice serve --database</c>: a value it cannot use is a usage error, before anything starts.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-serve-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Serve_UnknownDatabaseScheme_IsAUsageError()
    {
        var (exit, output, error) = await CliRunner.RunAsync("serve", "--data-dir", Path.Combine(dir, "data"), "--database", "mysql://ci:hunter2@db/sluice");

        exit.ShouldBe(2, output + error);
        error.ShouldContain("--database: unknown database `mysql://`");
        error.ShouldNotContain("hunter2");
        output.ShouldNotContain("listening");
    }
}
