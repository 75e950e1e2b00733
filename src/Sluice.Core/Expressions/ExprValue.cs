using System.Text.Json;

namespace Sluice.Core.Expressions;

/// <summary>
/// A JSON-like value produced by expressions. Values are immutable by convention: the lists and
/// dictionaries passed to <see cref="FromArray"/> and <see cref="FromObject"/> are kept, not copied,
/// so callers must not change them afterwards.
/// </summary>
public sealed class ExprValue
{
    private static readonly ExprValue EmptyString = new(ExprValueKind.String, "");
    private static readonly ExprValue Zero = new(ExprValueKind.Number, 0d);

    private ExprValue(ExprValueKind kind, object? raw) { Kind = kind; Raw = raw; }

    public ExprValueKind Kind { get; }

    /// <summary>The boxed bool/double, the string, the list or the dictionary (null for Null).</summary>
    internal object? Raw { get; }

    public static readonly ExprValue Null = new(ExprValueKind.Null, null);
    public static readonly ExprValue True = new(ExprValueKind.Boolean, true);
    public static readonly ExprValue False = new(ExprValueKind.Boolean, false);

    public static ExprValue FromBoolean(bool value) => value ? True : False;

    public static ExprValue FromNumber(double value) => value == 0 && !double.IsNegative(value) ? Zero : new(ExprValueKind.Number, value);

    public static ExprValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? EmptyString : new(ExprValueKind.String, value);
    }

    public static ExprValue FromArray(IReadOnlyList<ExprValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(ExprValueKind.Array, items);
    }

    public static ExprValue FromObject(IReadOnlyDictionary<string, ExprValue> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new(ExprValueKind.Object, properties);
    }

    /// <summary>An object whose properties are strings, e.g. <c>env</c> or <c>inputs</c> from a string map.</summary>
    public static ExprValue FromStrings(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var map = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            map[key] = FromString(value);
        }

        return FromObject(map);
    }

    /// <summary>Converts a JSON element: objects keep property order (a repeated key keeps the last value).</summary>
    public static ExprValue FromJson(JsonElement element) => ExprValueJson.Read(element);

    /// <summary>Parses JSON text; on failure returns false with a one-line reason. Nesting is limited to 64 levels.</summary>
    public static bool TryParseJson(string json, out ExprValue value, out string? error) =>
        ExprValueJson.TryParse(json, out value, out error);

    /// <summary>GitHub truthiness: null, false, 0, -0, NaN and "" are falsy; everything else (including [] and {}) is truthy.</summary>
    public bool IsTruthy => Kind switch
    {
        ExprValueKind.Null => false,
        ExprValueKind.Boolean => (bool)Raw!,
        ExprValueKind.Number => (double)Raw! is var d && d != 0 && !double.IsNaN(d),
        ExprValueKind.String => ((string)Raw!).Length > 0,
        _ => true,
    };

    /// <summary>The value when it is a boolean, otherwise null.</summary>
    public bool? AsBoolean => Kind == ExprValueKind.Boolean ? (bool)Raw! : null;

    /// <summary>The value when it is a number, otherwise null (see <see cref="ToNumber"/> for coercion).</summary>
    public double? AsNumber => Kind == ExprValueKind.Number ? (double)Raw! : null;

    /// <summary>The value when it is a string, otherwise null (see <see cref="ToText"/> for conversion).</summary>
    public string? AsString => Raw as string;

    /// <summary>The items when this is an array, otherwise null.</summary>
    public IReadOnlyList<ExprValue>? Items => Raw as IReadOnlyList<ExprValue>;

    /// <summary>The properties when this is an object, otherwise null.</summary>
    public IReadOnlyDictionary<string, ExprValue>? Properties => Raw as IReadOnlyDictionary<string, ExprValue>;

    /// <summary>
    /// Looks a property up: an exact match first, then a case-insensitive one (as GitHub's contexts are).
    /// False when this is not an object or has no such property.
    /// </summary>
    public bool TryGetProperty(string name, out ExprValue value)
    {
        value = Null;
        if (Raw is not IReadOnlyDictionary<string, ExprValue> properties)
        {
            return false;
        }

        if (properties.TryGetValue(name, out var found))
        {
            value = found ?? Null;
            return true;
        }

        foreach (var (key, item) in properties)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = item ?? Null;
                return true;
            }
        }

        return false;
    }

    /// <summary>The property (see <see cref="TryGetProperty"/>) or <see cref="Null"/>.</summary>
    public ExprValue GetProperty(string name) => TryGetProperty(name, out var value) ? value : Null;

    /// <summary>The item at <paramref name="index"/> of an array, or <see cref="Null"/> when out of range or not an array.</summary>
    public ExprValue GetItem(int index) =>
        Raw is IReadOnlyList<ExprValue> items && index >= 0 && index < items.Count ? items[index] ?? Null : Null;

    /// <summary>
    /// GitHub's number coercion: null → 0, true → 1, false → 0, a string parsed as a JSON-style number
    /// (also <c>0x</c> hex, <c>0o</c> octal, <c>Infinity</c>; "" and whitespace → 0; otherwise NaN); arrays and objects → NaN.
    /// </summary>
    public double ToNumber() => Kind switch
    {
        ExprValueKind.Null => 0,
        ExprValueKind.Boolean => (bool)Raw! ? 1 : 0,
        ExprValueKind.Number => (double)Raw!,
        ExprValueKind.String => ValueCoercion.ParseNumber((string)Raw!),
        _ => double.NaN,
    };

    /// <summary>
    /// Text used when interpolated into a string: null → "", booleans "true"/"false", numbers in invariant
    /// culture without a trailing ".0" (<c>3</c>, <c>0.5</c>, <c>1E+21</c>), strings as they are,
    /// arrays and objects as compact JSON.
    /// </summary>
    public string ToText() => Kind switch
    {
        ExprValueKind.Null => "",
        ExprValueKind.Boolean => (bool)Raw! ? "true" : "false",
        ExprValueKind.Number => ValueCoercion.FormatNumber((double)Raw!),
        ExprValueKind.String => (string)Raw!,
        _ => ToJson(),
    };

    /// <summary>
    /// Compact JSON. NaN and infinities become null (JSON has no spelling for them); so does anything nested
    /// deeper than 256 levels, which only a cyclic value reaches.
    /// </summary>
    public string ToJson() => ExprValueJson.Write(this, indented: false);

    /// <summary>JSON, indented by two spaces with \n line ends when <paramref name="indented"/> (as <c>toJSON()</c> writes).</summary>
    public string ToJson(bool indented) => ExprValueJson.Write(this, indented);

    /// <summary>The compact JSON, for debugging and test messages.</summary>
    public override string ToString() => ToJson();
}
