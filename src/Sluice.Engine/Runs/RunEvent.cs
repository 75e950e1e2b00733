namespace Sluice.Engine.Runs;

/// <summary>A live event of a run. Subtypes: run started/finished, job started/finished, log line.</summary>
internal abstract record RunEvent(long RunId, DateTimeOffset At);
