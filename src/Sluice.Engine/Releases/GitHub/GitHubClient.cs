using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>
/// A thin GitHub REST client on <see cref="HttpClient"/> and System.Text.Json: versioned media type and API version
/// header, bearer token, JSON bodies, and pagination through the <c>Link</c> header. The base URL is
/// <c>https://api.github.com</c> or a GitHub Enterprise <c>https://host/api/v3</c>. Transport failures become
/// responses with status 0 so callers handle every failure as a value.
/// </summary>
internal sealed partial class GitHubClient
{
    private readonly HttpClient http;
    private readonly Uri baseUri;
    private readonly string? token;

    public GitHubClient(HttpClient http, string apiUrl, string? token)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        this.http = http;
        baseUri = new Uri(apiUrl.TrimEnd('/') + "/");
        this.token = token;
    }

    public Task<GitHubResponse> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<GitHubResponse> SendAsync(HttpMethod method, string pathOrUrl, JsonNode? body, CancellationToken cancellationToken)
    {
        var uri = pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(baseUri, pathOrUrl);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("sluice", "1.0"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = default(JsonElement);
            if (text.Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    json = doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    json = JsonDocument.Parse(JsonSerializer.Serialize(new { message = text.Length > 200 ? text[..200] : text })).RootElement.Clone();
                }
            }

            var next = response.Headers.TryGetValues("Link", out var links) ? NextLink(string.Join(",", links)) : null;
            return new GitHubResponse((int)response.StatusCode, json, next);
        }
        catch (HttpRequestException ex)
        {
            return Transport(ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Transport("request timed out: " + ex.Message);
        }
    }

    /// <summary>
    /// GETs every page of a list endpoint (following <c>Link: rel="next"</c>), handing each page to
    /// <paramref name="page"/>, which returns false to stop early. Returns the failing response, if any.
    /// </summary>
    public async Task<GitHubResponse?> GetPagesAsync(string path, Func<JsonElement, bool> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        string? next = path;
        while (next is not null)
        {
            var response = await GetAsync(next, cancellationToken);
            if (!response.IsSuccess)
            {
                return response;
            }

            if (!page(response.Json))
            {
                break;
            }

            next = response.NextLink;
        }

        return null;
    }

    public static string Escape(string pathSegments) => string.Join('/', pathSegments.Split('/').Select(Uri.EscapeDataString));

    private static GitHubResponse Transport(string message) =>
        new(0, JsonDocument.Parse(JsonSerializer.Serialize(new { message })).RootElement.Clone(), null);

    private static string? NextLink(string header)
    {
        foreach (Match m in LinkPart().Matches(header))
        {
            if (m.Groups["rel"].Value == "next")
            {
                return m.Groups["url"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"<(?<url>[^>]+)>\s*;\s*rel=""(?<rel>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPart();
}
