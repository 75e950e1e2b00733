using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Dispatch;

/// <summary>Column list and row mapping of <see cref="SqliteJobQueue"/>; times are Unix milliseconds (UTC), durations milliseconds.</summary>
internal static class SqliteDispatchRows
{
    public const string Columns =
        "id, run_key, run_id, job_key, labels, payload, state, attempt, token, worker, retry_budget, timeout_ms, pickup_limit_ms, " +
        "queued_at, started_at, lease_expires_at, finished_at, cancel_requested, result_json, reason, requeued_at";

    /// <summary><see cref="Columns"/> with an empty payload, for reads that do not need it.</summary>
    public static readonly string StatusColumns = Columns.Replace("payload", "'' AS payload", StringComparison.Ordinal);

    public static DispatchedJob Read(SqliteDataReader r) => new(
        r.GetInt64(0),
        new JobTicket(r.GetString(1), r.GetInt64(2), r.GetString(3), JobLabels.Split(r.GetString(4)), r.GetString(5), r.GetInt32(10),
            TimeSpan.FromMilliseconds(r.GetInt64(11)), TimeSpan.FromMilliseconds(r.GetInt64(12))),
        Enum.Parse<DispatchState>(r.GetString(6)),
        r.GetInt32(7),
        r.GetInt64(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        Time(r, 13),
        NullableTime(r, 14),
        NullableTime(r, 15),
        NullableTime(r, 16),
        r.GetInt64(17) != 0,
        r.IsDBNull(18) ? null : r.GetString(18),
        r.IsDBNull(19) ? null : r.GetString(19),
        NullableTime(r, 20));

    private static DateTimeOffset Time(SqliteDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private static DateTimeOffset? NullableTime(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
}
