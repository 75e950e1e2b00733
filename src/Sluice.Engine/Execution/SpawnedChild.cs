using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Execution;

/// <summary>A child started by <see cref="SessionSpawn"/>: its pid (also its session and group id) and the read ends of its stdout and stderr pipes.</summary>
internal sealed record SpawnedChild(int Pid, SafePipeHandle StandardOutput, SafePipeHandle StandardError);
