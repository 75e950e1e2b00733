using System.Collections.Concurrent;
using Sluice.Core.Parsing;

namespace Sluice.Engine.Agents;

/// <summary>
/// The parsed pipelines of an agent's recent jobs, by file name and exact YAML text: every job of a run carries the same
/// pipeline, and parsing it again was the largest part of preparing a short job. A parse result is immutable, so jobs
/// share it. Bounded: the cache is emptied when it reaches <see cref="MaxEntries"/> pipelines.
/// </summary>
internal sealed class PipelineCache
{
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<(string File, string Yaml), PipelineParseResult> parsed = new();

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
}
