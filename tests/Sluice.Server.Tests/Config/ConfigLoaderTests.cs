using Sluice.Server.Config;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Load_FileWithEnvironmentOverrides_EnvironmentWins()
    {
        var file = Write("""
            listen: http://127.0.0.1:9000
            data-dir: data
            runs:
              max-concurrent: 3
            repos:
              - name: acme/shop
                clone-url: ../shop
                webhook-secret: from-file
                token: ${SHOP_TOKEN}
                allowed-commenters: [owner, member]
                fork-approval: true
                secrets:
                  DEPLOY_KEY: ${DEPLOY_KEY}
            """);
        var env = new Dictionary<string, string>
        {
            ["SLUICE_LISTEN"] = "http://127.0.0.1:0",
            ["SLUICE_REPO_ACME_SHOP_WEBHOOK_SECRET"] = "from-env",
            ["SHOP_TOKEN"] = "ghp_x",
            ["DEPLOY_KEY"] = "k3y",
        };

        var result = ConfigLoader.Load(file, n => env.GetValueOrDefault(n), temp.Path);

        result.Errors.ShouldBeEmpty();
        var config = result.Config!;
        config.Listen.ShouldBe("http://127.0.0.1:0");
        config.DataDir.ShouldBe(Path.Combine(temp.Path, "data"));
        config.MaxConcurrentRuns.ShouldBe(3);
        var repo = config.FindRepository("ACME/shop")!;
        repo.CloneUrl.ShouldBe(Path.GetFullPath(Path.Combine(temp.Path, "../shop")));
        repo.WebhookSecret.ShouldBe("from-env");
        repo.Token.ShouldBe("ghp_x");
        repo.AllowedCommenters.ShouldBe(["OWNER", "MEMBER"]);
        repo.RequireForkApproval.ShouldBeTrue();
        repo.Secrets["DEPLOY_KEY"].ShouldBe("k3y");
        config.ToString().ShouldNotContain("from-env");
        repo.ToString().ShouldNotContain("ghp_x");
    }

    [Fact]
    public void Load_DatabaseAndSharedDir_FromFileOrEnvironment_PasswordNeverPrinted()
    {
        var file = Write("""
            database: postgres://sluice:hunter2@db.internal:5433/sluice
            shared-dir: shared
            heartbeat-interval: 2s
            heartbeat-timeout: 20s
            """);
        var env = new Dictionary<string, string> { ["SLUICE_DATABASE"] = "history.db" };

        var fromFile = ConfigLoader.Load(file, _ => null, temp.Path).Config!;
        var fromEnv = ConfigLoader.Load(file, n => env.GetValueOrDefault(n), temp.Path).Config!;
        var none = ConfigLoader.Load(null, _ => null, temp.Path).Config!;

        fromFile.Database.ShouldNotBeNull().Kind.ShouldBe(Sluice.Engine.Storage.RunStoreKind.Postgres);
        fromFile.Database.Target.ShouldContain("Host=db.internal");
        (fromFile.SharedDir, fromFile.HeartbeatInterval, fromFile.HeartbeatTimeout).ShouldBe((Path.Combine(temp.Path, "shared"), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20)));
        fromFile.ToString().ShouldContain("db.internal");
        fromFile.ToString().ShouldNotContain("hunter2");
        fromEnv.Database.ShouldBe(new Sluice.Engine.Storage.RunStoreLocation(Sluice.Engine.Storage.RunStoreKind.Sqlite, Path.Combine(temp.Path, "history.db"), Path.Combine(temp.Path, "history.db")));
        (none.Database, none.SharedDir, none.HeartbeatInterval, none.HeartbeatTimeout).ShouldBe((null, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Load_BadDatabaseOrHeartbeat_IsReported()
    {
        var file = Write("""
            database: mysql://db/sluice
            heartbeat-interval: 10s
            heartbeat-timeout: 5s
            """);

        var result = ConfigLoader.Load(file, _ => null, temp.Path);

        result.Config.ShouldBeNull();
        result.Errors.ShouldContain(e => e.StartsWith("database: unknown database `mysql://`", StringComparison.Ordinal));
        result.Errors.ShouldContain("heartbeat-timeout must be longer than heartbeat-interval");
    }

    [Fact]
    public void Load_Problems_AreAllReported()
    {
        var file = Write("""
            runs:
              max-concurrent: lots
            repos:
              - name: not-a-repo
              - name: acme/api
            """);

        var result = ConfigLoader.Load(file, _ => null, temp.Path);

        result.Ok.ShouldBeFalse();
        result.Errors.ShouldContain("`max-concurrent` must be a whole number");
        result.Errors.ShouldContain(e => e.Contains("`owner/name`, found `not-a-repo`"));
        result.Errors.ShouldContain(e => e.Contains("`acme/api` has no webhook-secret"));
    }

    [Fact]
    public void Load_BrokenYaml_ReportsThePosition() =>
        ConfigLoader.Load(Write("repos: [unclosed"), _ => null, temp.Path).Errors.Single().ShouldContain("sluice.yml:");

    private string Write(string text)
    {
        var file = Path.Combine(temp.Path, "sluice.yml");
        File.WriteAllText(file, text);
        return file;
    }
}
