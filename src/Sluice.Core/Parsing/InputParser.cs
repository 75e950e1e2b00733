using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses one manual input: <c>name: { type: choice, options: [...], default: ... }</c>.</summary>
internal sealed class InputParser(ParseContext context)
{
    public InputDefinition? Parse(YamlScalar key, YamlNode value, IReadOnlyCollection<string> allowedKeys)
    {
        var name = key.Value;
        if (value is YamlScalar { IsNull: true })
        {
            return new InputDefinition(name, InputType.String, null, false, null, []);
        }

        if (context.Mapping(value, $"input `{name}`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, $"input `{name}`", allowedKeys);
        var type = InputType.String;
        if (m.Get("type") is { } typeNode && context.String(typeNode, "`type`") is { } typeText)
        {
            if (!Enum.TryParse(typeText, ignoreCase: true, out type) || !Enum.IsDefined(type) || char.IsDigit(typeText[0]))
            {
                context.Error(DiagnosticCodes.InvalidValue, typeNode, $"unknown input type `{typeText}`", "types: string, boolean, choice, number");
                type = InputType.String;
            }
        }

        var options = m.Get("options") is { } optionsNode ? context.StringList(optionsNode, "`options`").Select(o => o.Value).ToList() : [];
        if (type == InputType.Choice && options.Count == 0)
        {
            context.Error(DiagnosticCodes.InvalidInput, key, $"choice input `{name}` needs `options`", "e.g. `options: [dev, staging, production]`");
        }
        else if (type != InputType.Choice && options.Count > 0)
        {
            context.Error(DiagnosticCodes.InvalidInput, m.GetKey("options")!, $"`options` is only valid for `type: choice` (input `{name}`)");
        }

        string? defaultValue = null;
        if (m.Get("default") is YamlScalar defaultNode && !defaultNode.IsNull)
        {
            var definition = new InputDefinition(name, type, null, false, null, options);
            if (InputValues.TryNormalize(definition, defaultNode.Value, out var normalized, out var error))
            {
                defaultValue = normalized;
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidInput, defaultNode, $"default of input `{name}`: {error}");
            }
        }
        else if (m.Get("default") is { } other and not YamlScalar)
        {
            context.Error(DiagnosticCodes.WrongType, other, $"default of input `{name}` must be a scalar");
        }

        var required = m.Get("required") is { } requiredNode && (context.Bool(requiredNode, "`required`") ?? false);
        var description = m.Get("description") is { } d ? context.String(d, "`description`") : null;
        return new InputDefinition(name, type, description, required, defaultValue, options);
    }
}
