using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Sluice.Server.GitHub;

/// <summary>
/// The few GitHub REST calls the server makes (commit statuses, issue comments, pull requests), on HttpClient and
/// System.Text.Json; the base URL is configurable for GitHub Enterprise (<c>https://ghe.example.com/api/v3</c>).
/// Retries 5xx, 429 and network errors with exponential backoff (Polly); honours <c>Retry-After</c> and, when
/// <c>X-RateLimit-Remaining</c> reaches 0, waits for <c>X-RateLimit-Reset</c> before the next call (up to
/// <see cref="MaxRateLimitWait"/>). Failures are values; nothing here throws except cancellation.
/// </summary>
internal sealed class GitHubClient
{
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(2);

    private readonly HttpClient http;
    private readonly string baseUrl;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private long pausedUntilMs;

    public GitHubClient(HttpClient http, string baseUrl, TimeProvider time, ILogger logger, TimeSpan? baseDelay = null)
    {
        this.http = http;
        this.baseUrl = baseUrl.TrimEnd('/');
        this.time = time;
        this.logger = logger;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(500),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests || IsRateLimited(r)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ServerAskedDelay(response) : null),
                OnRetry = args =>
                {
                    logger.LogInformation("GitHub call failed ({Outcome}); retry {Attempt} in {Delay}",
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public Task<GitHubResult<bool>> CreateStatusAsync(string repository, string? token, string sha, CommitStatus status, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/repos/{repository}/statuses/{sha}", token, new Dictionary<string, string?>
        {
            ["state"] = status.State,
            ["target_url"] = status.TargetUrl,
            ["description"] = status.Description.Length > 140 ? status.Description[..139] + "…" : status.Description,
            ["context"] = status.Context,
        }, _ => true, cancellationToken);

    public Task<GitHubResult<long>> CreateCommentAsync(string repository, string? token, int issue, string body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/repos/{repository}/issues/{issue}/comments", token, new Dictionary<string, string?> { ["body"] = body },
            json => json.GetProperty("id").GetInt64(), cancellationToken);

    public Task<GitHubResult<long>> UpdateCommentAsync(string repository, string? token, long commentId, string body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/repos/{repository}/issues/comments/{commentId}", token, new Dictionary<string, string?> { ["body"] = body },
            json => json.GetProperty("id").GetInt64(), cancellationToken);

    public Task<GitHubResult<PullRequestInfo>> GetPullRequestAsync(string repository, string? token, int number, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/repos/{repository}/pulls/{number}", token, null, json =>
        {
            var head = json.GetProperty("head");
            var baseRef = json.GetProperty("base");
            var headRepo = head.TryGetProperty("repo", out var r) && r.ValueKind == JsonValueKind.Object ? r.GetProperty("full_name").GetString() : null;
            var author = json.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? u.GetProperty("login").GetString() : null;
            return new PullRequestInfo(number, head.GetProperty("sha").GetString()!, head.GetProperty("ref").GetString()!,
                baseRef.GetProperty("ref").GetString()!, baseRef.GetProperty("sha").GetString()!, headRepo,
                baseRef.GetProperty("repo").GetProperty("full_name").GetString()!, author);
        }, cancellationToken);

    private async Task<GitHubResult<T>> SendAsync<T>(
        HttpMethod method, string path, string? token, Dictionary<string, string?>? body, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await WaitForRateLimitAsync(cancellationToken);
            using var response = await pipeline.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(method, baseUrl + path);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("sluice", "1.0"));
                request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                if (body is not null)
                {
                    request.Content = JsonContent.Create(body);
                }

                var response = await http.SendAsync(request, ct);
                NoteRateLimit(response);
                return response;
            }, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return GitHubResult<T>.Failure($"{method} {path}: {(int)response.StatusCode} {Shorten(text)}");
            }

            using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            return GitHubResult<T>.Success(read(json.RootElement));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return GitHubResult<T>.Failure($"{method} {path}: {e.Message}");
        }
    }

    private static bool IsRateLimited(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden && Header(response, "X-RateLimit-Remaining") == "0";

    /// <summary>The wait the server asked for: Retry-After (seconds), or until X-RateLimit-Reset when the limit is used up; null = backoff.</summary>
    private TimeSpan? ServerAskedDelay(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : TimeSpan.Zero);
            return Clamp(delay);
        }

        if (Header(response, "X-RateLimit-Remaining") == "0" && long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow());
        }

        return null;
    }

    private void NoteRateLimit(HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Remaining") == "0"
            && long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            Interlocked.Exchange(ref pausedUntilMs, reset * 1000);
        }
    }

    private async Task WaitForRateLimitAsync(CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref pausedUntilMs));
        var wait = Clamp(until - time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            logger.LogInformation("GitHub rate limit used up; waiting {Wait} for the reset", wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRateLimitWait ? MaxRateLimitWait : delay;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
