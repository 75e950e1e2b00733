namespace Sluice.Core.Expressions;

// STUB (contract only): to be implemented by the expressions work.
public enum ExprValueKind { Null, Boolean, Number, String, Array, Object }

/// <summary>A JSON-like value produced by expressions.</summary>
public sealed class ExprValue
{
    private ExprValue(ExprValueKind kind, object? raw) { Kind = kind; Raw = raw; }
    public ExprValueKind Kind { get; }
    private object? Raw { get; }
    public static readonly ExprValue Null = new(ExprValueKind.Null, null);
    public static readonly ExprValue True = new(ExprValueKind.Boolean, true);
    public static readonly ExprValue False = new(ExprValueKind.Boolean, false);
    public static ExprValue FromBoolean(bool value) => value ? True : False;
    public static ExprValue FromNumber(double value) => new(ExprValueKind.Number, value);
    public static ExprValue FromString(string value) => new(ExprValueKind.String, value);
    public static ExprValue FromArray(IReadOnlyList<ExprValue> items) => new(ExprValueKind.Array, items);
    public static ExprValue FromObject(IReadOnlyDictionary<string, ExprValue> properties) => new(ExprValueKind.Object, properties);
    public bool IsTruthy => throw new NotImplementedException();
    /// <summary>Text used when interpolated into a string.</summary>
    public string ToText() => throw new NotImplementedException();
    public string ToJson() => throw new NotImplementedException();
}
