using System.Runtime.InteropServices;

namespace Sluice.Engine.Execution;

/// <summary>
/// Reaps a child started by <see cref="SessionSpawn"/> and reports its exit code: a blocking <c>waitpid</c> for that
/// one pid on a small background thread. (The runtime's own SIGCHLD handling reaps only the children of
/// <see cref="System.Diagnostics.Process"/>, so it never takes ours.)
/// </summary>
internal static class ChildExit
{
    /// <summary>Reported when the status was taken by someone else: the runtime reaps every child when the engine was started with SIGCHLD ignored.</summary>
    public const int Unknown = 255;

    private const int StackSize = 128 * 1024;

    /// <summary>Completes with the exit code, or 128+n when signal n killed the child (as a shell reports it).</summary>
    public static Task<int> WatchAsync(int pid)
    {
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => exited.SetResult(Wait(pid)), StackSize) { IsBackground = true, Name = "step waitpid" };
        thread.UnsafeStart();
        return exited.Task;
    }

    private static int Wait(int pid)
    {
        while (true)
        {
            if (Libc.WaitPid(pid, out var status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            if (Marshal.GetLastPInvokeError() != Libc.EIntr)
            {
                return Unknown;
            }
        }
    }
}
