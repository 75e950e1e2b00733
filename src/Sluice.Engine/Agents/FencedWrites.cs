namespace Sluice.Engine.Agents;

/// <summary>
/// Sends one fenced write until the server answers: transport errors and 5xx are retried with a growing pause (the same
/// request again, which the server applies once: logs by sequence, steps and state by key); a 409 marks the lease lost and
/// stops. Gives up when the lease is lost or after <see cref="MaxTries"/>.
/// </summary>
internal static class FencedWrites
{
    private const int MaxTries = 12;

    public static async Task<WriteOutcome> SendAsync(AgentLease lease, Func<CancellationToken, Task<WriteOutcome>> write, TimeProvider time)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            if (lease.IsLost)
            {
                return WriteOutcome.Fenced;
            }

            try
            {
                var outcome = await write(lease.Lost);
                if (outcome == WriteOutcome.Fenced)
                {
                    lease.MarkLost();
                }

                return outcome;
            }
            catch (HttpRequestException) when (attempt < MaxTries)
            {
            }
            catch (OperationCanceledException) when (lease.IsLost)
            {
                return WriteOutcome.Fenced;
            }

            try
            {
                await Task.Delay(pause, time, lease.Lost);
            }
            catch (OperationCanceledException)
            {
                return WriteOutcome.Fenced;
            }

            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 3000));
        }
    }
}
