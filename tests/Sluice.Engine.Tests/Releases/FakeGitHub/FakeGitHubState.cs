using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>
/// The fake's repository: blobs, flat trees (path → mode and blob), commits, refs, annotated tag objects, pull
/// requests and releases. Tests seed it with <see cref="Commit"/>, <see cref="Tag"/> and <see cref="OpenPull"/>,
/// and read it back to check what the API calls did.
/// </summary>
internal sealed class FakeGitHubState
{
    private int seq;

    public string Owner { get; init; } = "acme";

    public string Name { get; init; } = "app";

    public string DefaultBranch { get; set; } = "main";

    public Dictionary<string, string> Blobs { get; } = [];

    public Dictionary<string, Dictionary<string, (string Mode, string Blob)>> Trees { get; } = [];

    public Dictionary<string, FakeCommit> Commits { get; } = [];

    /// <summary><c>heads/main</c>, <c>tags/v1.0.0</c> → commit or tag-object SHA.</summary>
    public Dictionary<string, string> Refs { get; } = [];

    public Dictionary<string, (string Tag, string Message, string Object)> TagObjects { get; } = [];

    public List<FakePullRequest> Pulls { get; } = [];

    public List<JsonObject> Releases { get; } = [];

    public object Gate { get; } = new();

    public string Blob(string content)
    {
        var sha = Hash("blob\0" + content);
        Blobs[sha] = content;
        return sha;
    }

    public string Tree(Dictionary<string, (string Mode, string Blob)> entries)
    {
        var sha = Hash("tree\0" + string.Join('\n', entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Value.Mode} {e.Value.Blob} {e.Key}")));
        Trees[sha] = new Dictionary<string, (string, string)>(entries);
        return sha;
    }

    public string CommitObject(string message, string treeSha, IReadOnlyList<string> parents)
    {
        var n = ++seq;
        var sha = Hash($"commit\0{n}\0{treeSha}\0{string.Join(',', parents)}\0{message}");
        Commits[sha] = new FakeCommit(sha, message, parents, treeSha, n);
        return sha;
    }

    /// <summary>Commits on <paramref name="branch"/> (creating it), writing <paramref name="files"/> over the parent's tree.</summary>
    public string Commit(string branch, string message, params (string Path, string Content)[] files)
    {
        var parent = Refs.GetValueOrDefault("heads/" + branch);
        var entries = parent is null ? [] : new Dictionary<string, (string Mode, string Blob)>(Trees[Commits[parent].TreeSha]);
        foreach (var (path, content) in files)
        {
            entries[path] = ("100644", Blob(content));
        }

        var sha = CommitObject(message, Tree(entries), parent is null ? [] : [parent]);
        Refs["heads/" + branch] = sha;
        return sha;
    }

    public void Branch(string name, string sha) => Refs["heads/" + name] = sha;

    public string Head(string branch) => Refs["heads/" + branch];

    public void Tag(string name, string commitSha, bool annotated = true)
    {
        if (!annotated)
        {
            Refs["tags/" + name] = commitSha;
            return;
        }

        var sha = Hash($"tag\0{name}\0{commitSha}");
        TagObjects[sha] = (name, "Release " + name, commitSha);
        Refs["tags/" + name] = sha;
    }

    public string Peel(string sha) => TagObjects.TryGetValue(sha, out var tag) ? Peel(tag.Object) : sha;

    public FakePullRequest OpenPull(string head, string baseBranch, string title, bool mergeable = true)
    {
        var pr = new FakePullRequest { Number = Pulls.Count + 1, Head = head, Base = baseBranch, Title = title, Mergeable = mergeable };
        Pulls.Add(pr);
        return pr;
    }

    public string? Content(string commitSha, string path) =>
        Trees[Commits[commitSha].TreeSha].TryGetValue(path, out var entry) ? Blobs[entry.Blob] : null;

    public HashSet<string> Ancestors(string sha)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([sha]);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (seen.Add(s))
            {
                foreach (var p in Commits[s].Parents)
                {
                    stack.Push(p);
                }
            }
        }

        return seen;
    }

    /// <summary>Commits reachable from <paramref name="head"/> and not from <paramref name="exclude"/>, newest first.</summary>
    public List<FakeCommit> History(string head, string? exclude = null)
    {
        var skip = exclude is null ? [] : Ancestors(exclude);
        return Ancestors(head).Where(s => !skip.Contains(s)).Select(s => Commits[s]).OrderByDescending(c => c.Seq).ToList();
    }

    /// <summary>Whether the commit changed anything at or under <paramref name="path"/> compared with its first parent.</summary>
    public bool Touches(FakeCommit commit, string path)
    {
        var mine = Trees[commit.TreeSha];
        var theirs = commit.Parents.Count == 0 ? [] : Trees[Commits[commit.Parents[0]].TreeSha];
        bool Under(string p) => p == path || p.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal);
        var a = mine.Where(e => Under(e.Key)).ToDictionary();
        var b = theirs.Where(e => Under(e.Key)).ToDictionary();
        return a.Count != b.Count || a.Any(e => !b.TryGetValue(e.Key, out var other) || other != e.Value);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
