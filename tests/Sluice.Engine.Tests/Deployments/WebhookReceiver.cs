using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>A real HTTP endpoint on 127.0.0.1 that keeps every JSON body posted to it (a stand-in chat webhook).</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<JsonElement> bodies = new();
    private readonly Task loop;

    public WebhookReceiver(int status = 200)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/T000/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var document = await JsonDocument.ParseAsync(context.Request.InputStream))
                {
                    bodies.Enqueue(document.RootElement.Clone());
                }

                context.Response.StatusCode = status;
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public IReadOnlyList<JsonElement> Bodies => [.. bodies];

    public void Dispose()
    {
        // Close alone: on Unix, Stop() then Close() removes the listener twice, and the second removal binds the port
        // again, failing with "Address already in use" when another test took the port in between.
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(2));
    }
}
