using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;
using Sluice.Server.Api;
using Sluice.Server.Auth;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// The web dashboard under <c>/ui</c> (and <c>/</c> redirecting there), served by <c>sluice serve</c> itself. Its
/// services are built here from the server's own (run store, queue, queue commands, deployment store and commands,
/// mirrors, token store), so the server's wiring needs one line: <c>app.MapDashboard()</c>. Pages and feeds need a session; actions need an
/// operator and the session's anti-forgery token. See docs/dashboard.md.
/// </summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var sp = app.ServiceProvider;
        var config = sp.GetRequiredService<ServerConfig>();
        var time = sp.GetRequiredService<TimeProvider>();
        var mirrors = sp.GetRequiredService<MirrorStore>();
        var users = new UsersFile(Path.Combine(config.DataDir, UsersFile.FileName));
        var auth = new DashboardAuth(users, sp.GetRequiredService<IApiTokenStore>(), SessionCookies.Open(config.DataDir, time), time);
        var s = new DashboardServices(sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<IRunQueue>(), sp.GetRequiredService<QueueCommands>(),
            sp.GetRequiredService<IDeploymentStore>(), sp.GetRequiredService<IDeploymentCommands>(), new CommitMessages(config, mirrors), config, mirrors, auth, time);
        var throttle = new SignInThrottle(time);

        app.MapGet("/", () => Results.Redirect("/ui/"));
        var ui = app.MapGroup("/ui");
        ui.MapGet("/assets/{name}", (string name, HttpContext http) => Assets.Serve(name, http));
        ui.MapGet("/sign-in", (HttpContext http) => SignInPage.Render(http, s));
        ui.MapPost("/sign-in", (HttpContext http, CancellationToken ct) => SignInPage.SubmitAsync(http, s, throttle, ct));
        ui.MapPost("/sign-out", async (HttpContext http, CancellationToken ct) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
            if (auth.Current(http) is not null && !auth.CheckAntiForgery(http, form?[DashboardAuth.AntiForgeryField]))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            auth.SignOut(http);
            return Results.Redirect("/ui/sign-in");
        });

        var pages = ui.MapGroup("").AddEndpointFilter(new SignedInFilter(auth));
        pages.MapGet("/", (HttpContext http, CancellationToken ct) => RunsPage.RenderAsync(http, s, ct));
        pages.MapGet("/runs/{id:long}", (long id, HttpContext http, CancellationToken ct) => RunPage.RenderAsync(id, http, s, ct));
        pages.MapGet("/runs/{id:long}/logs", (long id, HttpContext http, CancellationToken ct) => LogsPage.RenderAsync(id, http, s, ct));
        pages.MapGet("/runs/{id:long}/logs/stream", async (long id, string job, HttpContext http, CancellationToken ct) =>
        {
            await LogFeed.StreamAsync(id, job, http, s.Runs, ct);
            return Results.Empty;
        });
        pages.MapGet("/runs/{id:long}/logs/raw", async (long id, string job, HttpContext http, CancellationToken ct) =>
        {
            await LogFeed.RawAsync(id, job, http, s.Runs, ct);
            return Results.Empty;
        });
        pages.MapGet("/queue/{id:long}", (long id, HttpContext http, CancellationToken ct) => QueuePage.RenderAsync(id, http, s, ct));
        pages.MapGet("/deployments", (HttpContext http, CancellationToken ct) => DeploymentsPage.RenderAsync(http, s, ct));

        var actions = ui.MapGroup("").AddEndpointFilter(new OperatorFilter(auth));
        actions.MapPost("/runs/{id:long}/cancel", (long id, HttpContext http, CancellationToken ct) => DashboardActions.CancelAsync(id, http, s, ct));
        actions.MapPost("/runs/{id:long}/rerun", (long id, bool? failed, HttpContext http, CancellationToken ct) => DashboardActions.RerunAsync(id, failed, http, s, ct));
        actions.MapPost("/queue/{id:long}/approve", (long id, HttpContext http, CancellationToken ct) => DashboardActions.ApproveAsync(id, http, s, ct));
        actions.MapPost("/queue/{id:long}/reject", (long id, HttpContext http, CancellationToken ct) => DashboardActions.RejectAsync(id, http, s, ct));
        actions.MapPost("/deployments/{id:long}/approve", (long id, HttpContext http, CancellationToken ct) => DeploymentActions.DecideAsync(id, true, http, s, ct));
        actions.MapPost("/deployments/{id:long}/reject", (long id, HttpContext http, CancellationToken ct) => DeploymentActions.DecideAsync(id, false, http, s, ct));
        actions.MapPost("/environments/{name}/lock", (string name, HttpContext http, CancellationToken ct) => DeploymentActions.LockAsync(name, http, s, ct));
        actions.MapPost("/environments/{name}/unlock", (string name, HttpContext http, CancellationToken ct) => DeploymentActions.UnlockAsync(name, http, s, ct));
        actions.MapPost("/environments/{name}/rollback", (string name, HttpContext http, CancellationToken ct) => DeploymentActions.RollbackAsync(name, http, s, ct));
        return app;
    }
}
