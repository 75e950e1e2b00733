using Sluice.Core.Globs;

namespace Sluice.Core.Expressions;

/// <summary>
/// An in-memory <see cref="IExpressionContext"/>: contexts by name (case-insensitive), a job status
/// (default <see cref="JobStatus.Ok"/>), and a predicate for <c>changed('glob')</c>. Immutable; the <c>With</c> methods return changed copies.
/// </summary>
public sealed class DictionaryExpressionContext : IExpressionContext
{
    private static readonly Func<string, bool> ChangesUnknown = _ => true;

    private readonly Dictionary<string, ExprValue> contexts;
    private readonly Func<string, bool> changed;

    /// <param name="changed">
    /// Answers <c>changed(pattern)</c>; see <see cref="ChangedFiles"/>. Without it the changes are unknown and
    /// count as "everything changed", as path filters and the planner treat them (better to run than to skip).
    /// </param>
    public DictionaryExpressionContext(
        IEnumerable<KeyValuePair<string, ExprValue>> contexts,
        JobStatus? status = null,
        Func<string, bool>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        this.contexts = new Dictionary<string, ExprValue>(contexts, StringComparer.OrdinalIgnoreCase);
        Status = status ?? JobStatus.Ok;
        this.changed = changed ?? ChangesUnknown;
    }

    public static DictionaryExpressionContext Empty { get; } = new([]);

    public JobStatus Status { get; }

    public IReadOnlyDictionary<string, ExprValue> Contexts => contexts;

    public bool TryGetContext(string name, out ExprValue value)
    {
        if (contexts.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = ExprValue.Null;
        return false;
    }

    public bool Changed(string pattern) => changed(pattern);

    public DictionaryExpressionContext With(string name, ExprValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return new(new Dictionary<string, ExprValue>(contexts, StringComparer.OrdinalIgnoreCase) { [name] = value }, Status, changed);
    }

    public DictionaryExpressionContext WithStatus(JobStatus status) => new(contexts, status, changed);

    public DictionaryExpressionContext WithChanged(Func<string, bool> predicate) => new(contexts, Status, predicate);

    /// <summary>
    /// A <c>changed()</c> predicate over a list of changed paths: true when any path matches the glob
    /// (<see cref="Glob"/> syntax). A negated glob (<c>!docs/**</c>) is true when any path does not match it,
    /// i.e. something changed outside it. An invalid glob matches nothing.
    /// </summary>
    public static Func<string, bool> ChangedFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        return pattern => Glob.TryParse(pattern, out var glob, out _) && list.Any(path => glob!.IsMatch(path) != glob.Negated);
    }
}
