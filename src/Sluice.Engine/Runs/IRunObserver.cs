namespace Sluice.Engine.Runs;

/// <summary>
/// Receives live events of a run (console view, JSON stream, later the server's websocket).
/// Contract: called from several threads at once; must return quickly and never throw; log text is already masked.
/// </summary>
internal interface IRunObserver
{
    void OnEvent(RunEvent runEvent);
}
