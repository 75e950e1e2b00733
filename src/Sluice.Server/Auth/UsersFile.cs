using System.Text.RegularExpressions;

namespace Sluice.Server.Auth;

/// <summary>
/// The dashboard's users: <c>dashboard-users</c> in the data directory, one <c>NAME ROLE HASH</c> a line
/// (role <c>viewer</c> or <c>operator</c>, hash from <see cref="PasswordHash"/>; <c>#</c> starts a comment).
/// Re-read when the file changes, so adding a user needs no restart. Bad lines are skipped and listed in
/// <see cref="Problems"/>; a missing file means no users (API tokens can still sign in).
/// </summary>
internal sealed partial class UsersFile(string path)
{
    public const string FileName = "dashboard-users";

    private readonly Lock gate = new();
    private (DateTime Modified, long Length) stamp;
    private Dictionary<string, DashboardUser> users = new(StringComparer.Ordinal);
    private IReadOnlyList<string> problems = [];

    public string Path { get; } = path;

    public IReadOnlyList<string> Problems
    {
        get
        {
            Refresh();
            return problems;
        }
    }

    public int Count
    {
        get
        {
            Refresh();
            return users.Count;
        }
    }

    public DashboardUser? Find(string name)
    {
        Refresh();
        return users.GetValueOrDefault(name);
    }

    public static (Dictionary<string, DashboardUser> Users, List<string> Problems) Parse(IEnumerable<string> lines)
    {
        var found = new Dictionary<string, DashboardUser>(StringComparer.Ordinal);
        var errors = new List<string>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                errors.Add($"line {number}: expected `NAME ROLE HASH`");
            }
            else if (!UserName().IsMatch(parts[0]))
            {
                errors.Add($"line {number}: `{parts[0]}` is not a user name (letters, digits, . _ @ -)");
            }
            else if (!Enum.TryParse<DashboardRole>(parts[1], ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                errors.Add($"line {number}: role must be viewer or operator, found `{parts[1]}`");
            }
            else if (!PasswordHash.IsWellFormed(parts[2]))
            {
                errors.Add($"line {number}: the hash must look like {PasswordHash.Prefix}$ITERATIONS$SALT$HASH");
            }
            else if (!found.TryAdd(parts[0], new DashboardUser(parts[0], role, parts[2])))
            {
                errors.Add($"line {number}: `{parts[0]}` is listed twice");
            }
        }

        return (found, errors);
    }

    private void Refresh()
    {
        var info = new FileInfo(Path);
        var current = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        lock (gate)
        {
            if (current == stamp)
            {
                return;
            }

            try
            {
                var (parsed, errors) = info.Exists ? Parse(File.ReadAllLines(Path)) : (new Dictionary<string, DashboardUser>(StringComparer.Ordinal), []);
                users = parsed;
                problems = errors;
                stamp = current;
            }
            catch (IOException e)
            {
                problems = [$"cannot read {Path}: {e.Message}"];
            }
            catch (UnauthorizedAccessException e)
            {
                problems = [$"cannot read {Path}: {e.Message}"];
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex UserName();
}
