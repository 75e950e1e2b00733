using System.Collections.Concurrent;
using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;

namespace Sluice.Engine.Agents;

/// <summary>
/// The parsed pipelines of an agent's recent jobs, by file name and exact YAML text, and their plans for each event:
/// every job of a run carries the same pipeline and event, and parsing and planning the whole pipeline again (all its
/// jobs, to pick one) was the largest part of preparing a short job. Parse results, events and plans are immutable, so
/// jobs share them. Bounded: each cache is emptied when it reaches <see cref="MaxEntries"/> entries.
/// </summary>
internal sealed class PipelineCache
{
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<(string File, string Yaml), PipelineParseResult> parsed = new();
    private readonly ConcurrentDictionary<(string File, string Yaml, string EventJson), PreparedPipeline> prepared = new();

    public PipelineParseResult Parse(string file, string yaml)
    {
        if (parsed.TryGetValue((file, yaml), out var known))
        {
            return known;
        }

        if (parsed.Count >= MaxEntries)
        {
            parsed.Clear();
        }

        var result = PipelineParser.Parse(file, yaml);
        parsed[(file, yaml)] = result;
        return result;
    }

    /// <summary>
    /// The pipeline parsed, the event read from <paramref name="eventJson"/>, and the pipeline planned for it with every
    /// job forced in (<see cref="Planner.PlanPipeline"/> with <c>force</c>); Event and Plan are null when the pipeline or
    /// the event cannot be read.
    /// </summary>
    public PreparedPipeline Prepare(string file, string yaml, string eventJson)
    {
        if (prepared.TryGetValue((file, yaml, eventJson), out var known))
        {
            return known;
        }

        var result = Parse(file, yaml);
        var ev = EventJson.Deserialize(eventJson);
        var ready = new PreparedPipeline(result, ev, ev is not null && result.Pipeline is { } pipeline ? Planner.PlanPipeline(pipeline, ev, force: true) : null);
        if (prepared.Count >= MaxEntries)
        {
            prepared.Clear();
        }

        prepared[(file, yaml, eventJson)] = ready;
        return ready;
    }
}

/// <summary>A pipeline as parsed, the event it runs for, and its plan for that event with every job in (see <see cref="PipelineCache.Prepare"/>).</summary>
internal sealed record PreparedPipeline(PipelineParseResult Parsed, PipelineEvent? Event, PipelinePlan? Plan);
