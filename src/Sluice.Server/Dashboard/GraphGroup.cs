namespace Sluice.Server.Dashboard;

/// <summary>A node of the drawn graph: one job with all its matrix instances, placed at <see cref="X"/>/<see cref="Y"/> in column <see cref="Layer"/>.</summary>
internal sealed record GraphGroup(string JobId, string Label, IReadOnlyList<GraphJob> Instances, int Layer, double X, double Y, double Width, double Height)
{
    public bool IsMatrix => Instances.Count > 1 || Instances[0].Key != JobId;
}
