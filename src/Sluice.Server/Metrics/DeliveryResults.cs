using Microsoft.AspNetCore.Http;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Metrics;

/// <summary>
/// The result class of a webhook answer, the <c>result</c> label of <c>sluice_webhook_deliveries_total</c>: the
/// answer's status when accepted (<c>accepted</c>, <c>duplicate</c>, <c>ignored</c>), else <c>rejected_</c> and why
/// (<c>signature</c>, <c>invalid</c>, <c>too_large</c>, <c>error</c>). A small fixed set, never a value from the request.
/// </summary>
internal static class DeliveryResults
{
    public static string Of(IResult result) => result switch
    {
        IValueHttpResult<WebhookAnswer> { Value: { } answer } => answer.Status,
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized } => "rejected_signature",
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status400BadRequest } => "rejected_invalid",
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status413PayloadTooLarge } => "rejected_too_large",
        _ => "rejected_error",
    };
}
