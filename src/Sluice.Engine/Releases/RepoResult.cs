namespace Sluice.Engine.Releases;

/// <summary>
/// The outcome of one repository operation: a value, or an error message fit for the user (a failed git command's
/// stderr, a GitHub API status and message). Expected failures travel as values, never as exceptions.
/// </summary>
internal sealed record RepoResult<T>(T? Value, string? Error)
{
    public bool IsSuccess => Error is null;

    public static RepoResult<T> Ok(T value) => new(value, null);

    public static RepoResult<T> Fail(string error) => new(default, error);

    /// <summary>Carries this failure over to a result of another type.</summary>
    public RepoResult<TOther> As<TOther>() => new(default, Error ?? "unknown error");
}
