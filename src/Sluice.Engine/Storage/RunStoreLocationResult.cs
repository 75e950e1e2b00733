namespace Sluice.Engine.Storage;

/// <summary>A <see cref="RunStoreLocation"/>, or why the value given for it is not one (a usage error).</summary>
internal sealed record RunStoreLocationResult(RunStoreLocation? Location, string? Error)
{
    public static RunStoreLocationResult Ok(RunStoreLocation location) => new(location, null);

    public static RunStoreLocationResult Invalid(string error) => new(null, error);
}
