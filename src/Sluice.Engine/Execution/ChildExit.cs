using System.Runtime.InteropServices;

namespace Sluice.Engine.Execution;

/// <summary>
/// Reaps the children started by <see cref="SessionSpawn"/> and reports their exit codes. On every SIGCHLD (handled
/// on the thread pool through <see cref="PosixSignalRegistration"/>) it asks <c>waitpid(pid, WNOHANG)</c> for each
/// child still running: no thread per child, no polling. The runtime's own SIGCHLD handling reaps only the children
/// of <see cref="System.Diagnostics.Process"/>, so it never takes ours — except when the engine is pid 1, where it
/// reaps every child; <see cref="StepProcess"/> does not use this class then.
/// </summary>
internal static class ChildExit
{
    /// <summary>Reported when the status was taken by someone else (see the class remarks); a step is then failed.</summary>
    public const int Unknown = 255;

    private const int WNoHang = 1;
    private const int EChild = 10;

    private static readonly Dictionary<int, TaskCompletionSource<int>> Running = [];
    private static readonly Lock Gate = new();
    private static PosixSignalRegistration? registration;

    /// <summary>Completes with the exit code, or 128+n when signal n killed the child (as a shell reports it).</summary>
    public static Task<int> WatchAsync(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("steps run on Linux only");
        }

        var exited = new TaskCompletionSource<int>();
        lock (Gate)
        {
            registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => Reap());
            Running[pid] = exited;
        }

        // It may have exited before it was registered, its SIGCHLD handled already. Continuations run on the thread that
        // reaps (a thread-pool thread, outside the lock): the step goes on without another hop.
        Reap();
        return exited.Task;
    }

    private static void Reap()
    {
        List<(TaskCompletionSource<int> Exited, int Code)>? ended = null;
        lock (Gate)
        {
            foreach (var (pid, exited) in Running)
            {
                if (TryReap(pid) is { } code)
                {
                    (ended ??= []).Add((exited, code));
                    Running.Remove(pid);
                }
            }
        }

        foreach (var (exited, code) in ended ?? [])
        {
            exited.TrySetResult(code);
        }
    }

    private static int? TryReap(int pid)
    {
        while (true)
        {
            var result = Libc.WaitPid(pid, out var status, WNoHang);
            if (result == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            if (result == 0)
            {
                return null;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != Libc.EIntr)
            {
                return error == EChild ? Unknown : null;
            }
        }
    }
}
