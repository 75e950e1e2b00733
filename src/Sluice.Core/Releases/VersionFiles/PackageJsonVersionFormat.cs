using System.Text;
using System.Text.Json;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary><c>package.json</c>: the top-level <c>"version"</c> string only (a nested <c>"version"</c> is someone else's).</summary>
internal sealed class PackageJsonVersionFormat : IVersionFileFormat
{
    public string Name => "package-json";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(content);
        skipReason = null;
        var bytes = Encoding.UTF8.GetBytes(content);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("version"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        return null;
                    }

                    // TokenStartIndex is the opening quote; convert byte offsets to character offsets.
                    var byteStart = (int)reader.TokenStartIndex + 1;
                    var start = Encoding.UTF8.GetCharCount(bytes, 0, byteStart);
                    var value = reader.GetString()!;
                    return new VersionLocation(start, value.Length, value);
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    public string Render(SemVersion version) => version.ToString();
}
