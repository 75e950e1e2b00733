using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Sluice.Server.Dashboard;

/// <summary>A page or fragment being written. <see cref="Add"/> encodes every interpolated value (see <see cref="HtmlHandler"/>).</summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public StringBuilder Builder { get; } = new();

    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);

    public Html Add([InterpolatedStringHandlerArgument("")] HtmlHandler markup)
    {
        _ = markup;
        return this;
    }

    public Html Raw(string markup)
    {
        Builder.Append(markup);
        return this;
    }

    public Html Text(string? text)
    {
        Builder.Append(Encode(text));
        return this;
    }

    public HtmlRaw ToRaw() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();
}
