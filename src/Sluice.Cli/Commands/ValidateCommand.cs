using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Core.Diagnostics;
using Sluice.Engine.Pipelines;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice validate [paths...]</c>: exit 0 valid, 1 invalid, 2 usage error (a path does not exist).</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Pipeline files or folders (default: .sluice/ of the current repository)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of compiler-style lines" };
        var command = new Command("validate", "Check pipeline files and report every problem with file:line:col") { paths, json };
        command.SetAction((result, _) =>
        {
            var output = result.InvocationConfiguration.Output;
            var given = result.GetValue(paths) ?? [];
            var missing = given.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                result.InvocationConfiguration.Error.WriteLine($"sluice validate: no such file or directory: {string.Join(", ", missing)}");
                return Task.FromResult(ExitCodes.Usage);
            }

            var cwd = Directory.GetCurrentDirectory();
            var set = PipelineLoader.Load(given.Length > 0 ? given : [PipelineLoader.DefaultFolder(cwd)], cwd);
            if (result.GetValue(json))
            {
                output.WriteLine(Json.Serialize(Report(set)));
            }
            else
            {
                PrintHuman(output, set);
            }

            return Task.FromResult(set.IsValid ? ExitCodes.Success : ExitCodes.Failure);
        });
        return command;
    }

    private static void PrintHuman(TextWriter output, PipelineSet set)
    {
        var sources = set.Files.ToDictionary(f => f.DisplayPath, f => f.Path, StringComparer.Ordinal);
        var cache = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        string[]? Lines(string display)
        {
            if (!cache.TryGetValue(display, out var lines))
            {
                lines = sources.TryGetValue(display, out var path) && File.Exists(path) ? File.ReadAllLines(path) : null;
                cache[display] = lines;
            }

            return lines;
        }

        foreach (var diagnostic in set.Diagnostics)
        {
            DiagnosticPrinter.Print(output, diagnostic, Lines);
        }

        var errors = set.Diagnostics.Count(d => d.IsError);
        var warnings = set.Diagnostics.Count - errors;
        var jobs = set.Pipelines.Sum(p => p.Jobs.Count);
        output.WriteLine(errors == 0
            ? $"ok: {set.Files.Count} pipeline file(s), {jobs} job(s) valid{(warnings > 0 ? $", {warnings} warning(s)" : "")}"
            : $"invalid: {errors} error(s), {warnings} warning(s) in {set.Files.Count} file(s)");
    }

    private static object Report(PipelineSet set) => new
    {
        Valid = set.IsValid,
        Files = set.Files.Select(f => new
        {
            Path = f.DisplayPath,
            Pipeline = f.Result.Pipeline?.Name,
            Jobs = f.Result.Pipeline?.Jobs.Count ?? 0,
            Valid = f.Result.IsValid,
        }),
        Diagnostics = set.Diagnostics.Select(ToJson),
    };

    public static object ToJson(Diagnostic d) => new
    {
        d.Code,
        Severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        d.Message,
        d.Location.File,
        d.Location.Line,
        d.Location.Column,
        d.Hint,
    };
}
