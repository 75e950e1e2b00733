using System.Text;
using System.Text.Json;

namespace Sluice.Server.Api;

/// <summary>
/// Writes ad-hoc orders as a pipeline file (<c>on: api</c>, one job per order), so they are validated by the same
/// parser and executed by the same engine as any pipeline. Every value is written as a JSON string, which is a valid
/// YAML double-quoted scalar, so no input can change the document's structure.
/// </summary>
internal static class JobsYaml
{
    public static string Write(JobsRequest request)
    {
        var yaml = new StringBuilder();
        yaml.Append("name: ").Append(Quote(request.Name ?? "api-jobs")).Append('\n');
        yaml.Append("on:\n  api: true\n");
        AppendMap(yaml, "env", request.Env, "");
        yaml.Append("jobs:\n");
        foreach (var order in request.Orders ?? [])
        {
            yaml.Append("  ").Append(Quote(order.Id ?? "")).Append(":\n");
            if (order.Needs is { Count: > 0 } needs)
            {
                yaml.Append("    needs: [").Append(string.Join(", ", needs.Select(Quote))).Append("]\n");
            }

            if (order.Timeout is not null)
            {
                yaml.Append("    timeout: ").Append(Quote(order.Timeout)).Append('\n');
            }

            if (order.Shell is not null)
            {
                yaml.Append("    shell: ").Append(Quote(order.Shell)).Append('\n');
            }

            AppendMap(yaml, "env", order.Env, "    ");
            yaml.Append("    run: ").Append(Quote(order.Run ?? "")).Append('\n');
        }

        return yaml.ToString();
    }

    private static void AppendMap(StringBuilder yaml, string key, Dictionary<string, string>? map, string indent)
    {
        if (map is not { Count: > 0 })
        {
            return;
        }

        yaml.Append(indent).Append(key).Append(":\n");
        foreach (var (name, value) in map)
        {
            yaml.Append(indent).Append("  ").Append(Quote(name)).Append(": ").Append(Quote(value)).Append('\n');
        }
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
