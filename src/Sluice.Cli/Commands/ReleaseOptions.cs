using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>Options shared by <c>sluice release</c>, <c>release verify</c> and <c>release rollup</c>.</summary>
internal sealed class ReleaseOptions
{
    public Option<string> Repo { get; } = new("--repo", "-C")
    {
        Description = "The repository checkout (git mode). Default: the current directory.",
        DefaultValueFactory = _ => ".",
        HelpName = "dir",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "A release configuration file to use instead of the repository's .sluice/release.yml.",
        HelpName = "file",
    };

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = "git (the git CLI on the checkout; default) or github (GitHub's REST API only, no git binary).",
        HelpName = "git|github",
    };

    public Option<string?> GitHub { get; } = new("--github")
    {
        Description = "GitHub mode on this repository (owner/name). Default with --mode github: $GITHUB_REPOSITORY.",
        HelpName = "owner/name",
    };

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = "GitHub API base URL (GitHub Enterprise: https://host/api/v3). Default: github.api-url, $GITHUB_API_URL, https://api.github.com.",
        HelpName = "url",
    };

    public Option<string?> TokenEnv { get; } = new("--token-env")
    {
        Description = "The environment variable holding the GitHub token. Default: github.token-env or GITHUB_TOKEN.",
        HelpName = "name",
    };

    public Option<string?> Branch { get; } = new("--branch")
    {
        Description = "The release branch. Default: `branch:` from the configuration, else the checked-out (git) or default (GitHub) branch.",
        HelpName = "name",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Print the plan (versions and why, file diffs, changelog, tag/branch/PR operations) and change nothing.",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the plan or result as JSON on stdout.",
    };

    public Option<bool> NoPush { get; } = new("--no-push")
    {
        Description = "Git mode: commit and tag locally but do not push (overrides `push:`).",
    };

    public void AddTo(Command command, bool withPush = true)
    {
        command.Options.Add(Repo);
        command.Options.Add(Config);
        command.Options.Add(Mode);
        command.Options.Add(GitHub);
        command.Options.Add(ApiUrl);
        command.Options.Add(TokenEnv);
        command.Options.Add(Branch);
        command.Options.Add(Json);
        if (withPush)
        {
            command.Options.Add(DryRun);
            command.Options.Add(NoPush);
        }
    }
}
