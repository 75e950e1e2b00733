namespace Sluice.Engine.Execution;

/// <summary>The program and argument templates (with <c>{0}</c> for the script file) that run a step's script.</summary>
internal sealed record ShellInvocation(string Program, IReadOnlyList<string> ArgumentTemplates, string ScriptExtension)
{
    public IReadOnlyList<string> Arguments(string scriptPath) =>
        ArgumentTemplates.Select(a => a.Replace("{0}", scriptPath, StringComparison.Ordinal)).ToList();
}
