using Sluice.Engine.Runs;

namespace Sluice.Server.Queue;

/// <summary>Fans the engine's events out to several observers; one that throws does not stop the others.</summary>
internal sealed class RunObservers(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    public void OnEvent(RunEvent runEvent)
    {
        foreach (var observer in observers)
        {
            try
            {
                observer.OnEvent(runEvent);
            }
#pragma warning disable CA1031 // The observer contract says never throw; a broken one must not break the run.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
