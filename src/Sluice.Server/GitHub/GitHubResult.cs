namespace Sluice.Server.GitHub;

/// <summary>The outcome of one GitHub API call as a value: reporting failures are logged, never thrown into a run.</summary>
internal sealed record GitHubResult<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;

    public static GitHubResult<T> Success(T value) => new(value, null);

    public static GitHubResult<T> Failure(string error) => new(default, error);
}
