using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Metrics;

namespace Sluice.Server.Webhooks;

/// <summary>
/// <c>POST /hooks/github</c>. In order: the signature (401 when missing or not made with the repository's secret),
/// the headers and body (400 with the reason), what the event means (202 "ignored" with the reason), then the raw
/// delivery is stored in the inbox (durable) and answered 202 "accepted" — or 202 "duplicate" for a delivery id
/// already stored. Processing happens later, off the request.
/// </summary>
internal static class WebhookEndpoints
{
    public const int MaxBodyBytes = 25 * 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/github", ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, ServerConfig config, IInbox inbox, InboxSignal signal, ServerMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = await ReceiveCoreAsync(request, config, inbox, signal, time, cancellationToken);
        metrics.WebhookDelivery(DeliveryResults.Of(result));
        return result;
    }

    private static async Task<IResult> ReceiveCoreAsync(HttpRequest request, ServerConfig config, IInbox inbox, InboxSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.Json(new { error = $"body larger than {MaxBodyBytes} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        var signature = request.Headers[WebhookSignature.Header].ToString();
        if (signature.Length == 0)
        {
            return Results.Json(new { error = $"missing {WebhookSignature.Header} header" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var signedBy = config.Repositories.Where(r => r.WebhookSecret is not null && WebhookSignature.IsValid(r.WebhookSecret, body, signature)).ToList();
        if (signedBy.Count == 0)
        {
            return Results.Json(new { error = "signature does not match the webhook secret" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var eventName = request.Headers["X-GitHub-Event"].ToString();
        var delivery = request.Headers["X-GitHub-Delivery"].ToString();
        if (eventName.Length == 0 || delivery.Length == 0)
        {
            return BadRequest($"missing {(eventName.Length == 0 ? "X-GitHub-Event" : "X-GitHub-Delivery")} header");
        }

        var parsed = WebhookParser.Parse(eventName, body);
        if (parsed.Error is not null)
        {
            return BadRequest(parsed.Error);
        }

        var repository = parsed.Repository is null ? null : signedBy.FirstOrDefault(r => string.Equals(r.Name, parsed.Repository, StringComparison.OrdinalIgnoreCase));
        if (parsed.Repository is not null && repository is null)
        {
            return config.FindRepository(parsed.Repository) is null
                ? Accepted("ignored", delivery, $"repository `{parsed.Repository}` is not served here")
                : Results.Json(new { error = $"signature does not match the webhook secret of {parsed.Repository}" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (parsed.Kind == WebhookKind.Ping)
        {
            return Accepted("ignored", delivery, "pong: the webhook reaches Sluice and its signature is valid");
        }

        if (parsed.Ignored is not null || repository is null)
        {
            return Accepted("ignored", delivery, parsed.Ignored ?? "no repository in the payload");
        }

        var stored = await inbox.AddAsync(new NewDelivery(delivery, eventName, repository.Name, Encoding.UTF8.GetString(body), time.GetUtcNow()), cancellationToken);
        if (!stored)
        {
            return Accepted("duplicate", delivery, "this delivery was already received; it is not processed again");
        }

        signal.Notify();
        return Accepted("accepted", delivery, null);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 and <= MaxBodyBytes ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static IResult BadRequest(string reason) => Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Accepted(string status, string delivery, string? reason) =>
        Results.Json(new WebhookAnswer(status, delivery, reason), statusCode: StatusCodes.Status202Accepted);
}
