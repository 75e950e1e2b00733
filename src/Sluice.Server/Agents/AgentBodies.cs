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

    public static IResult Bad(string what) => Results.Json(new Refusal($"the body must be a {what} (docs/agent-protocol.md)"), statusCode: StatusCodes.Status400BadRequest);
}
