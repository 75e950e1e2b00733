namespace Sluice.Engine.Storage;

/// <summary>Which database holds the run history.</summary>
internal enum RunStoreKind
{
    /// <summary>One file, the default: <c>&lt;state dir&gt;/sluice.db</c>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, for several servers sharing one history.</summary>
    Postgres,
}
