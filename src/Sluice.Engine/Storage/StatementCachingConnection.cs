using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// A SQLite connection that keeps the commands run on it, so that each statement is compiled once per connection
/// instead of on every call: Microsoft.Data.Sqlite keeps a statement prepared only for the life of its command, and
/// parsing and planning the SQL was a third of the store's CPU on a dispatched job.
/// <para>
/// Contract: <see cref="Command"/> returns a command for the SQL with no parameters and the given transaction; disposing
/// it hands it back (kept unless one for the same SQL came back first, or the connection is closing). A command handed
/// out is never handed out again before it comes back, so nested use of one statement gets a second command. At most
/// <see cref="MaxKept"/> are kept (all are dropped when a new one would pass that, so SQL built per call cannot grow it).
/// Like any SQLite connection it is used by one caller at a time; <see cref="SqliteDatabase"/> rents it out that way.
/// </para>
/// </summary>
internal sealed class StatementCachingConnection(string connectionString) : SqliteConnection(connectionString)
{
    private const int MaxKept = 64;

    private readonly Dictionary<string, CachedSqliteCommand> kept = new(StringComparer.Ordinal);
    private bool closing;

    /// <summary>How many commands are kept now (for tests).</summary>
    public int KeptCount => kept.Count;

    public SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        if (kept.Remove(sql, out var command))
        {
            command.Parameters.Clear();
        }
        else
        {
            command = new CachedSqliteCommand(this, sql);
        }

        command.Transaction = transaction;
        command.HandedOut = true;
        return command;
    }

    /// <summary>Called by a command being disposed: true when it is kept for reuse (and so must stay undisposed).</summary>
    internal bool TryKeep(CachedSqliteCommand command)
    {
        if (closing || State != System.Data.ConnectionState.Open || kept.ContainsKey(command.CommandText))
        {
            return false;
        }

        if (kept.Count >= MaxKept)
        {
            ReleaseKept();
        }

        // Nothing of the call stays referenced (parameter values can be large: payloads, log text).
        command.Transaction = null;
        command.Parameters.Clear();
        kept[command.CommandText] = command;
        return true;
    }

    public override void Close()
    {
        // Statements must be finalized before the database handle closes.
        ReleaseKept();
        base.Close();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            closing = true;
            ReleaseKept();
        }

        base.Dispose(disposing);
    }

    private void ReleaseKept()
    {
        var commands = kept.Values.ToList();
        kept.Clear();
        foreach (var command in commands)
        {
            command.Release();
        }
    }
}
