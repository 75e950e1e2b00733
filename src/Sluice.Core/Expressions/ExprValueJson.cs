using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Core.Expressions;

/// <summary>Reads and writes <see cref="ExprValue"/> as JSON with System.Text.Json.</summary>
internal static class ExprValueJson
{
    /// <summary>Deeper values are almost certainly cyclic; writing them would never end.</summary>
    internal const int MaxWriteDepth = 256;

    private const int MaxReadDepth = 64;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = MaxReadDepth };

    public static bool TryParse(string json, out ExprValue value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        value = ExprValue.Null;
        try
        {
            using var document = JsonDocument.Parse(json, ReadOptions);
            value = Read(document.RootElement);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            // The exception text ends with "LineNumber: 0 | BytePositionInLine: 3." which is useful as it is.
            error = exception.Message;
            return false;
        }
    }

    public static ExprValue Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = Read(property.Value);
                }

                return ExprValue.FromObject(properties);
            case JsonValueKind.Array:
                var items = new List<ExprValue>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Read(item));
                }

                return ExprValue.FromArray(items);
            case JsonValueKind.String:
                return ExprValue.FromString(element.GetString()!);
            case JsonValueKind.Number:
                // TryGetDouble refuses values beyond double's range; those are infinities.
                return ExprValue.FromNumber(element.TryGetDouble(out var number)
                    ? number
                    : element.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity);
            case JsonValueKind.True:
                return ExprValue.True;
            case JsonValueKind.False:
                return ExprValue.False;
            default:
                return ExprValue.Null;
        }
    }

    public static string Write(ExprValue value, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            // Output is for people and shells, not HTML: keep quotes, '<' and non-ASCII text readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MaxWriteDepth + 1,
        }))
        {
            Write(writer, value, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>True when writing <paramref name="value"/> would exceed <see cref="MaxWriteDepth"/> (a cyclic or absurd value).</summary>
    public static bool IsTooDeep(ExprValue value, int depth = 0)
    {
        if (depth > MaxWriteDepth)
        {
            return true;
        }

        if (value.Items is { } items)
        {
            return items.Any(item => item is not null && IsTooDeep(item, depth + 1));
        }

        return value.Properties is { } properties && properties.Values.Any(item => item is not null && IsTooDeep(item, depth + 1));
    }

    private static void Write(Utf8JsonWriter writer, ExprValue value, int depth)
    {
        if (depth > MaxWriteDepth)
        {
            // Only a cyclic (or absurd) hand-built value gets here; cut it off rather than throw from ToText.
            // toJSON() reports such values as an error up front (IsTooDeep).
            writer.WriteNullValue();
            return;
        }

        switch (value.Kind)
        {
            case ExprValueKind.Boolean:
                writer.WriteBooleanValue(value.AsBoolean!.Value);
                break;
            case ExprValueKind.Number:
                WriteNumber(writer, value.AsNumber!.Value);
                break;
            case ExprValueKind.String:
                writer.WriteStringValue(value.AsString);
                break;
            case ExprValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.Items!)
                {
                    Write(writer, item ?? ExprValue.Null, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case ExprValueKind.Object:
                writer.WriteStartObject();
                foreach (var (key, item) in value.Properties!)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item ?? ExprValue.Null, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (ValueCoercion.IsSafeInteger(number))
        {
            writer.WriteNumberValue((long)number);
        }
        else if (double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
