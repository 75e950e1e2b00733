using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Mirrors;

namespace Sluice.Server.Agents;

/// <summary>
/// What a leased job may read, each behind the fence: its secrets (declared ones the server holds for the repository; none
/// for a fork pull request), its source (the commit's tree as a tar) and the blobs of its needs' artifacts.
/// </summary>
internal static class AgentJobReads
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id:long}/secrets", SecretsAsync);
        api.MapGet("/jobs/{id:long}/source", SourceAsync);
        api.MapGet("/jobs/{id:long}/blobs/{sha256}", BlobAsync);
    }

    private static async Task<IResult> SecretsAsync(long id, HttpRequest request, JobLeases leases, ServerConfig config, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!job.Payload.Fork && config.FindRepository(job.Payload.Repository) is { } repo)
        {
            foreach (var name in job.Payload.Secrets)
            {
                if (repo.Secrets.TryGetValue(name, out var value))
                {
                    secrets[name] = value;
                }
            }
        }

        return Results.Json(new SecretsReply(secrets), DispatchJson.Options);
    }

    private static async Task SourceAsync(long id, HttpContext http, JobLeases leases, ServerConfig config, MirrorStore mirrors, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, http.Request, ct);
        if (job is null)
        {
            await refusal!.ExecuteAsync(http);
            return;
        }

        if (job.Payload.Sha is not { } sha || config.FindRepository(job.Payload.Repository) is not { } repo
            || await mirrors.EnsureCommitsAsync(repo, [sha], null, ct) is { } missing)
        {
            await Results.Json(new Refusal($"no source for job {id}"), statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/x-tar";
        var error = await SourceArchive.WriteAsync(mirrors.PathOf(repo), sha, http.Response.Body, ct);
        if (error is not null)
        {
            // Headers are gone already: breaking the connection is the only way to tell the agent the tar is incomplete.
            http.Abort();
        }
    }

    private static async Task<IResult> BlobAsync(long id, string sha256, HttpRequest request, JobLeases leases, ServerStorage storage, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        // A job reads only what its needs kept, never any blob of the server.
        var stream = job.Payload.Artifacts.Any(a => a.Sha256 == sha256) ? storage.State.Blobs().Open(sha256) : null;
        return stream is null
            ? Results.Json(new Refusal($"blob {sha256} is not an artifact this job needs"), statusCode: StatusCodes.Status404NotFound)
            : Results.Stream(stream, "application/octet-stream");
    }
}
