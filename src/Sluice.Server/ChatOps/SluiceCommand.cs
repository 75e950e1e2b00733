using System.Text;

namespace Sluice.Server.ChatOps;

/// <summary>
/// The first non-empty line of a comment when it starts with <c>/</c>: <c>/sluice &lt;verb&gt; args...</c> or a
/// pipeline command word (<c>/deploy</c>). Null for anything else.
/// </summary>
internal sealed record SluiceCommand(string Line, string Name, string? Verb, IReadOnlyList<string> Arguments)
{
    public bool IsSluice => Name == "/sluice";

    public static SluiceCommand? Parse(string body)
    {
        var line = body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null || !line.StartsWith('/') || line.Length < 2)
        {
            return null;
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[0] == "/sluice"
            ? new SluiceCommand(line, words[0], words.Length > 1 ? words[1] : null, words.Skip(2).ToList())
            : new SluiceCommand(line, words[0], null, words.Skip(1).ToList());
    }

    /// <summary>The help comment: Sluice's own commands and the repository's pipeline commands.</summary>
    public static string Help(IReadOnlyList<string> pipelineCommands, string? problem)
    {
        var text = new StringBuilder();
        if (problem is not null)
        {
            text.Append(problem).Append("\n\n");
        }

        text.Append("Sluice commands (first line of a comment):\n\n");
        text.Append("| command | does |\n| --- | --- |\n");
        text.Append("| `/sluice run <pipeline> [name=value ...]` | runs a pipeline on this pull request's head, with inputs |\n");
        text.Append("| `/sluice rerun [failed]` | runs the latest runs again (only failed jobs and their dependents with `failed`) |\n");
        text.Append("| `/sluice cancel` | cancels the queued and running runs of this pull request |\n");
        text.Append("| `/sluice approve` | lets a fork pull request's waiting runs start |\n");
        text.Append("| `/sluice help` | this help |\n");
        text.Append("| `/approve [comment]`, `/reject [why]` | decide the deployments of this pull request that wait for approval |\n");
        foreach (var command in pipelineCommands.Distinct())
        {
            text.Append("| `").Append(command).Append("` | defined by a pipeline (`on.comment`) |\n");
        }

        return text.ToString();
    }
}
