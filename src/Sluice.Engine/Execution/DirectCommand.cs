using System.Collections.Frozen;

namespace Sluice.Engine.Execution;

/// <summary>
/// Decides whether a step's script is one plain command that can be started without a shell: GNU make's fast path
/// (a recipe line with no shell metacharacters whose first word is not a shell builtin is exec'd directly), applied
/// to <c>bash</c> and <c>sh</c> steps. Starting bash costs more CPU than a short command itself; for such a script bash
/// would do nothing but look the program up in PATH and run it, so the engine does that instead
/// (<see cref="DirectLaunch"/>). Pure: looks at the text and the names in the environment only.
/// </summary>
internal static class DirectCommand
{
    /// <summary>Set to <c>0</c> (in the engine's environment or a pipeline, job or step <c>env</c>) to run every step through its shell.</summary>
    public const string OptOutVariable = "SLUICE_DIRECT_EXEC";

    /// <summary>
    /// bash's reserved words and builtins (bash 5.2 <c>compgen -k</c> and <c>enable -a</c>), and dash's (the same plus <c>chdir</c>): such a first word
    /// is run by the shell itself. <c>true</c> and <c>false</c> are left out: <c>/usr/bin/true</c> and <c>/usr/bin/false</c>
    /// do exactly what the builtins do.
    /// </summary>
    private static readonly FrozenSet<string> ShellWords = FrozenSet.ToFrozenSet(
    [
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function",
        "time", "coproc", ".", ":", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
        "compopt", "chdir", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "fc", "fg",
        "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd",
        "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap",
        "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Variables that make the shell do more than run the command (<c>BASH_ENV</c>, <c>ENV</c> are sourced,
    /// <c>SHELLOPTS</c>, <c>BASHOPTS</c>, <c>POSIXLY_CORRECT</c> change its options), or whose inherited value bash or
    /// dash replace or drop before the command sees them (measured with bash 5.2 and dash 0.5): with one of them in
    /// the environment the step goes through its shell, so that the command sees exactly what it would have seen.
    /// </summary>
    private static readonly FrozenSet<string> ShellVariables = FrozenSet.ToFrozenSet(
    [
        "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "POSIXLY_CORRECT", "BASH", "BASHPID", "BASH_ARGV0", "BASH_COMMAND",
        "BASH_SUBSHELL", "BASH_VERSINFO", "BASH_VERSION", "COMP_WORDBREAKS", "EPOCHREALTIME", "EPOCHSECONDS", "HISTCMD",
        "IFS", "LINENO", "OPTERR", "OPTIND", "PPID", "PS1", "PS2", "PS4", "RANDOM", "SRANDOM",
    ], StringComparer.Ordinal);

    /// <summary>
    /// The words of <paramref name="script"/> when it is one simple command that the shell would only look up and run,
    /// with nothing for the shell to expand; null otherwise (the step runs through its shell).
    /// </summary>
    /// <param name="script">The rendered script (after <c>${{ }}</c> expressions).</param>
    /// <param name="shell">The step's <c>shell:</c>; only bash (the default) and sh qualify.</param>
    /// <param name="environment">The step's full environment.</param>
    public static string[]? TryParse(string script, string? shell, IReadOnlyDictionary<string, string> environment)
    {
        if ((shell?.Trim() ?? ShellCommand.Default) is not ("bash" or "sh"))
        {
            return null;
        }

        var line = script.AsSpan();
        if (line.EndsWith("\n", StringComparison.Ordinal))
        {
            line = line[..^1];
        }

        line = line.Trim(" \t");
        if (line.IsEmpty)
        {
            return null;
        }

        foreach (var c in line)
        {
            if (!IsSafe(c) && c is not (' ' or '\t'))
            {
                return null; // Also every newline: one line only.
            }
        }

        var words = line.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var first = words[0];

        // An assignment (`A=b cmd`), a job spec (`%1` is `fg %1`), a keyword or a builtin: the shell's own business.
        // A word with a slash is never a builtin.
        if (first.Contains('=', StringComparison.Ordinal) || first.StartsWith('%')
            || (!first.Contains('/', StringComparison.Ordinal) && ShellWords.Contains(first)))
        {
            return null;
        }

        return IsPlain(environment) ? words : null;
    }

    /// <summary>No opt-out, and nothing in the environment that the shell would act on (checked last: the text rules out most scripts).</summary>
    private static bool IsPlain(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue(OptOutVariable, out var optOut) && optOut.Trim() == "0")
        {
            return false;
        }

        foreach (var name in environment.Keys)
        {
            if (ShellVariables.Contains(name) || name.StartsWith("BASH_FUNC_", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Characters that no shell expands or treats specially inside a word.</summary>
    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ',' or ':' or '+' or '=' or '@' or '%';
}
