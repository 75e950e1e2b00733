using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Agents;

/// <summary>
/// Keeps a job's lease alive while the job runs: renews every <c>period</c> (a third of the lease, so two renewals may
/// fail before it expires). A cancel from the server stops the steps (<see cref="AgentLease.Cancel"/>) and renewals go
/// on until the job has reported; a lost lease stops everything (<see cref="AgentLease.MarkLost"/>).
/// </summary>
internal sealed class LeaseRenewer(AgentClient client, AgentLease lease, TimeSpan period, TimeProvider time, Action<string> log)
{
    public async Task RunAsync(CancellationToken stop)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, lease.Lost);
        var cancelSeen = false;
        while (!both.IsCancellationRequested)
        {
            try
            {
                // Every job ends by stopping its renewer: no exception for that (it was thrown and caught once per job).
                await Task.Delay(period, time, both.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (both.IsCancellationRequested)
                {
                    return;
                }

                var status = await client.RenewAsync(lease.Ticket, both.Token);
                if (status == LeaseStatus.Completed)
                {
                    return; // the job's report has ended the ticket; its answer is on the way
                }

                if (status == LeaseStatus.Lost)
                {
                    log($"job {lease.Ticket.Id} ({lease.Ticket.JobKey}): lease lost; stopping it");
                    lease.MarkLost();
                    return;
                }

                if (status == LeaseStatus.CancelRequested && !cancelSeen)
                {
                    cancelSeen = true;
                    log($"job {lease.Ticket.Id} ({lease.Ticket.JobKey}): cancelled by the server");
                    lease.Cancel();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                // The next renewal may get through; the lease outlives two missed ones.
                log($"job {lease.Ticket.Id}: renewing the lease failed ({e.Message}); retrying");
            }
        }
    }
}
