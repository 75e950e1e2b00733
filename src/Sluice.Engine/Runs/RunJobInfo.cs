namespace Sluice.Engine.Runs;

/// <summary>A job instance as announced at the start of a run.</summary>
internal sealed record RunJobInfo(string Key, string DisplayName, IReadOnlyList<string> Needs);
