using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Api;

/// <summary>
/// Starting work from another system (API token required): <c>POST /api/runs</c> runs a repository's pipeline with
/// typed inputs (checked against <c>on.manual.inputs</c>: 400 with every problem); <c>POST /api/jobs</c> runs ad-hoc
/// orders. Both answer 202 with the queue id; the queue item tells the run id once it starts.
/// </summary>
internal static class StartApi
{
    public static IEndpointRouteBuilder MapStartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiTokenFilter>();
        api.MapPost("/runs", StartRunAsync);
        api.MapPost("/jobs", StartJobsAsync);
        return app;
    }

    private static async Task<IResult> StartRunAsync(
        ManualRunRequest? body, HttpContext http, ServerConfig config, MirrorStore mirrors, IRunQueue queue, QueueCommands commands, TimeProvider time, CancellationToken ct)
    {
        if (body?.Repository is null || body.Pipeline is null)
        {
            return Bad("`repository` and `pipeline` are required");
        }

        var repo = config.FindRepository(body.Repository);
        if (repo is null)
        {
            return Results.Json(new { error = $"repository `{body.Repository}` is not served here" }, statusCode: StatusCodes.Status404NotFound);
        }

        var branch = body.Ref ?? repo.DefaultBranch;
        var sha = body.Sha ?? await mirrors.ResolveAsync(repo, "refs/heads/" + branch, fetch: true, ct);
        if (sha is null || await mirrors.EnsureCommitsAsync(repo, [sha], null, ct) is not null)
        {
            return Bad($"cannot find `{body.Sha ?? branch}` in {repo.Name}");
        }

        var pipeline = (await mirrors.LoadPipelinesAsync(repo, sha, ct))?.Pipelines.FirstOrDefault(p => p.Id == body.Pipeline || p.Name == body.Pipeline);
        if (pipeline is null)
        {
            return Results.Json(new { error = $"no valid pipeline `{body.Pipeline}` at {sha[..7]}" }, statusCode: StatusCodes.Status404NotFound);
        }

        var inputs = (body.Inputs ?? []).ToDictionary(kv => kv.Key, kv => InputText(kv.Value), StringComparer.Ordinal);
        var actor = "api:" + http.Items[ApiTokenFilter.ItemKey];
        var ev = new PipelineEvent(EventKind.Manual, Branch: body.Sha is null ? branch : null, Sha: sha, Actor: actor, Inputs: inputs, Pipeline: pipeline.Id, Repository: repo.Name);
        var plan = Planner.PlanPipeline(pipeline, ev, force: true);
        if (!plan.Matched)
        {
            return Bad(plan.Reason);
        }

        var request = QueueRequests.FromPlans(repo, ev with { Inputs = plan.Inputs }, [plan], null, null, actor);
        var result = await queue.EnqueueAsync(request, time.GetUtcNow(), ct);
        commands.StopSuperseded(result);
        return Results.Json(new { queueId = result.Enqueued[0], pipeline = pipeline.Id, sha, inputs = plan.Inputs }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StartJobsAsync(
        JobsRequest? body, HttpContext http, ServerConfig config, MirrorStore mirrors, IRunQueue queue, QueueCommands commands, TimeProvider time, CancellationToken ct)
    {
        if (body?.Orders is not { Count: > 0 } orders)
        {
            return Bad("`orders` must list at least one order ({ id, run, needs, timeout, env })");
        }

        var problems = orders.Where(o => string.IsNullOrWhiteSpace(o.Id) || string.IsNullOrWhiteSpace(o.Run)).Select(_ => "every order needs an `id` and a `run` command").Distinct().ToList();
        if (problems.Count > 0)
        {
            return Bad(string.Join("; ", problems));
        }

        var yaml = JobsYaml.Write(body);
        var parsed = RunPreparation.ParseJobs(yaml);
        var errors = parsed.Diagnostics.Where(d => d.IsError).Select(d => d.Message).ToList();
        if (parsed.Pipeline is null || errors.Count > 0)
        {
            return Bad(string.Join("; ", errors));
        }

        string? sha = null;
        var repository = "";
        if (body.Repository is not null)
        {
            var repo = config.FindRepository(body.Repository);
            if (repo is null)
            {
                return Results.Json(new { error = $"repository `{body.Repository}` is not served here" }, statusCode: StatusCodes.Status404NotFound);
            }

            sha = body.Sha ?? await mirrors.ResolveAsync(repo, "refs/heads/" + (body.Ref ?? repo.DefaultBranch), fetch: true, ct);
            if (sha is null || await mirrors.EnsureCommitsAsync(repo, [sha], null, ct) is not null)
            {
                return Bad($"cannot find `{body.Sha ?? body.Ref}` in {repo.Name}");
            }

            repository = repo.Name;
        }

        var actor = "api:" + http.Items[ApiTokenFilter.ItemKey];
        var ev = new PipelineEvent(EventKind.Api, Sha: sha, Actor: actor, Pipeline: parsed.Pipeline.Id, Repository: repository.Length == 0 ? null : repository);
        var request = new QueueRequest(repository, parsed.Pipeline.Id, QueueKind.Jobs, EventJson.Serialize(ev), Payload: yaml, Sha: sha, RequestedBy: actor);
        var result = await queue.EnqueueAsync([request], time.GetUtcNow(), ct);
        commands.StopSuperseded(result);
        return Results.Json(new { queueId = result.Enqueued[0], jobs = parsed.Pipeline.Jobs.Select(j => j.Id) }, statusCode: StatusCodes.Status202Accepted);
    }

    private static string InputText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static IResult Bad(string reason) => Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);
}
