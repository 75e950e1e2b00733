namespace Sluice.Engine.Storage;

/// <summary>Where the run history lives, as chosen by <see cref="RunStoreFactory"/>.</summary>
/// <param name="Target">SQLite: the absolute file path. PostgreSQL: an Npgsql key=value connection string.</param>
/// <param name="Display">The same without any password, for messages and logs.</param>
internal sealed record RunStoreLocation(RunStoreKind Kind, string Target, string Display);
