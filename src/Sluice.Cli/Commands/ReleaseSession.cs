using System.CommandLine;
using Sluice.Core.Releases.Config;
using Sluice.Engine.Releases;
using Sluice.Engine.Releases.Git;
using Sluice.Engine.Releases.GitHub;

namespace Sluice.Cli.Commands;

/// <summary>
/// What every release command needs before it can work: the repository (git CLI or GitHub API, from the flags) and
/// the parsed configuration. Problems here are usage problems (exit 2): bad flags, no repository, no token, an
/// invalid configuration (printed as <c>file:line:col</c> diagnostics).
/// </summary>
internal sealed class ReleaseSession : IDisposable
{
    private readonly HttpClient? http;

    private ReleaseSession(IReleaseRepository repository, ReleaseConfig config, string mode, HttpClient? http)
    {
        Repository = repository;
        Config = config;
        Mode = mode;
        this.http = http;
    }

    public IReleaseRepository Repository { get; }

    public ReleaseConfig Config { get; }

    public string Mode { get; }

    public static async Task<(ReleaseSession? Session, int ExitCode)> OpenAsync(
        ParseResult parse, ReleaseOptions options, Func<string, string?> environment, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var mode = parse.GetValue(options.Mode)?.ToLowerInvariant() ?? (parse.GetValue(options.GitHub) is not null ? "github" : "git");
        if (mode is not ("git" or "github"))
        {
            await error.WriteLineAsync($"sluice release: --mode must be git or github, not `{mode}`");
            return (null, ExitCodes.Usage);
        }

        // An explicit configuration file can name the GitHub repository, API and token variable; the repository's own
        // file cannot, since reading it through the API needs them first.
        var configPath = parse.GetValue(options.Config);
        var preset = configPath is not null && File.Exists(configPath)
            ? ReleaseConfigParser.Parse(await File.ReadAllTextAsync(configPath, cancellationToken), configPath).Config?.GitHub
            : null;
        HttpClient? http = null;
        IReleaseRepository repository;
        if (mode == "git")
        {
            repository = new GitReleaseRepository(parse.GetValue(options.Repo) ?? ".");
        }
        else
        {
            var name = parse.GetValue(options.GitHub) ?? preset?.Repository ?? environment("GITHUB_REPOSITORY");
            if (name is null || name.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                await error.WriteLineAsync("sluice release: GitHub mode needs the repository as owner/name (--github, or $GITHUB_REPOSITORY)");
                return (null, ExitCodes.Usage);
            }

            var tokenEnv = parse.GetValue(options.TokenEnv) ?? preset?.TokenEnv ?? GitHubConfig.Default.TokenEnv;
            var token = environment(tokenEnv);
            if (string.IsNullOrEmpty(token))
            {
                await error.WriteLineAsync($"sluice release: GitHub mode needs a token in ${tokenEnv} (choose the variable with --token-env)");
                return (null, ExitCodes.Usage);
            }

            var apiUrl = parse.GetValue(options.ApiUrl) ?? (preset is { ApiUrl: var configured } && configured != GitHubConfig.Default.ApiUrl ? configured : null)
                ?? environment("GITHUB_API_URL") ?? GitHubConfig.Default.ApiUrl;
            if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out _))
            {
                await error.WriteLineAsync($"sluice release: --api-url must be an absolute URL, not `{apiUrl}`");
                return (null, ExitCodes.Usage);
            }

            http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            repository = new GitHubReleaseRepository(new GitHubClient(http, apiUrl, token), name);
        }

        var loaded = await ReleaseConfigLoader.LoadAsync(repository, configPath, cancellationToken);
        if (!loaded.IsSuccess)
        {
            http?.Dispose();
            await error.WriteLineAsync($"sluice release: {loaded.Error}");
            return (null, ExitCodes.Usage);
        }

        foreach (var diagnostic in loaded.Value!.Diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString());
        }

        if (!loaded.Value.Success)
        {
            http?.Dispose();
            return (null, ExitCodes.Usage);
        }

        var config = loaded.Value.Config!;
        if (parse.GetValue(options.Branch) is { } branch)
        {
            config = config with { Branch = branch };
        }

        if (mode == "git" && config.Remote != ReleaseConfig.Default.Remote)
        {
            // The configuration names another remote; it is only known once the configuration is read.
            repository = new GitReleaseRepository(parse.GetValue(options.Repo) ?? ".", config.Remote);
        }

        return (new ReleaseSession(repository, config, mode, http), ExitCodes.Success);
    }

    public void Dispose() => http?.Dispose();
}
