using Sluice.Engine.Agents;

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
}
