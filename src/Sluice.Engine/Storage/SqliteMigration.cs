namespace Sluice.Engine.Storage;

/// <summary>One numbered schema change; <see cref="Sql"/> may hold several statements.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
