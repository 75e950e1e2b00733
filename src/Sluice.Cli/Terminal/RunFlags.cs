using System.CommandLine;
using Sluice.Core.Time;
using Sluice.Engine.Runs;
using Sluice.Engine.Secrets;
using Sluice.Engine.State;

namespace Sluice.Cli.Terminal;

/// <summary>The flags <c>sluice run</c> and <c>sluice rerun</c> share, and turning them into engine options.</summary>
internal sealed class RunFlags
{
    public Option<string[]> Secret { get; } = new("--secret") { Description = "A secret NAME=VALUE (repeatable); only jobs that declare it receive it" };

    public Option<string?> SecretsFile { get; } = new("--secrets-file") { Description = "Read secrets from a .env file (NAME=VALUE lines)" };

    public Option<int?> Parallel { get; } = new("-j", "--parallel") { Description = "Run at most N jobs at once (default: number of cores)" };

    public Option<bool> Isolated { get; } = new("--isolated") { Description = "Run on a clean checkout of the commit (git worktree in a temp dir) instead of the working tree" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON event per line instead of the console view" };

    public Option<string?> Directory { get; } = new("-C") { Description = "Run as if started in this directory" };

    public Option<string?> StateDir { get; } = new("--state-dir") { Description = "Where Sluice keeps its state (default: $SLUICE_STATE_DIR, else <git common dir>/sluice, else ./.sluice-state)" };

    public Option<string?> KillGrace { get; } = new("--kill-grace") { Description = "Time between SIGTERM and SIGKILL when a step is stopped (default 10s)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Secret, SecretsFile, Parallel, Isolated, Json, Directory, StateDir, KillGrace })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The directory to run in, or null (with a message) when it does not exist.</summary>
    public string? WorkingDirectory(ParseResult result, out string? problem)
    {
        var cwd = Path.GetFullPath(result.GetValue(Directory) ?? System.IO.Directory.GetCurrentDirectory());
        problem = System.IO.Directory.Exists(cwd) ? null : $"no such directory: {cwd}";
        return problem is null ? cwd : null;
    }

    /// <summary>Secrets from <c>--secrets-file</c> then <c>--secret</c> (which wins); problems never quote a value.</summary>
    public (IReadOnlyDictionary<string, string> Secrets, string? Problem) ReadSecrets(ParseResult result, string cwd)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.GetValue(SecretsFile) is { } file)
        {
            var path = Path.GetFullPath(file, cwd);
            if (!File.Exists(path))
            {
                return (secrets, $"--secrets-file: no such file: {path}");
            }

            var parsed = DotEnvParser.Parse(File.ReadAllText(path));
            if (parsed.Errors.Count > 0)
            {
                return (secrets, $"--secrets-file {file}: {string.Join("; ", parsed.Errors)}");
            }

            foreach (var (name, value) in parsed.Values)
            {
                secrets[name] = value;
            }
        }

        foreach (var pair in result.GetValue(Secret) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !SecretNames.IsValid(pair[..eq]))
            {
                return (secrets, "--secret must look like NAME=VALUE with NAME made of letters, digits and _");
            }

            secrets[pair[..eq]] = pair[(eq + 1)..];
        }

        return (secrets, null);
    }

    public (RunOptions? Options, StateDirectory State, string? Problem) Options(ParseResult result, string cwd, string? revision)
    {
        var state = StateDirectory.Resolve(result.GetValue(StateDir), Environment.GetEnvironmentVariable, cwd);
        var grace = RunOptions.DefaultKillGrace;
        if (result.GetValue(KillGrace) is { } graceText && !Duration.TryParse(graceText, out grace, out var error))
        {
            return (null, state, $"--kill-grace: {error}");
        }

        var parallel = result.GetValue(Parallel) ?? Environment.ProcessorCount;
        if (parallel < 1)
        {
            return (null, state, "-j must be at least 1");
        }

        var repository = GitDirectories.FindCommonDirectory(cwd) is { } common ? Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(common)) ?? cwd : cwd;
        var directExec = RunOptions.DirectExecFrom(Environment.GetEnvironmentVariable(Sluice.Engine.Execution.DirectCommand.OptOutVariable));
        return (new RunOptions(parallel, state, ProcessLiveness.CurrentOwner(), grace, result.GetValue(Isolated), revision, repository, DirectExec: directExec), state, null);
    }

}
