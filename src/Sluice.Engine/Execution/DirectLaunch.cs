using System.Collections.Concurrent;
using System.Globalization;

namespace Sluice.Engine.Execution;

/// <summary>
/// Prepares a command that <see cref="DirectCommand"/> accepted to be started without its shell, exactly as the shell
/// would have started it: the program is looked up in the step's PATH as bash and dash do (the first executable that
/// is not a directory), and the environment gets what the shell adds on its way: <c>PWD</c> (kept when it names the
/// working directory, else the physical path), and for bash <c>SHLVL</c> one higher, <c>_</c> the program's path and no
/// <c>OLDPWD</c> that is not a directory. Null whenever that cannot be done exactly — no PATH, a relative PATH entry
/// before the program, the program not found, a shell that is neither bash nor dash: the step then runs through its
/// shell, which reports a missing command (exit 127) as it always did.
/// </summary>
internal static class DirectLaunch
{
    private static readonly ConcurrentDictionary<(string Shell, string SearchPath), (string Path, Flavour? Flavour)> Flavours = new();

    private enum Flavour
    {
        Bash,
        Dash,
    }

    /// <param name="words">The command's words (<see cref="DirectCommand.TryParse"/>).</param>
    /// <param name="shellProgram">The step's shell program (<c>bash</c> or <c>sh</c>), found in the same PATH to know what it is.</param>
    public static DirectSpawn? TryPrepare(IReadOnlyList<string> words, string shellProgram, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("PATH", out var searchPath))
        {
            return null; // The shell would use its own built-in default.
        }

        var flavour = FlavourOf(shellProgram, searchPath, workingDirectory);
        var program = flavour is null ? null : Find(words[0], searchPath, workingDirectory);
        var pwd = program is null ? null : Pwd(environment.TryGetValue("PWD", out var inherited) ? inherited : null, workingDirectory);
        if (program is null || pwd is null)
        {
            return null;
        }

        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["PWD"] = pwd };
        if (flavour == Flavour.Dash)
        {
            // dash drops variables whose names are not identifiers; bash passes them on.
            return environment.Keys.All(IsIdentifier) ? new DirectSpawn(Path.Combine(workingDirectory, program), words, env) : null;
        }

        var level = NextShellLevel(environment.TryGetValue("SHLVL", out var shlvl) ? shlvl : null);
        if (level is null)
        {
            return null; // bash would warn on stderr and reset it.
        }

        env["SHLVL"] = level.Value.ToString(CultureInfo.InvariantCulture);
        env["_"] = program;
        if (environment.TryGetValue("OLDPWD", out var oldPwd) && (oldPwd.Length == 0 || !Directory.Exists(Path.Combine(workingDirectory, oldPwd))))
        {
            env.Remove("OLDPWD");
        }

        return new DirectSpawn(Path.Combine(workingDirectory, program), words, env);
    }

    /// <summary>
    /// Both shells keep an inherited absolute PWD that names the working directory (the same file), as written;
    /// otherwise they set the physical path (getcwd). Null when the directory has no physical path (gone).
    /// </summary>
    private static string? Pwd(string? inherited, string workingDirectory)
    {
        if (inherited == workingDirectory && inherited.StartsWith('/'))
        {
            return inherited;
        }

        var physical = RealPath(workingDirectory);
        return inherited is not null && inherited.StartsWith('/') && physical is not null && RealPath(inherited) == physical ? inherited : physical;
    }

    /// <summary>bash's SHLVL: the inherited number plus one (0 when not a number, at least 0); null at 1000 and above, where bash warns.</summary>
    internal static long? NextShellLevel(string? inherited)
    {
        var old = long.TryParse(inherited, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : 0;
        var level = Math.Max(0, old + 1);
        return level >= 1000 ? null : level;
    }

    /// <summary>
    /// The path of the program as the shell names it (a name with a slash as written; otherwise PATH entry + "/" + name),
    /// or null. Bash and dash search relative entries against the working directory; the fast path leaves those to them.
    /// </summary>
    private static string? Find(string name, string searchPath, string workingDirectory)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(Path.Combine(workingDirectory, name)) ? name : null;
        }

        foreach (var directory in searchPath.Split(':'))
        {
            if (!directory.StartsWith('/'))
            {
                return null;
            }

            var candidate = directory.TrimEnd('/') + "/" + name;
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Which shell the step's shell program is, by the name of the file it resolves to. Remembered per (program, PATH)
    /// and checked again with one <c>access</c> call, as <see cref="SessionSpawn"/> remembers the shell it starts.
    /// </summary>
    private static Flavour? FlavourOf(string shellProgram, string searchPath, string workingDirectory)
    {
        if (Flavours.TryGetValue((shellProgram, searchPath), out var known) && Libc.Access(known.Path, Libc.XOk) == 0)
        {
            return known.Flavour;
        }

        if (Find(shellProgram, searchPath, workingDirectory) is not { } found || RealPath(Path.Combine(workingDirectory, found)) is not { } real)
        {
            return null;
        }

        Flavour? flavour = Path.GetFileName(real) switch
        {
            "bash" => Flavour.Bash,
            "dash" => Flavour.Dash,
            _ => null,
        };
        if (found.StartsWith('/'))
        {
            Flavours[(shellProgram, searchPath)] = (found, flavour);
        }

        return flavour;
    }

    /// <summary>Executable and not a directory: "path/" resolves only for a directory (or a link to one). Two system calls.</summary>
    private static bool IsExecutable(string path) => Libc.Access(path, Libc.XOk) == 0 && Libc.Access(path + "/", Libc.FOk) != 0;

    private static string? RealPath(string path)
    {
        var resolved = Libc.RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Libc.Free(resolved);
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
