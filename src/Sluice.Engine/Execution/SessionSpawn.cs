using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Execution;

/// <summary>
/// Starts a step's program with <c>posix_spawn</c> as the leader of a new session and process group
/// (<c>POSIX_SPAWN_SETSID</c>): its pid is its group id, so a stop can signal the whole tree. This replaces an exec
/// of <c>setsid</c> in front of every step, which cost as much CPU as the shell's own start.
/// The child gets exactly the given environment, the working directory, <c>/dev/null</c> as stdin (a stray
/// <c>read</c> ends at once), one pipe for stdout and one for stderr, an empty signal mask and every signal at its
/// default action (the runtime ignores SIGPIPE; a step's <c>yes | head</c> must see it). Linux only.
/// The program is looked up in the step environment's PATH, as <c>execvp</c> in the child would.
/// </summary>
internal static class SessionSpawn
{
    private static readonly Lazy<IntPtr> Attributes = new(CreateAttributes);
    private static readonly ConcurrentDictionary<(string Program, string Path), string> Resolved = new();

    /// <summary>Starts the program; throws <see cref="Win32Exception"/> when it cannot be started (not found, not executable, not a binary or <c>#!</c> script).</summary>
    /// <param name="executable">The file to execute with <paramref name="program"/> as argv[0]; null looks <paramref name="program"/> up in PATH.</param>
    public static SpawnedChild Start(string program, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string? executable = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("steps run on Linux only");
        }

        var path = executable ?? Resolve(program, workingDirectory, environment.TryGetValue("PATH", out var p) ? p : "/usr/bin:/bin");
        using var strings = Strings.Pin([program, .. arguments], environment);
        (int Read, int Write) output = (-1, -1), error = (-1, -1);
        var actions = IntPtr.Zero;
        var spawned = false;
        try
        {
            output = CreatePipe();
            error = CreatePipe();
            actions = Marshal.AllocHGlobal(Libc.OpaqueSize);
            Check(Libc.FileActionsInit(actions), "posix_spawn_file_actions_init");
            try
            {
                Check(Libc.FileActionsAddOpen(actions, 0, "/dev/null", Libc.ORdOnly, 0), "addopen");
                Check(Libc.FileActionsAddDup2(actions, output.Write, 1), "adddup2");
                Check(Libc.FileActionsAddDup2(actions, error.Write, 2), "adddup2");
                Check(Libc.FileActionsAddChdir(actions, workingDirectory), "addchdir");
                var failed = Libc.PosixSpawn(out var pid, path, actions, Attributes.Value, strings.Argv, strings.Envp);
                if (failed != 0)
                {
                    throw new Win32Exception(failed, $"{program}: {new Win32Exception(failed).Message}");
                }

                spawned = true;
                return new SpawnedChild(pid, new SafePipeHandle(output.Read, ownsHandle: true), new SafePipeHandle(error.Read, ownsHandle: true));
            }
            finally
            {
                Libc.FileActionsDestroy(actions);
            }
        }
        finally
        {
            // The child has its own copies (dup2); keeping ours open would hide end of file from the readers.
            Close(output.Write);
            Close(error.Write);
            if (!spawned)
            {
                Close(output.Read);
                Close(error.Read);
            }

            Marshal.FreeHGlobal(actions);
        }
    }

    private static void Close(int fd)
    {
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// PATH lookup as <c>execvp</c> does it (a name with a slash is taken as is, relative to the working directory);
    /// a hit is remembered per (name, PATH) and checked again with one <c>access</c> call.
    /// </summary>
    private static string Resolve(string program, string workingDirectory, string searchPath)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return Path.Combine(workingDirectory, program);
        }

        if (Resolved.TryGetValue((program, searchPath), out var known) && Libc.Access(known, Libc.XOk) == 0)
        {
            return known;
        }

        foreach (var directory in searchPath.Split(':'))
        {
            var candidate = Path.Combine(directory.Length == 0 ? workingDirectory : directory, program);
            if (Libc.Access(candidate, Libc.XOk) == 0 && !Directory.Exists(candidate))
            {
                Resolved[(program, searchPath)] = candidate;
                return candidate;
            }
        }

        throw new Win32Exception(2, $"`{program}` was not found in PATH ({searchPath})");
    }

    private static (int Read, int Write) CreatePipe()
    {
        var fds = new int[2];
        if (Libc.Pipe2(fds, Libc.OCloExec) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        // Descriptors 0-2 would be overwritten by the child's own dup2 calls; a runtime always has them open.
        if (fds[0] <= 2 || fds[1] <= 2)
        {
            Libc.Close(fds[0]);
            Libc.Close(fds[1]);
            throw new Win32Exception(9, "standard descriptors of the engine are closed");
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Attributes shared by every spawn (kept for the life of the process): new session, empty mask, default signals.</summary>
    private static IntPtr CreateAttributes()
    {
        var attributes = Marshal.AllocHGlobal(Libc.OpaqueSize);
        var empty = Marshal.AllocHGlobal(Libc.OpaqueSize);
        var all = Marshal.AllocHGlobal(Libc.OpaqueSize);
        try
        {
            Check(Libc.SpawnAttrInit(attributes), "posix_spawnattr_init");
            Check(Libc.SigEmptySet(empty), "sigemptyset");
            Check(Libc.SigFillSet(all), "sigfillset");

            // glibc's sigfillset leaves out its two internal signals (32, 33), which posix_spawn then sets to SIG_IGN in the
            // child, and an ignored signal stays ignored across exec. Setting the bits of signals 1-64 directly
            // (sigset_t is a plain bit array) gives the step every signal at its default, as a fork and exec does.
            Marshal.WriteInt64(all, 0, -1L);
            Check(Libc.SpawnAttrSetSigMask(attributes, empty), "setsigmask");
            Check(Libc.SpawnAttrSetSigDefault(attributes, all), "setsigdefault");
            Check(Libc.SpawnAttrSetFlags(attributes, Libc.PosixSpawnSetSid | Libc.PosixSpawnSetSigMask | Libc.PosixSpawnSetSigDef), "setflags");
            return attributes;
        }
        finally
        {
            // The attributes hold copies of the sets.
            Marshal.FreeHGlobal(empty);
            Marshal.FreeHGlobal(all);
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new Win32Exception(result == -1 ? Marshal.GetLastPInvokeError() : result, call + " failed");
        }
    }

    /// <summary>argv and envp as NUL-terminated UTF-8 strings in one pinned buffer, with null-terminated pointer arrays.</summary>
    private sealed class Strings : IDisposable
    {
        private GCHandle handle;

        private Strings(GCHandle handle, IntPtr[] argv, IntPtr[] envp)
        {
            this.handle = handle;
            Argv = argv;
            Envp = envp;
        }

        public IntPtr[] Argv { get; }

        public IntPtr[] Envp { get; }

        public static Strings Pin(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
        {
            var texts = new List<string>(argv.Count + environment.Count);
            texts.AddRange(argv);
            foreach (var (name, value) in environment)
            {
                texts.Add(name + "=" + value);
            }

            var offsets = new int[texts.Count];
            var size = 0;
            for (var i = 0; i < texts.Count; i++)
            {
                offsets[i] = size;
                size += Encoding.UTF8.GetByteCount(texts[i]) + 1;
            }

            var buffer = new byte[size];
            for (var i = 0; i < texts.Count; i++)
            {
                Encoding.UTF8.GetBytes(texts[i], buffer.AsSpan(offsets[i])); // The byte after each string stays 0.
            }

            var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
            var start = handle.AddrOfPinnedObject();
            var argvPointers = new IntPtr[argv.Count + 1];
            var envPointers = new IntPtr[environment.Count + 1];
            for (var i = 0; i < texts.Count; i++)
            {
                if (i < argv.Count)
                {
                    argvPointers[i] = start + offsets[i];
                }
                else
                {
                    envPointers[i - argv.Count] = start + offsets[i];
                }
            }

            return new Strings(handle, argvPointers, envPointers);
        }

        public void Dispose() => handle.Free();
    }
}
