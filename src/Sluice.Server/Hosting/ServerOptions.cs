namespace Sluice.Server.Hosting;

/// <summary>How the host runs, beyond the configuration file: the clock, log verbosity and the GitHub retry base delay (tests shorten it).</summary>
internal sealed record ServerOptions(TimeProvider Time, Microsoft.Extensions.Logging.LogLevel LogLevel = Microsoft.Extensions.Logging.LogLevel.Information, TimeSpan? GitHubRetryDelay = null, TextWriter? Log = null);
