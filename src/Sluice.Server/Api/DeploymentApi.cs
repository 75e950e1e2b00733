using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Deployments;
using Sluice.Engine.Deployments;

namespace Sluice.Server.Api;

/// <summary>
/// Deployments over HTTP (token required), the same operations as <c>sluice deploy</c> and <c>sluice approve</c>:
/// <list type="bullet">
/// <item><c>GET /api/deployments?environment=&amp;limit=</c>, <c>GET /api/deployments/{id}</c> (with its trail).</item>
/// <item><c>POST /api/deployments/{id}/approve|reject?comment=</c>: decided as the API token's name, which the
/// environment's reviewers must list. 200 recorded, 409 refused (with why).</item>
/// <item><c>POST /api/environments/{name}/lock?reason=</c>, <c>/unlock</c>, <c>/stop?reason=</c>.</item>
/// </list>
/// </summary>
internal static class DeploymentApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapDeploymentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiTokenFilter>();
        api.MapGet("/deployments", async (string? environment, int? limit, IDeploymentCommands commands, CancellationToken ct) =>
            Results.Json(environment is null
                ? await commands.StatusAsync(EnvironmentsConfig.None, ct)
                : await commands.HistoryAsync(environment, Math.Clamp(limit ?? 50, 1, 1000), ct), Json));
        api.MapGet("/deployments/{id:long}", async (long id, IDeploymentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } deployment
                ? Results.Json(new { deployment, events = await store.GetEventsAsync(id, ct) }, Json)
                : Results.Json(new { error = $"deployment {id} not found" }, statusCode: StatusCodes.Status404NotFound));
        api.MapPost("/deployments/{id:long}/approve", (long id, string? comment, HttpContext http, IDeploymentCommands commands, CancellationToken ct) =>
            DecideAsync(id, true, comment, http, commands, ct));
        api.MapPost("/deployments/{id:long}/reject", (long id, string? comment, HttpContext http, IDeploymentCommands commands, CancellationToken ct) =>
            DecideAsync(id, false, comment, http, commands, ct));
        api.MapPost("/environments/{name}/lock", async (string name, string? reason, HttpContext http, IDeploymentCommands commands, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return Results.Json(new { error = "a lock needs a reason (?reason=...)" }, statusCode: StatusCodes.Status400BadRequest);
            }

            await commands.LockAsync(name, Person(http), reason, ct);
            return Results.Json(new { locked = name });
        });
        api.MapPost("/environments/{name}/unlock", async (string name, IDeploymentCommands commands, CancellationToken ct) =>
            Results.Json(new { unlocked = await commands.UnlockAsync(name, ct) }));
        api.MapPost("/environments/{name}/stop", async (string name, string? reason, HttpContext http, IDeploymentCommands commands, CancellationToken ct) =>
            Results.Json(new { stopped = (await commands.StopAsync(name, Person(http), reason ?? "", ct)).Select(d => d.Id) }));
        return app;
    }

    private static async Task<IResult> DecideAsync(long id, bool approve, string? comment, HttpContext http, IDeploymentCommands commands, CancellationToken ct)
    {
        var outcome = await commands.DecideAsync(id, Person(http), approve, comment, ct);
        return Results.Json(outcome, Json, statusCode: outcome.Recorded ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>The API token's name: the identity the approval rules see.</summary>
    private static string Person(HttpContext http) => http.Items[ApiTokenFilter.ItemKey] as string ?? "api";
}
