using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary>
/// The dashboard's CSS and JavaScript, embedded in the assembly (no build step, nothing to install). URLs carry the
/// content hash, so a new binary's assets are never confused with cached old ones; answers carry an ETag.
/// </summary>
internal static class Assets
{
    private const string Prefix = "Sluice.Server.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ETag, string ContentType)> Files = Load();

    public static IReadOnlyCollection<string> Names => Files.Keys;

    public static string Url(string name) => $"/ui/assets/{name}?v={Files[name].ETag[1..9]}";

    public static IResult Serve(string name, HttpContext http)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = http.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
        http.Response.Headers.ETag = file.ETag;
        return http.Request.Headers.IfNoneMatch.ToString() == file.ETag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(file.Bytes, file.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(Assets).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var name = resource[Prefix.Length..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            files[name] = (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"", type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
