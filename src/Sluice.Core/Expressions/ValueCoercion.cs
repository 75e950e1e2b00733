using System.Globalization;

namespace Sluice.Core.Expressions;

/// <summary>
/// GitHub's loose comparison rules (modelled on JavaScript's abstract equality): values of different kinds
/// are converted to numbers, except that strings compare case-insensitively with strings, and arrays and
/// objects are equal only to the very same value.
/// </summary>
internal static class ValueCoercion
{
    private const double MaxSafeInteger = 9007199254740992d; // 2^53

    public static bool IsSafeInteger(double number) => double.IsInteger(number) && Math.Abs(number) <= MaxSafeInteger;

    public static string FormatNumber(double number) =>
        IsSafeInteger(number)
            ? ((long)number).ToString(CultureInfo.InvariantCulture) // also turns -0 into "0"
            : number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>String to number as GitHub converts it; NaN when the text is not a number.</summary>
    public static double ParseNumber(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return 0;
        }

        if (double.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (span.Length > 2 && span[0] == '0' && (span[1] is 'x' or 'o'))
        {
            var radix = span[1] == 'x' ? 16 : 8;
            double value = 0;
            foreach (var c in span[2..])
            {
                var digit = DigitValue(c);
                if (digit < 0 || digit >= radix)
                {
                    return double.NaN;
                }

                value = (value * radix) + digit;
            }

            return value;
        }

        return double.NaN;
    }

    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary><c>==</c>: after coercion, same kind and same value; NaN equals nothing.</summary>
    public static bool LooseEquals(ExprValue left, ExprValue right)
    {
        Coerce(ref left, ref right);
        if (left.Kind != right.Kind)
        {
            return false;
        }

        return left.Kind switch
        {
            ExprValueKind.Null => true,
            ExprValueKind.Boolean => left.AsBoolean == right.AsBoolean,
            ExprValueKind.Number => left.AsNumber!.Value == right.AsNumber!.Value,
            ExprValueKind.String => string.Equals(left.AsString, right.AsString, StringComparison.OrdinalIgnoreCase),
            _ => ReferenceEquals(left.Raw, right.Raw),
        };
    }

    /// <summary><c>left &lt; right</c> after coercion; false for NaN and for kinds without an order.</summary>
    public static bool LessThan(ExprValue left, ExprValue right) => Order(left, right) < 0;

    /// <summary><c>left &gt; right</c> after coercion; false for NaN and for kinds without an order.</summary>
    public static bool GreaterThan(ExprValue left, ExprValue right) => Order(left, right) > 0;

    /// <summary>-1, 1, or 0 when neither is less (equal, NaN, or not ordered).</summary>
    private static int Order(ExprValue left, ExprValue right)
    {
        Coerce(ref left, ref right);
        if (left.Kind != right.Kind)
        {
            return 0;
        }

        return left.Kind switch
        {
            ExprValueKind.Number => left.AsNumber!.Value < right.AsNumber!.Value ? -1 : left.AsNumber!.Value > right.AsNumber!.Value ? 1 : 0,
            ExprValueKind.String => Math.Sign(string.Compare(left.AsString, right.AsString, StringComparison.OrdinalIgnoreCase)),
            ExprValueKind.Boolean => left.AsBoolean!.Value.CompareTo(right.AsBoolean!.Value),
            _ => 0,
        };
    }

    private static void Coerce(ref ExprValue left, ref ExprValue right)
    {
        while (left.Kind != right.Kind)
        {
            if (left.Kind == ExprValueKind.Number && right.Kind == ExprValueKind.String)
            {
                right = ExprValue.FromNumber(right.ToNumber());
            }
            else if (left.Kind == ExprValueKind.String && right.Kind == ExprValueKind.Number)
            {
                left = ExprValue.FromNumber(left.ToNumber());
            }
            else if (left.Kind is ExprValueKind.Boolean or ExprValueKind.Null)
            {
                left = ExprValue.FromNumber(left.ToNumber());
            }
            else if (right.Kind is ExprValueKind.Boolean or ExprValueKind.Null)
            {
                right = ExprValue.FromNumber(right.ToNumber());
            }
            else
            {
                return;
            }
        }
    }
}
