using Sluice.Core.Deployments;
using Sluice.Core.Diagnostics;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Reads <c>environments.yml</c> (or <c>.yaml</c>) from a pipeline folder. No file means no rules
/// (<see cref="EnvironmentsConfig.None"/>); a file that cannot be read or parsed is a diagnostic.
/// </summary>
internal static class EnvironmentsLoader
{
    public static readonly string[] FileNames = ["environments.yml", "environments.yaml"];

    /// <summary>The environments file in <paramref name="folder"/>, or null when there is none.</summary>
    public static string? Find(string folder) =>
        FileNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    public static EnvironmentsLoad Load(string folder, string? displayBase = null)
    {
        if (Find(folder) is not { } path)
        {
            return new EnvironmentsLoad(EnvironmentsConfig.None, []);
        }

        var display = displayBase is null ? path : Path.GetRelativePath(displayBase, path);
        try
        {
            var result = EnvironmentsParser.Parse(display, File.ReadAllText(path));
            return new EnvironmentsLoad(result.IsValid ? result.Config : null, result.Diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new EnvironmentsLoad(null, [new Diagnostic(DiagnosticCodes.EmptyDocument, DiagnosticSeverity.Error, $"cannot read the file: {e.Message}", new SourceLocation(display, 0, 0))]);
        }
    }

    /// <summary>The folder of a pipeline file as the run sees it (relative paths are taken from the workspace).</summary>
    public static string PipelineFolder(string pipelineFile, string workspace)
    {
        var full = Path.GetFullPath(pipelineFile, workspace);
        return Path.GetDirectoryName(full) ?? workspace;
    }
}
