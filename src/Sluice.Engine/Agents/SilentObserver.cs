using Sluice.Engine.Runs;

namespace Sluice.Engine.Agents;

/// <summary>An agent shows nothing live: its job's lines go to the server through the run history.</summary>
internal sealed class SilentObserver : IRunObserver
{
    public static readonly SilentObserver Instance = new();

    public void OnEvent(RunEvent runEvent)
    {
    }
}
