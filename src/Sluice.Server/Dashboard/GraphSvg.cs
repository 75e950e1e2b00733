using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>
/// Draws a <see cref="GraphLayout"/> as inline SVG: state colours come from CSS classes (<c>s-running</c>...), every
/// job is a keyboard-focusable link to its log with a spoken label (name, state, duration), and the critical path is
/// drawn thicker with a marker in the legend, so nothing is told by colour alone.
/// </summary>
internal static class GraphSvg
{
    public static HtmlRaw Render(GraphLayout layout, long runId)
    {
        var critical = layout.CriticalPath.ToHashSet(StringComparer.Ordinal);
        var byId = layout.Groups.ToDictionary(g => g.JobId, StringComparer.Ordinal);
        var html = new Html();
        html.Add($"<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {layout.Width:0} {layout.Height:0}\" width=\"{layout.Width:0}\" height=\"{layout.Height:0}\" role=\"group\" aria-label=\"Job graph: {layout.Groups.Count} jobs\">");
        html.Raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker>")
            .Raw("<marker id=\"arrow-crit\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"11\" markerHeight=\"11\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead crit\"/></marker></defs>");
        html.Raw("<g class=\"edges\">");
        foreach (var edge in layout.Edges)
        {
            var from = byId[edge.From];
            var to = byId[edge.To];
            var (x1, y1, x2, y2) = (from.X + from.Width, from.Y + (from.Height / 2), to.X - 2, to.Y + (to.Height / 2));
            var mid = (x1 + x2) / 2;
            html.Add($"<path class=\"edge{(edge.Critical ? " critical" : "")}\" data-from=\"{edge.From}\" data-to=\"{edge.To}\" d=\"M {x1:0.#} {y1:0.#} C {mid:0.#} {y1:0.#}, {mid:0.#} {y2:0.#}, {x2:0.#} {y2:0.#}\" marker-end=\"url(#{(edge.Critical ? "arrow-crit" : "arrow")})\"/>");
        }

        html.Raw("</g>");
        foreach (var group in layout.Groups)
        {
            var onPath = group.Instances.Any(i => critical.Contains(i.Key));
            var state = GroupState(group.Instances);
            html.Add($"<g class=\"node {Views.Css(state)}{(onPath ? " critical" : "")}{(group.IsMatrix ? " matrix" : "")}\" data-job=\"{group.JobId}\" transform=\"translate({group.X:0.#} {group.Y:0.#})\">");
            if (!group.IsMatrix)
            {
                var job = group.Instances[0];
                html.Add($"<a href=\"/ui/runs/{runId}/logs?job={Uri.EscapeDataString(job.Key)}\" class=\"inst\" data-key=\"{job.Key}\" aria-label=\"{Spoken(job, critical.Contains(job.Key))}\">");
                html.Add($"<rect class=\"box\" width=\"{group.Width:0}\" height=\"{group.Height:0}\" rx=\"6\"/>");
                html.Add($"<title>{job.DisplayName}</title><text class=\"name\" x=\"12\" y=\"19\">{Fit(group.Label, 26)}</text>");
                html.Add($"<text class=\"meta\" x=\"12\" y=\"37\">{Meta(job)}</text>{Marker(critical.Contains(job.Key), group.Width)}</a>");
            }
            else
            {
                html.Add($"<rect class=\"box\" width=\"{group.Width:0}\" height=\"{group.Height:0}\" rx=\"6\"/>");
                html.Add($"<text class=\"name\" x=\"12\" y=\"19\">{Fit(group.Label, 20)} <tspan class=\"count\">× {group.Instances.Count}</tspan></text>");
                var y = JobGraph.HeaderHeight;
                foreach (var job in group.Instances)
                {
                    var onCritical = critical.Contains(job.Key);
                    html.Add($"<a href=\"/ui/runs/{runId}/logs?job={Uri.EscapeDataString(job.Key)}\" class=\"inst {Views.Css(job.State)}{(onCritical ? " critical" : "")}\" data-key=\"{job.Key}\" aria-label=\"{Spoken(job, onCritical)}\">");
                    html.Add($"<title>{job.DisplayName}</title><rect class=\"row\" x=\"4\" y=\"{y:0.#}\" width=\"{group.Width - 8:0.#}\" height=\"{JobGraph.RowHeight - 2:0.#}\" rx=\"4\"/>");
                    html.Add($"<circle class=\"dot\" cx=\"16\" cy=\"{y + 11:0.#}\" r=\"5\"/><text class=\"inst-name\" x=\"28\" y=\"{y + 15:0.#}\">{Fit(InstanceLabel(job), 20)}</text>");
                    html.Add($"<text class=\"meta\" x=\"{group.Width - 12:0.#}\" y=\"{y + 15:0.#}\" text-anchor=\"end\">{Views.Duration(job.Elapsed)}</text></a>");
                    y += JobGraph.RowHeight;
                }
            }

            html.Raw("</g>");
        }

        html.Raw("</svg>");
        return html.ToRaw();
    }

    /// <summary>A matrix node's colour: failed wins, then running, then waiting; succeeded only when all did.</summary>
    public static JobState GroupState(IReadOnlyList<GraphJob> instances)
    {
        var states = instances.Select(i => i.State).ToHashSet();
        foreach (var state in new[] { JobState.Failed, JobState.Running, JobState.Queued, JobState.Pending, JobState.Cancelled })
        {
            if (states.Contains(state))
            {
                return state;
            }
        }

        return states.Contains(JobState.Succeeded) ? JobState.Succeeded : JobState.Skipped;
    }

    private static string Meta(GraphJob job) => job.Elapsed is null ? job.State.ToString().ToLowerInvariant() : $"{job.State.ToString().ToLowerInvariant()} · {Views.Duration(job.Elapsed)}";

    private static string Spoken(GraphJob job, bool critical) => $"{job.DisplayName}: {Meta(job)}{(critical ? ", on the critical path" : "")}";

    private static HtmlRaw Marker(bool critical, double width) => critical
        ? new Html().Add($"<text class=\"crit-mark\" x=\"{width - 12:0}\" y=\"19\" text-anchor=\"end\" aria-hidden=\"true\">◆</text>").ToRaw()
        : default;

    private static string InstanceLabel(GraphJob job)
    {
        var open = job.DisplayName.IndexOf(" (", StringComparison.Ordinal);
        return open > 0 && job.DisplayName.EndsWith(')') ? job.DisplayName[(open + 2)..^1] : job.DisplayName;
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
