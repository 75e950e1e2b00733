using Npgsql;
using Sluice.Core.Deployments;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Deployments;

/// <summary>Column list and row mapping of <see cref="PostgresDeploymentStore"/>, column for column those of <see cref="SqliteDeploymentRows"/> (times are timestamptz).</summary>
internal static class PostgresDeploymentRows
{
    public const string Columns =
        "d.id, d.environment, d.version, d.previous_version, d.sha, d.ref, d.repository, d.pipeline_id, d.run_id, d.job_key, " +
        "d.triggered_by, d.trigger_source, d.strategy, d.url, d.owner, d.rollback_of, d.state, d.reason, d.traffic_percent, " +
        "d.step_index, d.step_count, d.requested_at, d.started_at, d.finished_at, d.stop_requested_by, d.stop_reason, " +
        "(SELECT string_agg(a.reviewer, chr(31) ORDER BY a.decided_at, a.gate) FROM deployment_approvals a " +
        "WHERE a.deployment_id = d.id AND a.approved = 1), " +
        "d.gate, d.gate_reviewers, d.gate_required, d.gate_timeout_ms, d.gate_self, d.gate_since";

    public static DeploymentRecord Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        Text(r, 3),
        Text(r, 4),
        Text(r, 5),
        r.GetString(6),
        r.GetString(7),
        r.GetInt64(8),
        r.GetString(9),
        Text(r, 10),
        r.GetString(11),
        r.GetString(12),
        Text(r, 13),
        r.GetString(14),
        r.IsDBNull(15) ? null : r.GetInt64(15),
        Enum.Parse<DeploymentState>(r.GetString(16)),
        Text(r, 17),
        r.GetInt32(18),
        r.GetInt32(19),
        r.GetInt32(20),
        Time(r, 21),
        NullableTime(r, 22),
        NullableTime(r, 23),
        Text(r, 24),
        Text(r, 25))
    {
        ApprovedBy = Text(r, 26) is { } names ? names.Split(Separator).Distinct(StringComparer.OrdinalIgnoreCase).ToList() : [],
        PendingApproval = r.IsDBNull(27) ? null : new PendingApproval(r.GetInt32(27), new ApprovalRequest(
            new ApprovalRule(Names(Text(r, 28)), [], r.GetInt32(29), r.IsDBNull(30) ? null : TimeSpan.FromMilliseconds(r.GetInt64(30)), r.GetInt32(31) == 1),
            Names(Text(r, 28)), Text(r, 10), Time(r, 32))),
    };

    /// <summary>Separates names in one column, as in SQLite.</summary>
    public const char Separator = SqliteDeploymentRows.Separator;

    public static string JoinNames(IEnumerable<string> names) => SqliteDeploymentRows.JoinNames(names);

    private static List<string> Names(string? text) => string.IsNullOrEmpty(text) ? [] : [.. text.Split(Separator)];

    public static DeploymentEvent ReadEvent(NpgsqlDataReader r) =>
        new(r.GetInt64(0), Time(r, 1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetString(4));

    public static EnvironmentLock ReadLock(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Time(NpgsqlDataReader r, int i) => PostgresRows.Time(r, i);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
}
