namespace Sluice.Cli;

/// <summary>Exit codes shared by every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The thing asked about is not OK: invalid pipeline, failed run, version mismatch.</summary>
    public const int Failure = 1;

    /// <summary>The command itself was used wrongly: bad flags, missing files.</summary>
    public const int Usage = 2;
}
