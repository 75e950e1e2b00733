using System.Globalization;
using System.Net.Http.Json;
using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Posts a Slack-compatible incoming-webhook message (<c>text</c> plus one attachment with fields) for the notices an
/// environment's <c>notify.on</c> lists. Mattermost, Rocket.Chat and Discord's <c>/slack</c> endpoints accept the
/// same JSON. The <c>sluice</c> member carries the same facts for programs; chat services ignore it.
/// </summary>
internal sealed class WebhookNotifier(HttpClient http, Uri url, IReadOnlySet<DeploymentNotice> on) : IDeploymentNotifier
{
    public async Task<string?> NotifyAsync(DeploymentNotification notification, CancellationToken cancellationToken)
    {
        if (!on.Contains(notification.Notice))
        {
            return null;
        }

        try
        {
            using var response = await http.PostAsJsonAsync(url, Payload(notification), cancellationToken);
            return response.IsSuccessStatusCode ? null : $"webhook answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"webhook unreachable: {e.Message}";
        }
    }

    public static WebhookMessage Payload(DeploymentNotification n)
    {
        var d = n.Deployment;
        var fields = new List<WebhookField>
        {
            new("Environment", d.Environment, true),
            new("Version", d.Version, true),
            new("Previous", d.PreviousVersion ?? "none", true),
            new("Run", string.Create(CultureInfo.InvariantCulture, $"#{d.RunId} {d.JobKey}"), true),
            new("Triggered by", d.TriggeredBy ?? "unknown", true),
            new("Traffic", string.Create(CultureInfo.InvariantCulture, $"{d.TrafficPercent}%"), true),
        };
        if (d.Reason is { Length: > 0 } reason)
        {
            fields.Add(new("Reason", reason, false));
        }

        var color = n.Notice switch
        {
            DeploymentNotice.Succeeded => "good",
            DeploymentNotice.Failed or DeploymentNotice.RolledBack => "danger",
            _ => "warning",
        };
        var facts = new WebhookFacts(Word(n.Notice), d.Id, d.Environment, d.Version, d.PreviousVersion, d.RunId, d.JobKey, d.State.ToString(), d.Reason, d.TrafficPercent, d.Url);
        return new WebhookMessage(n.Text, [new WebhookAttachment(color, n.Text, fields)], facts);
    }

    public static string Word(DeploymentNotice notice) => notice == DeploymentNotice.RolledBack ? "rolled-back" : notice.ToString().ToLowerInvariant();
}
