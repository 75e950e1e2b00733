namespace Sluice.Server.Dashboard;

/// <summary>Markup that is already safe (built by <see cref="Html"/> or a literal); written as is by <see cref="HtmlHandler"/>.</summary>
internal readonly record struct HtmlRaw(string Value)
{
    public override string ToString() => Value;
}
