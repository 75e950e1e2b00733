using System.Globalization;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Planning;

/// <summary>Checks and normalizes manual input values against their declared types.</summary>
public static class InputValues
{
    /// <summary>Canonical text: booleans <c>true</c>/<c>false</c>, numbers in invariant culture.</summary>
    public static bool TryNormalize(InputDefinition input, string text, out string normalized, out string? error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(text);
        normalized = text;
        error = null;
        switch (input.Type)
        {
            case InputType.Boolean:
                if (bool.TryParse(text, out var b))
                {
                    normalized = b ? "true" : "false";
                    return true;
                }

                error = $"expected true or false, found `{text}`";
                return false;
            case InputType.Number:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
                {
                    normalized = n.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                error = $"expected a number, found `{text}`";
                return false;
            case InputType.Choice:
                if (input.Options.Contains(text))
                {
                    return true;
                }

                error = $"`{text}` is not one of {string.Join(", ", input.Options)}";
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// Applies defaults and checks given values: unknown names, wrong types and missing required inputs
    /// are errors (all of them are returned).
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors) Resolve(
        IReadOnlyList<InputDefinition> inputs, IReadOnlyDictionary<string, string>? given)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        given ??= new Dictionary<string, string>();
        foreach (var name in given.Keys.Where(k => inputs.All(i => i.Name != k)))
        {
            errors.Add($"unknown input `{name}`" + (inputs.Count > 0 ? $" (inputs: {string.Join(", ", inputs.Select(i => i.Name))})" : ""));
        }

        foreach (var input in inputs)
        {
            if (given.TryGetValue(input.Name, out var text))
            {
                if (TryNormalize(input, text, out var normalized, out var error))
                {
                    values[input.Name] = normalized;
                }
                else
                {
                    errors.Add($"input `{input.Name}`: {error}");
                }
            }
            else if (input.Default is not null)
            {
                values[input.Name] = input.Default;
            }
            else if (input.Required)
            {
                errors.Add($"input `{input.Name}` is required");
            }
            else
            {
                values[input.Name] = input.Type == InputType.Boolean ? "false" : "";
            }
        }

        return (values, errors);
    }
}
