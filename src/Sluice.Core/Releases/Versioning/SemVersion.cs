using System.Globalization;
using System.Text;

namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// A Semantic Versioning 2.0 version (<c>1.3.0</c>, <c>1.3.0-rc.1</c>, <c>1.3.0+build.5</c>). Ordering follows
/// the spec's precedence: build metadata is ignored, a pre-release sorts before its release, numeric
/// identifiers compare numerically and sort before alphanumeric ones.
/// </summary>
internal sealed record SemVersion(int Major, int Minor, int Patch, IReadOnlyList<string> Prerelease, string? Build = null)
    : IComparable<SemVersion>
{
    public SemVersion(int major, int minor, int patch)
        : this(major, minor, patch, [], null)
    {
    }

    public bool IsPrerelease => Prerelease.Count > 0;

    /// <summary>The version without pre-release and build parts (<c>1.3.0</c> for <c>1.3.0-rc.2</c>).</summary>
    public SemVersion Core => IsPrerelease || Build is not null ? new SemVersion(Major, Minor, Patch) : this;

    /// <summary>The pre-release label (<c>rc</c> for <c>rc.2</c>), or null for a release.</summary>
    public string? PrereleaseLabel => IsPrerelease && !IsNumeric(Prerelease[0]) ? Prerelease[0] : null;

    /// <summary>The pre-release counter (<c>2</c> for <c>rc.2</c>), or null when the last identifier is not a number.</summary>
    public int? PrereleaseNumber =>
        IsPrerelease && int.TryParse(Prerelease[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static SemVersion Parse(string text) =>
        TryParse(text, out var version) ? version! : throw new FormatException($"`{text}` is not a semantic version");

    public static bool TryParse(string? text, out SemVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        string? build = null;
        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            build = span[(plus + 1)..].ToString();
            if (!IdentifiersValid(build, allowLeadingZero: true))
            {
                return false;
            }

            span = span[..plus];
        }

        IReadOnlyList<string> pre = [];
        var dash = span.IndexOf('-');
        if (dash >= 0)
        {
            var preText = span[(dash + 1)..].ToString();
            if (!IdentifiersValid(preText, allowLeadingZero: false))
            {
                return false;
            }

            pre = preText.Split('.');
            span = span[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        if (span.Split(parts, '.') != 3)
        {
            return false;
        }

        if (!TryNumber(span[parts[0]], out var major) || !TryNumber(span[parts[1]], out var minor) || !TryNumber(span[parts[2]], out var patch))
        {
            return false;
        }

        version = new SemVersion(major, minor, patch, pre, build);
        return true;
    }

    public SemVersion WithPrerelease(string label, int number) => new(Major, Minor, Patch, [label, number.ToString(CultureInfo.InvariantCulture)]);

    public SemVersion Bump(BumpKind bump) => bump switch
    {
        BumpKind.Major => new SemVersion(Major + 1, 0, 0),
        BumpKind.Minor => new SemVersion(Major, Minor + 1, 0),
        BumpKind.Patch => new SemVersion(Major, Minor, Patch + 1),
        _ => Core,
    };

    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0 && other.Build == Build;

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', Prerelease), Build);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (IsPrerelease)
        {
            sb.Append('-').AppendJoin('.', Prerelease);
        }

        if (Build is not null)
        {
            sb.Append('+').Append(Build);
        }

        return sb.ToString();
    }

    public static bool operator <(SemVersion left, SemVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemVersion left, SemVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemVersion left, SemVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemVersion left, SemVersion right) => left.CompareTo(right) >= 0;

    private static int ComparePrerelease(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            // A release outranks any of its pre-releases.
            return b.Count.CompareTo(a.Count);
        }

        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var an = IsNumeric(a[i]);
            var bn = IsNumeric(b[i]);
            int c;
            if (an && bn)
            {
                c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
            }
            else
            {
                c = an ? -1 : bn ? 1 : string.CompareOrdinal(a[i], b[i]);
            }

            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static bool IsNumeric(string id) => id.Length > 0 && id.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool TryNumber(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.Length == 0 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IdentifiersValid(string text, bool allowLeadingZero)
    {
        foreach (var id in text.Split('.'))
        {
            if (id.Length == 0)
            {
                return false;
            }

            foreach (var c in id)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            if (!allowLeadingZero && IsNumeric(id) && id.Length > 1 && id[0] == '0')
            {
                return false;
            }
        }

        return true;
    }
}
