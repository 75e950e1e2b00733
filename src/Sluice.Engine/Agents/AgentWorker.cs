using System.Collections.Concurrent;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The agent's loop: registers, then long-polls for jobs while it has a free slot (<see cref="AgentOptions.Capacity"/>),
/// running each with <see cref="AgentJobRun"/>. A slot whose job ends asks for the next one with the completion, and
/// runs it at once if the server hands one over; it goes back to long-polling only when none was ready. <c>stop</c>
/// (SIGTERM) ends claiming and waits for the running jobs; <c>abort</c> stops them too (their leases expire and the server re-queues them). With <see cref="AgentOptions.Once"/>
/// it takes one job and returns after it. <paramref name="groups"/> is told about every step process group of its jobs
/// (the CLI's <see cref="Reaping.AgentStepGroups"/>, so that steps die with the agent).
/// </summary>
internal sealed class AgentWorker(AgentClient client, AgentOptions options, TimeProvider time, Action<string> log, Execution.IStepGroupWatch? groups = null)
{
    private readonly PipelineCache pipelines = new();
    private StateDirectory? state;
    private IReadOnlyDictionary<string, string> inherited = new Dictionary<string, string>();

    public async Task<AgentRunResult> RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var welcome = await RegisterAsync(stop);
        if (welcome is null)
        {
            return new AgentRunResult(0, 0, stop.IsCancellationRequested ? null : "the server refused the agent token");
        }

        // Created once: it was created (a handful of mkdir calls) for every job.
        state = new StateDirectory(options.DataDirectory, StateDirectorySource.Flag).EnsureCreated();
        using var directories = new JobDirectories(Path.Combine(options.DataDirectory, "jobs"));
        inherited = Runs.RunExecutor.InheritedEnvironment();
        log($"registered as {welcome.Name} with labels [{string.Join(", ", options.Labels)}], capacity {options.Capacity}, lease {welcome.LeaseSeconds:0.#}s");
        var renewEvery = TimeSpan.FromSeconds(welcome.RenewSeconds);
        var wait = TimeSpan.FromSeconds(Math.Min(options.ClaimWait.TotalSeconds, welcome.MaxWaitSeconds));
        using var slots = new SemaphoreSlim(options.Capacity, options.Capacity);
        var running = new ConcurrentDictionary<long, Task>();
        var tally = new JobTally();
        // With each completion the agent asks for its next job, unless it is stopping or runs one job only.
        ClaimRequest? Next() => stop.IsCancellationRequested || options.Once ? null : new ClaimRequest(options.Name, options.Labels, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            ClaimedTicket? ticket;
            try
            {
                ticket = await client.ClaimAsync(new ClaimRequest(options.Name, options.Labels, wait.TotalSeconds), stop);
            }
            catch (OperationCanceledException)
            {
                slots.Release();
                break;
            }
            catch (HttpRequestException e)
            {
                slots.Release();
                log($"claiming failed ({e.Message}); retrying");
                await PauseAsync(TimeSpan.FromSeconds(1), stop);
                continue;
            }

            if (ticket is null)
            {
                slots.Release();
                continue;
            }

            var key = ticket.Id * 1000 + ticket.Attempt;
            running[key] = RunInSlotAsync(ticket, renewEvery, slots, directories, tally, Next, abort);
            if (options.Once)
            {
                break;
            }
        }

        if (!running.IsEmpty)
        {
            log($"waiting for {running.Values.Count(t => !t.IsCompleted)} running job(s) to finish");
        }

        await Task.WhenAll(running.Values);
        return new AgentRunResult(tally.Jobs, tally.NotSucceeded, null);
    }

    /// <summary>Runs the ticket, then each next job the server hands over with a completion, in one slot.</summary>
    private async Task RunInSlotAsync(
        ClaimedTicket ticket, TimeSpan renewEvery, SemaphoreSlim slots, JobDirectories directories, JobTally tally, Func<ClaimRequest?> next, CancellationToken abort)
    {
        await Task.Yield();
        try
        {
            for (ClaimedTicket? current = ticket; current is not null;)
            {
                tally.Started();
                AgentJobEnd end;
                try
                {
                    end = await new AgentJobRun(client, options, state!, pipelines, directories, inherited, renewEvery, time, log, groups).RunAsync(current, abort, next);
                }
#pragma warning disable CA1031 // One broken job must not take the agent down: its lease expires and the server re-queues it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    log($"job {current.Id} ({current.JobKey}) broke: {e.Message}");
                    end = AgentJobEnd.LeaseLost;
                }

                tally.Ended(end.State);
                current = end.Next;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<AgentWelcome?> RegisterAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                return await client.RegisterAsync(new AgentRegistration(options.Name, options.Labels, options.Capacity), stop);
            }
            catch (HttpRequestException e)
            {
                log($"cannot reach the server ({e.Message}); retrying");
                await PauseAsync(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private async Task PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, time, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
