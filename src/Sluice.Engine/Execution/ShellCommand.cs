namespace Sluice.Engine.Execution;

/// <summary>
/// Turns a step's <c>shell:</c> into a command line, as GitHub Actions does: the script is written to a
/// file and the file's path replaces <c>{0}</c>. Known names get the usual strict flags; anything else is a
/// command template that must contain <c>{0}</c> (<c>perl {0}</c>), or a program given the file as last argument.
/// </summary>
internal static class ShellCommand
{
    public const string Default = "bash";

    public static ShellInvocation Resolve(string? shell)
    {
        var template = (shell ?? Default).Trim() switch
        {
            "bash" => "bash --noprofile --norc -eo pipefail {0}",
            "sh" => "sh -e {0}",
            "python" or "python3" => "python3 {0}",
            "pwsh" => "pwsh -command . '{0}'",
            "node" => "node {0}",
            var custom when custom.Contains("{0}", StringComparison.Ordinal) => custom,
            var custom => custom + " {0}",
        };

        var words = template.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new ShellInvocation(words[0], words[1..], ExtensionFor(words[0]));
    }

    private static string ExtensionFor(string program) => Path.GetFileName(program) switch
    {
        "python" or "python3" => ".py",
        "pwsh" => ".ps1",
        "node" => ".js",
        _ => ".sh",
    };
}
