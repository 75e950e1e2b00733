using Sluice.Engine.Storage;

namespace Sluice.Engine.State;

/// <summary>
/// Where Sluice keeps a repository's state, and its layout:
/// <c>sluice.db</c> (run history), <c>blobs/&lt;sha256[0..2]&gt;/&lt;sha256&gt;</c> (content-addressed artifacts),
/// <c>caches/</c>, <c>tmp/</c> (scratch on the same file system, so finished files move in atomically).
/// Resolution: <c>--state-dir</c> &gt; <c>SLUICE_STATE_DIR</c> &gt; <c>&lt;git common dir&gt;/sluice</c> &gt; <c>./.sluice-state</c>.
/// Relative paths are taken from the working directory.
/// </summary>
internal sealed class StateDirectory
{
    public const string EnvironmentVariable = "SLUICE_STATE_DIR";

    public StateDirectory(string root, StateDirectorySource source)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Source = source;
    }

    public string Root { get; }

    public StateDirectorySource Source { get; }

    public string DatabasePath => Path.Combine(Root, "sluice.db");

    public string BlobsPath => Path.Combine(Root, "blobs");

    public string CachesPath => Path.Combine(Root, "caches");

    public string TempPath => Path.Combine(Root, "tmp");

    /// <summary>True once a database exists; read-only commands use it to avoid creating state just to report "no runs".</summary>
    public bool HasDatabase => File.Exists(DatabasePath);

    public static StateDirectory Resolve(string? flag) =>
        Resolve(flag, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    public static StateDirectory Resolve(string? flag, Func<string, string?> getEnvironmentVariable, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return new StateDirectory(Path.GetFullPath(flag, workingDirectory), StateDirectorySource.Flag);
        }

        if (getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return new StateDirectory(Path.GetFullPath(fromEnvironment, workingDirectory), StateDirectorySource.Environment);
        }

        if (GitDirectories.FindCommonDirectory(workingDirectory) is { } gitCommon)
        {
            return new StateDirectory(Path.Combine(gitCommon, "sluice"), StateDirectorySource.GitCommonDirectory);
        }

        return new StateDirectory(Path.Combine(Path.GetFullPath(workingDirectory), ".sluice-state"), StateDirectorySource.WorkingDirectory);
    }

    /// <summary>Creates the root and its sub-directories when missing; returns this for chaining.</summary>
    public StateDirectory EnsureCreated()
    {
        foreach (var path in new[] { Root, BlobsPath, CachesPath, TempPath })
        {
            Directory.CreateDirectory(path);
        }

        return this;
    }

    public BlobStore Blobs() => new(BlobsPath, TempPath);

    /// <summary>A store on <see cref="DatabasePath"/>; the caller migrates and disposes it.</summary>
    public SqliteRunStore OpenRunStore(TimeProvider timeProvider) => new(DatabasePath, timeProvider);
}
