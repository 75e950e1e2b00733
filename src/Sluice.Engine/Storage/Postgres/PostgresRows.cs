using Npgsql;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Column lists, value conversion and row mapping of <see cref="PostgresRunStore"/>, column for column the same as
/// <see cref="SqliteRows"/>. Times are <c>timestamptz(3)</c>: written as UTC truncated to whole milliseconds (as the
/// SQLite store keeps them), read back as UTC.
/// </summary>
internal static class PostgresRows
{
    public const string RunColumns = SqliteRows.RunColumns;

    public const string JobColumns =
        "j.run_id, j.job_key, j.job_id, j.display_name, j.needs_json, j.matrix_json, j.state, j.reason, j.attempts, j.started_at, j.finished_at";

    public const string StepColumns = SqliteRows.StepColumns;

    public const string LogColumns = SqliteRows.LogColumns;

    public const string ArtifactColumns = SqliteRows.ArtifactColumns;

    /// <summary>UTC, whole milliseconds (truncated, like <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/>), as Npgsql writes timestamptz.</summary>
    public static DateTime ToDb(DateTimeOffset value) =>
        DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(value.ToUnixTimeMilliseconds()), DateTimeKind.Utc);

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 (it rejects the whole statement); a NUL becomes U+FFFD, the replacement
    /// character, so a log batch with a stray NUL byte from a program's output is still stored. Everything else is kept.
    /// </summary>
    public static string ToDb(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    public static string ToDb<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString();

    /// <summary>A SQL list literal of enum names, e.g. <c>('Queued', 'Running')</c>; names are identifiers, never user input.</summary>
    public static string InList<TEnum>(IEnumerable<TEnum> values)
        where TEnum : struct, Enum => SqliteRows.InList(values);

    public static RunRecord ReadRun(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        NullableString(r, 7),
        NullableString(r, 8),
        NullableString(r, 9),
        r.GetString(10),
        Enum.Parse<RunState>(r.GetString(11)),
        Time(r, 12),
        NullableTime(r, 13),
        NullableTime(r, 14),
        r.IsDBNull(15) ? null : r.GetInt64(15),
        NullableString(r, 16));

    public static JobRecord ReadJob(NpgsqlDataReader r, IReadOnlyDictionary<string, string> outputs) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        Enum.Parse<JobState>(r.GetString(6)),
        NullableString(r, 7),
        r.GetInt32(8),
        NullableTime(r, 9),
        NullableTime(r, 10),
        outputs);

    public static StepRecord ReadStep(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt32(2),
        r.GetInt32(3),
        r.GetString(4),
        Enum.Parse<StepState>(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetInt32(6),
        Time(r, 7),
        NullableTime(r, 8));

    public static LogLine ReadLog(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt64(2),
        r.GetInt32(3),
        r.GetInt32(4),
        Time(r, 5),
        r.GetString(6),
        r.GetString(7));

    public static ArtifactRecord ReadArtifact(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt64(4));

    public static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateTimeOffset Time(NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i).ToUniversalTime();

    public static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
}
