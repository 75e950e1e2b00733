namespace Sluice.Server.Config;

/// <summary>A loaded configuration, or every problem found in it.</summary>
internal sealed record ConfigResult(ServerConfig? Config, IReadOnlyList<string> Errors)
{
    public bool Ok => Config is not null && Errors.Count == 0;
}
