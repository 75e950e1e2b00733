using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>
/// A fake of the GitHub REST API on a real HTTP server at 127.0.0.1, mounted under <c>/api/v3</c> (the GitHub
/// Enterprise layout, which also proves the base URL is configurable). Request and response shapes follow GitHub's
/// REST documentation for the endpoints releases use; list endpoints paginate with <c>per_page</c>/<c>page</c> and
/// a <c>Link: rel="next"</c> header. Every request is recorded so tests can assert the exact calls. Requests
/// without the bearer token, the GitHub media type or the API version header are refused.
/// </summary>
internal sealed class FakeGitHubServer : IAsyncDisposable
{
    public const string Token = "test-token";
    private const string Prefix = "/api/v3";
    private readonly HttpListener listener;
    private readonly Task loop;
    private readonly List<FakeRequest> requests = [];
    private readonly List<(string Method, Regex Pattern, Func<FakeRequest, Match, FakeResponse> Handle)> routes = [];

    private FakeGitHubServer(HttpListener listener, int port)
    {
        this.listener = listener;
        Root = $"http://127.0.0.1:{port}";
        BaseUrl = Root + Prefix;
        FakeGitDataRoutes.Register(this);
        FakePullRoutes.Register(this);
        loop = Task.Run(ServeAsync);
    }

    public FakeGitHubState State { get; } = new();

    /// <summary>The API base URL to configure (<c>http://127.0.0.1:port/api/v3</c>).</summary>
    public string BaseUrl { get; }

    public string Root { get; }

    /// <summary>Page size when a request does not say; small so pagination is exercised.</summary>
    public int DefaultPageSize { get; set; } = 30;

    /// <summary>Above this size the contents API returns no content (GitHub: 1 MB); tests lower it.</summary>
    public int ContentsApiLimit { get; set; } = 1024 * 1024;

    /// <summary>Caps <c>per_page</c> so tests can force several pages.</summary>
    public int MaxPageSize { get; set; } = 100;

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>The recorded calls as <c>METHOD /path</c> (query omitted, prefix stripped), for exact-sequence assertions.</summary>
    public IReadOnlyList<string> Calls => Requests.Select(r => $"{r.Method} {r.Path}").ToList();

    public static FakeGitHubServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new FakeGitHubServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public void Route(string method, string pattern, Func<FakeRequest, Match, FakeResponse> handle) =>
        routes.Add((method, new Regex("^/repos/acme/app" + pattern + "$", RegexOptions.CultureInvariant), handle));

    public void ClearRequests()
    {
        lock (requests)
        {
            requests.Clear();
        }
    }

    /// <summary>One page of <paramref name="items"/> and the <c>Link</c> header pointing at the next one.</summary>
    public FakeResponse Page(FakeRequest request, IReadOnlyList<JsonNode> items, Func<JsonArray, JsonNode>? wrap = null)
    {
        var query = HttpUtility.ParseQueryString(request.PathAndQuery.Contains('?', StringComparison.Ordinal) ? request.PathAndQuery[(request.PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : "");
        var size = Math.Min(MaxPageSize, int.TryParse(query["per_page"], out var pp) ? pp : DefaultPageSize);
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var slice = new JsonArray(items.Skip((page - 1) * size).Take(size).Select(i => i.DeepClone()).ToArray());
        string? link = null;
        if (page * size < items.Count)
        {
            query["page"] = (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            link = $"<{BaseUrl}{request.Path}?{query}>; rel=\"next\", <{BaseUrl}{request.Path}?page=999>; rel=\"last\"";
        }

        return FakeResponse.Ok(wrap is null ? slice : wrap(slice), link);
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Unix, Stop() then Close() removes the listener twice, and the second removal binds the port
        // again, failing with "Address already in use" when another test took the port in between.
        listener.Close();
        try
        {
            await loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var raw = context.Request.RawUrl ?? "/";
        var pathAndQuery = raw.StartsWith(Prefix, StringComparison.Ordinal) ? raw[Prefix.Length..] : raw;
        string bodyText;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            bodyText = await reader.ReadToEndAsync();
        }

        var request = new FakeRequest(context.Request.HttpMethod, pathAndQuery, bodyText.Length == 0 ? null : JsonNode.Parse(bodyText));
        FakeResponse response;
        if (!raw.StartsWith(Prefix, StringComparison.Ordinal))
        {
            response = FakeResponse.NotFound();
        }
        else if (context.Request.Headers["Authorization"] != "Bearer " + Token)
        {
            response = FakeResponse.Error(401, "Bad credentials");
        }
        else if (context.Request.Headers["Accept"]?.Contains("application/vnd.github+json", StringComparison.Ordinal) != true
            || context.Request.Headers["X-GitHub-Api-Version"] != "2022-11-28"
            || string.IsNullOrEmpty(context.Request.UserAgent))
        {
            response = FakeResponse.Error(400, "missing Accept, X-GitHub-Api-Version or User-Agent header");
        }
        else
        {
            lock (requests)
            {
                requests.Add(request);
            }

            response = Dispatch(request);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (response.Link is not null)
        {
            context.Response.AddHeader("Link", response.Link);
        }

        var bytes = Encoding.UTF8.GetBytes(response.Body?.ToJsonString() ?? "");
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private FakeResponse Dispatch(FakeRequest request)
    {
        lock (State.Gate)
        {
            foreach (var (method, pattern, handle) in routes)
            {
                var m = pattern.Match(Uri.UnescapeDataString(request.Path));
                if (method == request.Method && m.Success)
                {
                    return handle(request, m);
                }
            }

            return FakeResponse.NotFound();
        }
    }
}
