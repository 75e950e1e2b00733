using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;

namespace Sluice.Server.Agents;

/// <summary>Reads agent request bodies with the protocol's JSON options (enums as camelCase words), which the rest of the server does not use.</summary>
internal static class AgentBodies
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(DispatchJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A <see cref="JobCompletion"/>, or a bare <see cref="JobReport"/> as agents sent before the history field; null when neither.</summary>
    public static async Task<JobCompletion?> ReadCompletionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await request.ReadFromJsonAsync<JsonElement>(DispatchJson.Options, cancellationToken);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return body.TryGetProperty("report", out _)
                ? body.Deserialize<JobCompletion>(DispatchJson.Options) is { Report: not null } completion ? completion : null
                : body.Deserialize<JobReport>(DispatchJson.Options) is { } report ? new JobCompletion(report) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public static IResult Bad(string what) => Results.Json(new Refusal($"the body must be a {what} (docs/agent-protocol.md)"), statusCode: StatusCodes.Status400BadRequest);
}
