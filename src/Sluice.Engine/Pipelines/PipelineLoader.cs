using Sluice.Core.Diagnostics;
using Sluice.Core.Parsing;

namespace Sluice.Engine.Pipelines;

/// <summary>
/// Finds and reads pipeline files: a folder means its <c>*.yml</c>/<c>*.yaml</c> files (a repository root
/// means its <c>.sluice/</c> folder), a file means itself. Reserved files (<c>release.yml</c>,
/// <c>environments.yml</c>) configure other features and are not pipelines; an <c>environments.yml</c> next to the
/// pipelines is parsed for its diagnostics. Problems reading files are diagnostics, not exceptions.
/// </summary>
public static class PipelineLoader
{
    public static PipelineSet Load(IEnumerable<string> paths, string? displayBase = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new List<Diagnostic>();
        var files = new List<string>();
        foreach (var path in paths)
        {
            files.AddRange(Discover(path, diagnostics));
        }

        var results = new List<PipelineFile>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var display = Display(file, displayBase);
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyDocument, DiagnosticSeverity.Error, $"cannot read the file: {ex.Message}", new SourceLocation(display, 0, 0)));
                continue;
            }

            var result = PipelineParser.Parse(display, text);
            results.Add(new PipelineFile(file, display, result));
            diagnostics.AddRange(result.Diagnostics);
        }

        ReportDuplicateNames(results, diagnostics);

        // environments.yml is not a pipeline, but it sits next to them and `sluice validate` should check it too.
        foreach (var folder in files.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            diagnostics.AddRange(Deployments.EnvironmentsLoader.Load(folder, displayBase).Diagnostics);
        }

        return new PipelineSet(results, diagnostics);
    }

    /// <summary>The default location: <c>.sluice/</c> of the repository containing <paramref name="directory"/>.</summary>
    public static string DefaultFolder(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, ".sluice");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, ".git")) || File.Exists(System.IO.Path.Combine(dir.FullName, ".git")))
            {
                break;
            }
        }

        return System.IO.Path.Combine(directory, ".sluice");
    }

    private static IEnumerable<string> Discover(string path, List<Diagnostic> diagnostics)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyDocument, DiagnosticSeverity.Error, "no such file or directory", new SourceLocation(path, 0, 0),
                "pass pipeline files or folders; by default `.sluice/` of the current repository is read"));
            return [];
        }

        var folder = Directory.Exists(System.IO.Path.Combine(path, ".sluice")) ? System.IO.Path.Combine(path, ".sluice") : path;
        var found = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !PipelineParser.ReservedFileNames.Contains(System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyDocument, DiagnosticSeverity.Error, "no pipeline files (*.yml) found", new SourceLocation(folder, 0, 0),
                "create `.sluice/ci.yml`; see docs/pipelines.md"));
        }

        return found;
    }

    private static void ReportDuplicateNames(List<PipelineFile> files, List<Diagnostic> diagnostics)
    {
        foreach (var group in files.Where(f => f.Result.Pipeline is not null).GroupBy(f => f.Result.Pipeline!.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var file in group.Skip(1))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicatePipeline, DiagnosticSeverity.Warning,
                    $"pipeline name `{group.Key}` is also used by {group.First().Result.Pipeline!.File}", new SourceLocation(file.Result.Pipeline!.File, 1, 1),
                    "give each pipeline its own `name:` so runs and statuses can be told apart"));
            }
        }
    }

    private static string Display(string file, string? displayBase)
    {
        if (displayBase is null)
        {
            return file;
        }

        var relative = System.IO.Path.GetRelativePath(displayBase, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }
}
