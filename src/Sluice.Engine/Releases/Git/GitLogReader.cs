using System.Buffers;
using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases.Git;

/// <summary>
/// Reads <c>git log -z</c> output as it streams: NUL-separated fields, SHA, (parents,) raw body per commit. Without
/// merges the format is exactly <c>%H%x00%B</c>, the cheapest history git can print; with merges the parents come
/// too. One pass over a reused buffer; a field that spans reads is stitched in a pooled array; each commit goes to
/// the caller's projection at once, so parsing runs while git is still producing. This is the hot path of a
/// release over a long history.
/// </summary>
internal static class GitLogReader
{
    public static readonly string[] FormatWithoutMerges = ["--no-merges", "-z", "--format=%H%x00%B"];
    public static readonly string[] FormatWithParents = ["-z", "--format=%H%x00%P%x00%B"];

    /// <param name="select">Applied to each commit as it is read (the caller parses here while git still writes).</param>
    public static async Task<List<T>> ReadAsync<T>(TextReader reader, bool withParents, Func<RawCommit, T> select, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(select);
        var perCommit = withParents ? 3 : 2;
        var commits = new List<T>(4096);
        var buffer = ArrayPool<char>.Shared.Rent(1 << 16);
        var pending = ArrayPool<char>.Shared.Rent(1 << 12);
        var pendingLength = 0;
        var fields = new string[3];
        var fieldIndex = 0;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                var start = 0;
                while (start < read)
                {
                    var nul = Array.IndexOf(buffer, '\0', start, read - start);
                    if (nul < 0)
                    {
                        Append(ref pending, ref pendingLength, buffer.AsSpan(start, read - start));
                        break;
                    }

                    string field;
                    if (pendingLength > 0)
                    {
                        Append(ref pending, ref pendingLength, buffer.AsSpan(start, nul - start));
                        field = new string(pending, 0, pendingLength);
                        pendingLength = 0;
                    }
                    else
                    {
                        field = new string(buffer, start, nul - start);
                    }

                    fields[fieldIndex++] = field;
                    if (fieldIndex == perCommit)
                    {
                        commits.Add(select(ToCommit(fields, withParents)));
                        fieldIndex = 0;
                    }

                    start = nul + 1;
                }
            }

            // The last record may end without a terminator.
            if (fieldIndex == perCommit - 1)
            {
                fields[fieldIndex] = new string(pending, 0, pendingLength);
                commits.Add(select(ToCommit(fields, withParents)));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(pending);
        }

        return commits;
    }

    private static RawCommit ToCommit(string[] fields, bool withParents)
    {
        if (!withParents)
        {
            return new RawCommit(fields[0], [], fields[1]);
        }

        var parentsText = fields[1];
        IReadOnlyList<string> parents = parentsText.Length == 0 ? [] : parentsText.Length == 40 ? [parentsText] : parentsText.Split(' ');
        return new RawCommit(fields[0], parents, fields[2]);
    }

    private static void Append(ref char[] pending, ref int length, ReadOnlySpan<char> chunk)
    {
        if (length + chunk.Length > pending.Length)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(pending.Length * 2, length + chunk.Length));
            pending.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(pending);
            pending = bigger;
        }

        chunk.CopyTo(pending.AsSpan(length));
        length += chunk.Length;
    }
}
