using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// Column lists and row mapping of <see cref="SqliteRunStore"/>. Times are stored as Unix milliseconds (UTC),
/// so values read back are UTC and truncated to whole milliseconds.
/// </summary>
internal static class SqliteRows
{
    public const string RunColumns =
        "id, repository, pipeline_id, pipeline_name, pipeline_file, event_kind, event_json, branch, sha, actor, " +
        "owner, state, created_at, started_at, finished_at, parent_run_id, summary";

    public const string JobColumns =
        "run_id, job_key, job_id, display_name, needs_json, matrix_json, state, reason, attempts, started_at, finished_at";

    public const string StepColumns =
        "s.run_id, s.job_key, s.attempt, s.step_index, s.name, s.state, s.exit_code, s.started_at, s.finished_at";

    public const string LogColumns =
        "l.run_id, l.job_key, l.sequence, l.attempt, l.step_index, l.logged_at, l.stream, l.text";

    public const string ArtifactColumns = "a.run_id, a.job_key, a.path, a.sha256, a.size";

    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static string ToDb<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString();

    public static RunRecord ReadRun(SqliteDataReader r) => new(
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

    public static JobRecord ReadJob(SqliteDataReader r, IReadOnlyDictionary<string, string> outputs) => new(
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

    public static StepRecord ReadStep(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt32(2),
        r.GetInt32(3),
        r.GetString(4),
        Enum.Parse<StepState>(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetInt32(6),
        Time(r, 7),
        NullableTime(r, 8));

    public static LogLine ReadLog(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt64(2),
        r.GetInt32(3),
        r.GetInt32(4),
        Time(r, 5),
        r.GetString(6),
        r.GetString(7));

    public static ArtifactRecord ReadArtifact(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt64(4));

    /// <summary>A SQL list literal of enum names, e.g. <c>('Queued', 'Running')</c>; names are identifiers, never user input.</summary>
    public static string InList<TEnum>(IEnumerable<TEnum> values)
        where TEnum : struct, Enum =>
        "(" + string.Join(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"'{v}'"))) + ")";

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Time(SqliteDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private static DateTimeOffset? NullableTime(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
}
