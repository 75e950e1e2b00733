using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Engine.Storage;

/// <summary>
/// The <c>--json</c> shapes of the history commands: the store records as they are, camelCase, enum values as
/// camelCase strings, times as ISO-8601. Scripts may rely on these names (renames are breaking changes).
/// </summary>
internal static class HistoryJson
{
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One value per line, for streams such as <c>sluice logs --json --follow</c>.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static string Show(RunDetails details) =>
        JsonSerializer.Serialize(new { run = details.Run, jobs = details.Jobs, steps = details.Steps, artifacts = details.Artifacts }, Indented);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,

            // Terminal and pipe output, never HTML: keep log text readable (no \u003C for '<').
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
