using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Server.Hosting;

/// <summary>A started server. Disposing stops it: runs in progress are aborted and resumed by the next start.</summary>
internal sealed class RunningServer(WebApplication app, ServerStorage storage, ServerIdentity identity, string address) : IAsyncDisposable
{
    public string Address { get; } = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

    public IServiceProvider Services => app.Services;

    public ServerStorage Storage => storage;

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);

        // The runs are stopped: end the lease so another server (or the next start) resumes them without waiting.
        await app.Services.GetRequiredService<ServerHeartbeat>().ReleaseAsync(CancellationToken.None);
        await app.DisposeAsync();
        identity.Stop();
        await storage.DisposeAsync();
    }
}
