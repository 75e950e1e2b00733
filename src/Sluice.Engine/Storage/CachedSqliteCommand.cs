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

    /// <summary>True from <see cref="StatementCachingConnection.Command"/> until the command is disposed (handed back).</summary>
    internal bool HandedOut { get; set; }

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
        if (disposing && !released)
        {
            if (!HandedOut)
            {
                // Disposed again after it was handed back: it sits in the cache, possibly handed out anew; leave it.
                return;
            }

            HandedOut = false;
            if (owner.TryKeep(this))
            {
                return;
            }
        }

        released = true;
        base.Dispose(disposing);
    }
}
