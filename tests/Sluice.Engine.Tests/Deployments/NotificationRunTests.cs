using System.Text.Json;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>The environment's outgoing webhook receives Slack-compatible messages over real HTTP.</summary>
public sealed class NotificationRunTests
{
    private const string Pipeline = """
        on: push
        jobs:
          deploy:
            environment: production
            env:
              SLUICE_VERSION: 3.1.0
            deploy:
              steps:
                - shift: 50
                - pause: 1s
                - shift: 100
              shift: echo "$SLUICE_TRAFFIC_PERCENT"
              check:
                run: echo "message=5xx rate 40%" >> "$SLUICE_OUTPUT"; exit 1
                interval: 100ms
                threshold: 1
            run: echo starting
        """;

    [Fact]
    public async Task Webhook_GetsWaitingStartedAndRolledBack_AsSlackMessages()
    {
        using var receiver = new WebhookReceiver();
        await using var h = new DeployHarness();
        var environments = $$"""
            environments:
              production:
                url: https://shop.example.com
                approval: { reviewers: [bob] }
                notify:
                  webhook: {{receiver.Url}}
            """;
        var run = h.RunAsync(Pipeline, environments);
        var waiting = await h.WaitForAsync("production", d => d.PendingApproval is not null);
        await h.Commands.DecideAsync(waiting.RunId, "deploy", "bob", true, null, CancellationToken.None);
        await run;

        var bodies = receiver.Bodies;
        bodies.Select(b => b.GetProperty("sluice").GetProperty("event").GetString()).ShouldBe(["waiting", "started", "rolled-back"]);
        var last = bodies[^1];
        last.GetProperty("text").GetString().ShouldBe(
            $"production: 3.1.0 was rolled back — run #{waiting.RunId} deploy, by dave: check failed 1 time(s) in a row at 50%: 5xx rate 40%");
        var attachment = last.GetProperty("attachments")[0];
        attachment.GetProperty("color").GetString().ShouldBe("danger");
        attachment.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("title").GetString()).ShouldContain("Reason");
        last.GetProperty("sluice").GetProperty("url").GetString().ShouldBe("https://shop.example.com");
        last.GetProperty("sluice").GetProperty("state").GetString().ShouldBe("RolledBack");
    }

    [Fact]
    public async Task Webhook_FromASecret_OnlyListedNotices_AndAFailingHookIsAWarning()
    {
        using var receiver = new WebhookReceiver(status: 500);
        await using var h = new DeployHarness();
        const string environments = """
            environments:
              production:
                notify:
                  webhook-secret: CHAT_HOOK
                  on: [rolled-back]
            """;

        var result = await h.RunAsync(Pipeline, environments, secrets: new Dictionary<string, string> { ["CHAT_HOOK"] = receiver.Url });

        receiver.Bodies.Select(b => b.GetProperty("sluice").GetProperty("event").GetString()).ShouldBe(["rolled-back"]);
        h.Notes(result.RunId).ShouldContain("deploy: warning: notification not delivered: webhook answered 500 Internal Server Error");
        JsonSerializer.Serialize(receiver.Bodies[0]).ShouldNotContain(receiver.Url);
    }
}
