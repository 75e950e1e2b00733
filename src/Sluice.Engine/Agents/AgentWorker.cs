using System.Collections.Concurrent;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The agent's loop: registers, then long-polls for jobs while it has a free slot (<see cref="AgentOptions.Capacity"/>),
/// running each with <see cref="AgentJobRun"/>. <c>stop</c> (SIGTERM) ends claiming and waits for the running jobs;
/// <c>abort</c> stops them too (their leases expire and the server re-queues them). With <see cref="AgentOptions.Once"/>
/// it takes one job and returns after it. <paramref name="groups"/> is told about every step process group of its jobs
/// (the CLI's <see cref="Reaping.AgentStepGroups"/>, so that steps die with the agent).
/// </summary>
internal sealed class AgentWorker(AgentClient client, AgentOptions options, TimeProvider time, Action<string> log, Execution.IStepGroupWatch? groups = null)
{
    private readonly PipelineCache pipelines = new();
    private StateDirectory? state;

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
        log($"registered as {welcome.Name} with labels [{string.Join(", ", options.Labels)}], capacity {options.Capacity}, lease {welcome.LeaseSeconds:0.#}s");
        var renewEvery = TimeSpan.FromSeconds(welcome.RenewSeconds);
        var wait = TimeSpan.FromSeconds(Math.Min(options.ClaimWait.TotalSeconds, welcome.MaxWaitSeconds));
        using var slots = new SemaphoreSlim(options.Capacity, options.Capacity);
        var running = new ConcurrentDictionary<long, Task<JobState?>>();
        var jobs = 0;
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

            jobs++;
            var key = ticket.Id * 1000 + ticket.Attempt;
            running[key] = RunOneAsync(ticket, renewEvery, slots, directories, abort);
            if (options.Once)
            {
                break;
            }
        }

        if (!running.IsEmpty)
        {
            log($"waiting for {running.Values.Count(t => !t.IsCompleted)} running job(s) to finish");
        }

        var states = await Task.WhenAll(running.Values);
        return new AgentRunResult(jobs, states.Count(s => s != JobState.Succeeded), null);
    }

    private async Task<JobState?> RunOneAsync(ClaimedTicket ticket, TimeSpan renewEvery, SemaphoreSlim slots, JobDirectories directories, CancellationToken abort)
    {
        await Task.Yield();
        try
        {
            return await new AgentJobRun(client, options, state!, pipelines, directories, renewEvery, time, log, groups).RunAsync(ticket, abort);
        }
#pragma warning disable CA1031 // One broken job must not take the agent down: its lease expires and the server re-queues it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log($"job {ticket.Id} ({ticket.JobKey}) broke: {e.Message}");
            return null;
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
