using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// A command of a <see cref="StatementCachingConnection"/>: disposing it hands it back to the connection, which keeps
/// its prepared statements for the next call with the same SQL; <see cref="Release"/> disposes it for real.
/// </summary>
internal sealed class CachedSqliteCommand : SqliteCommand
{
    private readonly StatementCachingConnection owner;
    private bool released;

    public CachedSqliteCommand(StatementCachingConnection owner, string sql)
        : base(sql, owner)
    {
        this.owner = owner;
        CommandTimeout = owner.DefaultTimeout;
    }

    public void Release()
    {
        released = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !released && owner.TryKeep(this))
        {
            return;
        }

        released = true;
        base.Dispose(disposing);
    }
}
