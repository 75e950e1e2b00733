namespace Sluice.Core.Expressions;

/// <summary>The JSON-like kinds an expression value can have.</summary>
public enum ExprValueKind { Null, Boolean, Number, String, Array, Object }
