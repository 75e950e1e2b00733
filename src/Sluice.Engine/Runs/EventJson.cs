using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Core.Events;

namespace Sluice.Engine.Runs;

/// <summary>The event of a run as stored with it (<see cref="Storage.NewRun.EventJson"/>), so <c>rerun</c> can plan the same jobs again.</summary>
internal static class EventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(PipelineEvent ev) => JsonSerializer.Serialize(ev, Options);

    public static PipelineEvent? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PipelineEvent>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Strings(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray(), Options);

    public static string Map(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values, Options);
}
