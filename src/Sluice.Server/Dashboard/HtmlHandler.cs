using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Server.Dashboard;

/// <summary>
/// Interpolated strings for <see cref="Html.Add"/>: literals are markup, every hole is HTML-encoded (attribute-safe)
/// unless it is <see cref="HtmlRaw"/>; numbers use the invariant culture. This is what keeps repository names, commit
/// messages and log text from ever becoming markup.
/// </summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly StringBuilder builder;

    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        _ = literalLength + formattedCount;
        builder = html.Builder;
    }

    public void AppendLiteral(string value) => builder.Append(value);

    public void AppendFormatted(string? value) => builder.Append(Html.Encode(value));

    public void AppendFormatted(HtmlRaw value) => builder.Append(value.Value);

    public void AppendFormatted(Html value) => builder.Append(value.Builder);

    public void AppendFormatted(long value) => builder.Append(value.ToString(CultureInfo.InvariantCulture));

    public void AppendFormatted(double value, string format) => builder.Append(value.ToString(format, CultureInfo.InvariantCulture));

    public void AppendFormatted<T>(T value)
        where T : struct, Enum => builder.Append(Html.Encode(value.ToString()));
}
