namespace Sluice.Engine.Execution;

/// <summary>A step to start without its shell: the file to execute, its argv (argv[0] as written in the script) and its environment.</summary>
internal sealed record DirectSpawn(string Executable, IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment);
