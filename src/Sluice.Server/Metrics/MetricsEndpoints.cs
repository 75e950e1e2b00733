using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Engine.Dispatch;

namespace Sluice.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, without authentication (like <c>/health</c>; it holds counts,
/// never names or secrets — keep it off the public internet with the rest of the server if that matters).
/// </summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddSluiceMetrics(this IServiceCollection services) => services
        .AddSingleton<ServerMetrics>()
        .AddSingleton<StoreCounts>()
        .AddSingleton(sp => new MetricsScrape(sp.GetRequiredService<StoreCounts>(), sp.GetRequiredService<ServerMetrics>(), sp.GetService<IJobQueue>()));

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (MetricsScrape scrape, CancellationToken ct) => Results.Text(await scrape.RenderAsync(ct), MetricsText.ContentType));
        return app;
    }
}
