using Npgsql;

namespace Sluice.Engine.Dispatch;

/// <summary>Column list and row mapping of <see cref="PostgresJobQueue"/>, column for column <see cref="SqliteDispatchRows"/>; times are UTC.</summary>
internal static class PostgresDispatchRows
{
    public const string Columns = SqliteDispatchRows.Columns;

    public static readonly string StatusColumns = SqliteDispatchRows.StatusColumns;

    public static DispatchedJob Read(NpgsqlDataReader r) => new(
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
        r.GetBoolean(17),
        r.IsDBNull(18) ? null : r.GetString(18),
        r.IsDBNull(19) ? null : r.GetString(19),
        NullableTime(r, 20));

    private static DateTimeOffset Time(NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i).ToUniversalTime();

    private static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
}
