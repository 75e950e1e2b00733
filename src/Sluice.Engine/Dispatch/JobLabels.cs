namespace Sluice.Engine.Dispatch;

/// <summary>
/// Label sets as the queue stores them: distinct, sorted ordinally, comma-joined (empty for a job without <c>runs-on</c>).
/// A ticket fits a worker when every ticket label is among the worker's labels; comparison is ordinal (labels are
/// identifiers, <c>Linux</c> is not <c>linux</c>).
/// </summary>
internal static class JobLabels
{
    public static string Join(IEnumerable<string> labels)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label) || label.Contains(',', StringComparison.Ordinal) || label.Trim() != label)
            {
                // The stored form is comma-joined: a label with a comma or blanks would read back as other labels.
                throw new ArgumentException($"label `{label}` is empty, has surrounding blanks or holds a comma", nameof(labels));
            }

            set.Add(label);
        }

        return string.Join(',', set);
    }

    public static IReadOnlyList<string> Split(string joined) =>
        joined.Length == 0 ? [] : joined.Split(',');

    /// <summary>True when the stored label set <paramref name="joined"/> asks for nothing the worker lacks.</summary>
    public static bool Fits(string joined, IReadOnlySet<string> workerLabels) =>
        Split(joined).All(workerLabels.Contains);

    /// <summary>How a reason names a label set: <c>`gpu, linux`</c>.</summary>
    public static string Describe(IReadOnlyList<string> labels) => "`" + string.Join(", ", labels) + "`";
}
