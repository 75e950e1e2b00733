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
            // Parsed once as a completion; only a body without a report (an older agent's bare report) is read again.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var bytes = new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
            if (JsonSerializer.Deserialize<JobCompletion>(bytes, DispatchJson.Options) is { Report: not null } completion)
            {
                return completion;
            }

            return JsonSerializer.Deserialize<JobReport>(bytes, DispatchJson.Options) is { } report ? new JobCompletion(report) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public static IResult Bad(string what) => Results.Json(new Refusal($"the body must be a {what} (docs/agent-protocol.md)"), statusCode: StatusCodes.Status400BadRequest);
}
