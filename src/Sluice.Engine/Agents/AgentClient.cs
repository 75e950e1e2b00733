using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The agent's side of the protocol (docs/agent-protocol.md) over HTTP with the agent's bearer token. Expected answers
/// are values: no job (204) is null, a refused fenced write (409) is <see cref="WriteOutcome.Fenced"/>. Anything else
/// (the server unreachable, a 5xx) throws <see cref="HttpRequestException"/>, which callers retry.
/// </summary>
internal sealed class AgentClient : IDisposable
{
    private readonly HttpClient http;

    public AgentClient(Uri server, string token, HttpMessageHandler? handler = null)
    {
        http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server,
            Timeout = Timeout.InfiniteTimeSpan, // each call sets its own deadline; a claim long-polls
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static TimeSpan CallTimeout => TimeSpan.FromSeconds(30);

    /// <summary>Null when the server refuses the token (401).</summary>
    public async Task<AgentWelcome?> RegisterAsync(AgentRegistration registration, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, AgentProtocol.Prefix + "/register", null, JsonContent.Create(registration, options: DispatchJson.Options), CallTimeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<AgentWelcome>(DispatchJson.Options, cancellationToken);
    }

    /// <summary>Long-polls for a job; null when none came within the wait.</summary>
    public async Task<ClaimedTicket?> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        var deadline = TimeSpan.FromSeconds(request.WaitSeconds) + CallTimeout;
        using var response = await SendAsync(HttpMethod.Post, AgentProtocol.Prefix + "/claim", null, JsonContent.Create(request, options: DispatchJson.Options), deadline, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<ClaimedTicket>(DispatchJson.Options, cancellationToken);
    }

    public async Task<LeaseStatus> RenewAsync(ClaimedTicket job, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, AgentProtocol.Job(job.Id, "renew"), job, null, CallTimeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return LeaseStatus.Lost;
        }

        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RenewReply>(DispatchJson.Options, cancellationToken))!.Status;
    }

    /// <summary>Null when fenced out.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> SecretsAsync(ClaimedTicket job, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, AgentProtocol.Job(job.Id, "secrets"), job, null, CallTimeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<SecretsReply>(DispatchJson.Options, cancellationToken))!.Secrets;
    }

    /// <summary>Extracts the tree of the job's commit (a tar made by <c>git archive</c>) into <paramref name="directory"/>.</summary>
    public async Task<WriteOutcome> DownloadSourceAsync(ClaimedTicket job, string directory, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, AgentProtocol.Job(job.Id, "source"), job, null, TimeSpan.FromMinutes(10), cancellationToken, streamed: true);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return WriteOutcome.Fenced;
        }

        await EnsureAsync(response, cancellationToken);
        Directory.CreateDirectory(directory);
        await using var tar = await response.Content.ReadAsStreamAsync(cancellationToken);
        await TarFile.ExtractToDirectoryAsync(tar, directory, overwriteFiles: true, cancellationToken);
        return WriteOutcome.Done;
    }

    /// <summary>Copies a blob the job may read (an artifact of its needs) into the local blob store; false when fenced out or the hash does not match.</summary>
    public async Task<bool> DownloadBlobAsync(ClaimedTicket job, string sha256, BlobStore blobs, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, AgentProtocol.Job(job.Id, "blobs/" + sha256), job, null, TimeSpan.FromMinutes(10), cancellationToken, streamed: true);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, cancellationToken);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        var stored = await blobs.PutAsync(content, cancellationToken);
        return stored.Sha256 == sha256;
    }

    public async Task<WriteOutcome> UploadBlobAsync(ClaimedTicket job, string sha256, Stream content, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, AgentProtocol.Job(job.Id, "blobs/" + sha256), job, body, TimeSpan.FromMinutes(10), cancellationToken);
        return await OutcomeAsync(response, cancellationToken);
    }

    /// <summary>A fenced JSON write: logs, steps, state, outputs, artifacts, complete.</summary>
    public async Task<WriteOutcome> PostAsync<T>(ClaimedTicket job, string what, T body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, AgentProtocol.Job(job.Id, what), job, JsonContent.Create(body, options: DispatchJson.Options), CallTimeout, cancellationToken);
        return await OutcomeAsync(response, cancellationToken);
    }

    /// <summary>
    /// Sends the job's completion; when it asks for the <see cref="JobCompletion.Next"/> job, a 200 carries that job,
    /// already leased to this agent (a server that predates it answers 204: no next job).
    /// </summary>
    public async Task<(WriteOutcome Outcome, ClaimedTicket? Next)> CompleteAsync(ClaimedTicket job, JobCompletion completion, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, AgentProtocol.Job(job.Id, "complete"), job, JsonContent.Create(completion, options: DispatchJson.Options), CallTimeout, cancellationToken);
        var outcome = await OutcomeAsync(response, cancellationToken);
        var next = outcome == WriteOutcome.Done && response.StatusCode == HttpStatusCode.OK
            ? await response.Content.ReadFromJsonAsync<ClaimedTicket>(DispatchJson.Options, cancellationToken)
            : null;
        return (outcome, next);
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, ClaimedTicket? job, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken, bool streamed = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (job is not null)
        {
            request.Headers.Add(AgentProtocol.LeaseHeader, job.Token.ToString(CultureInfo.InvariantCulture));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await http.SendAsync(request, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"{method} {path} timed out after {timeout.TotalSeconds:0}s", e);
        }
    }

    private static async Task<WriteOutcome> OutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return WriteOutcome.Fenced;
        }

        await EnsureAsync(response, cancellationToken);
        return WriteOutcome.Done;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {text}", null, response.StatusCode);
        }
    }
}
