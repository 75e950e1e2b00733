using Sluice.Core.Events;
using Sluice.Engine.Agents;
using Sluice.Engine.Runs;

namespace Sluice.Engine.Tests.Agents;

/// <summary>An agent parses each pipeline text once, however many of its jobs it runs.</summary>
public sealed class PipelineCacheTests
{
    private const string Yaml = """
        name: ci
        jobs:
          build:
            run: make
        """;

    [Fact]
    public void Parse_TheSameFileAndText_ReturnsTheSameResult()
    {
        var cache = new PipelineCache();

        var first = cache.Parse(".sluice/ci.yml", Yaml);
        var second = cache.Parse(".sluice/ci.yml", string.Concat(Yaml.AsSpan(0, 4), Yaml.AsSpan(4)));

        second.ShouldBeSameAs(first);
        first.Pipeline!.Jobs.Select(j => j.Id).ShouldBe(["build"]);
    }

    [Fact]
    public void Parse_AnotherTextOrFile_ParsesItAfresh()
    {
        var cache = new PipelineCache();
        var first = cache.Parse(".sluice/ci.yml", Yaml);

        var changed = cache.Parse(".sluice/ci.yml", Yaml.Replace("make", "make test", StringComparison.Ordinal));
        var otherFile = cache.Parse(".sluice/other.yml", Yaml);

        changed.ShouldNotBeSameAs(first);
        changed.Pipeline!.Jobs.Single().Steps.Single().Run.ShouldBe("make test");
        otherFile.ShouldNotBeSameAs(first);
        otherFile.Pipeline!.File.ShouldBe(".sluice/other.yml");
    }

    [Fact]
    public void Parse_AnInvalidPipeline_KeepsItsDiagnostics()
    {
        var cache = new PipelineCache();

        var result = cache.Parse(".sluice/bad.yml", "name: [unclosed");
        var again = cache.Parse(".sluice/bad.yml", "name: [unclosed");

        result.IsValid.ShouldBeFalse();
        result.Diagnostics.ShouldNotBeEmpty();
        again.ShouldBeSameAs(result);
    }

    [Fact]
    public void Prepare_TheSamePipelineAndEvent_ReturnsTheSamePlan()
    {
        var cache = new PipelineCache();
        var push = EventJson.Serialize(new PipelineEvent(EventKind.Push, Branch: "main"));

        var first = cache.Prepare(".sluice/ci.yml", Yaml, push);
        var second = cache.Prepare(".sluice/ci.yml", Yaml, string.Concat(push.AsSpan(0, 3), push.AsSpan(3)));

        second.ShouldBeSameAs(first);
        first.Parsed.ShouldBeSameAs(cache.Parse(".sluice/ci.yml", Yaml));
        first.Event!.Branch.ShouldBe("main");
        first.Plan!.Jobs.Select(j => j.Key).ShouldBe(["build"]);
    }

    [Fact]
    public void Prepare_AnotherEvent_PlansAfresh()
    {
        var cache = new PipelineCache();
        var main = cache.Prepare(".sluice/ci.yml", Yaml, EventJson.Serialize(new PipelineEvent(EventKind.Push, Branch: "main")));

        var other = cache.Prepare(".sluice/ci.yml", Yaml, EventJson.Serialize(new PipelineEvent(EventKind.Push, Branch: "release")));

        other.ShouldNotBeSameAs(main);
        other.Event!.Branch.ShouldBe("release");
        other.Parsed.ShouldBeSameAs(main.Parsed);
    }

    [Fact]
    public void Prepare_AnUnreadableEvent_HasNoEventAndNoPlan()
    {
        var cache = new PipelineCache();

        var prepared = cache.Prepare(".sluice/ci.yml", Yaml, "{not json");

        prepared.Event.ShouldBeNull();
        prepared.Plan.ShouldBeNull();
        prepared.Parsed.Pipeline.ShouldNotBeNull();
    }
}
