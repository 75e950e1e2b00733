namespace Sluice.Engine.Scheduling;

/// <summary>
/// Lets the scheduler cancel one running job (fail-fast of a matrix) and say why. The job's runner
/// watches <see cref="Token"/> and reports <see cref="Reason"/> when it stops because of it.
/// </summary>
internal sealed class JobControl : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public CancellationToken Token => source.Token;

    public string? Reason { get; private set; }

    public void Cancel(string reason)
    {
        if (Reason is not null)
        {
            return;
        }

        Reason = reason;
        source.Cancel();
    }

    public void Dispose() => source.Dispose();
}
