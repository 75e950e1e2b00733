namespace Sluice.Engine.Storage.Postgres;

/// <summary>One numbered schema change; <see cref="Sql"/> may hold several statements (sent as one batch).</summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
