using Sluice.Engine.Storage;

namespace Sluice.Server.Config;

/// <summary>
/// Everything <c>sluice serve</c> is told: where to listen, where to keep its data, which repositories it serves.
/// Secrets (webhook secrets, tokens, API tokens) live here in memory only and are never logged or stored.
/// </summary>
/// <param name="Listen">Kestrel URL, e.g. <c>http://127.0.0.1:8080</c> (port 0 picks a free port).</param>
/// <param name="PublicUrl">How people reach this server (commit status links); the listen URL when not set.</param>
/// <param name="MaxConcurrentRuns">Runs executed at once; more wait in the durable queue.</param>
/// <param name="MaxParallelJobs">Jobs of one run executed at once.</param>
/// <param name="Paused">Maintenance: deliveries are accepted into the inbox but not processed until a start without it.</param>
/// <param name="ApiTokens">API token name to token; only their SHA-256 reaches the database.</param>
/// <param name="ScheduleInterval">How often schedules are checked.</param>
/// <param name="Agents">Agent mode (the <c>agents:</c> section): jobs go to the durable job queue for agents; null runs them in-process as before.</param>
internal sealed record ServerConfig(
    string Listen,
    string DataDir,
    string? PublicUrl,
    string GitHubApiUrl,
    int MaxConcurrentRuns,
    int MaxParallelJobs,
    bool Paused,
    IReadOnlyDictionary<string, string> ApiTokens,
    IReadOnlyList<RepositoryConfig> Repositories,
    TimeSpan ScheduleInterval,
    Agents.AgentSettings? Agents = null)
{
    /// <summary>Where the server's stores live; null: SQLite in <see cref="DataDir"/>. A PostgreSQL database may be shared by several servers.</summary>
    public RunStoreLocation? Database { get; init; }

    /// <summary>Where artifacts and caches live (blobs, caches); null: <see cref="DataDir"/>. Several servers on one database share one.</summary>
    public string? SharedDir { get; init; }

    /// <summary>How often this server renews its lease (and looks for dead servers' work).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A server whose last heartbeat is older than this is dead: its runs are resumed by another server.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public const string DefaultListen = "http://127.0.0.1:8080";
    public const string DefaultGitHubApiUrl = "https://api.github.com";

    public RepositoryConfig? FindRepository(string fullName) =>
        Repositories.FirstOrDefault(r => string.Equals(r.Name, fullName, StringComparison.OrdinalIgnoreCase));

    /// <summary>A printable summary: secrets are replaced by whether they are set.</summary>
    public override string ToString() =>
        $"listen {Listen}, data {DataDir}, {(Database is null ? "" : $"database {Database.Display}, ")}{Repositories.Count} repositories ({string.Join(", ", Repositories.Select(r => r.Name))}), " +
        $"{ApiTokens.Count} API tokens, {MaxConcurrentRuns} concurrent runs" + (Agents is null ? "" : $", {Agents}");
}
