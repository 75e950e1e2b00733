using System.Globalization;

namespace Sluice.Server.Tests.Support;

/// <summary>Reads the Prometheus text format: every sample by its series (<c>name{labels}</c> as written), and the families' HELP/TYPE lines.</summary>
internal sealed class MetricsScraper
{
    private MetricsScraper(Dictionary<string, double> samples, Dictionary<string, string> types, HashSet<string> helps)
    {
        Samples = samples;
        Types = types;
        Helps = helps;
    }

    public IReadOnlyDictionary<string, double> Samples { get; }

    /// <summary>Family name → its <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlySet<string> Helps { get; }

    public double this[string series] => Samples.TryGetValue(series, out var value) ? value : 0;

    public static async Task<MetricsScraper> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static MetricsScraper Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 4);
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                types.Add(parts[2], parts[3]);
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                helps.Add(parts[2]);
            }
            else
            {
                var space = line.LastIndexOf(' ');
                var value = line[(space + 1)..];
                samples.Add(line[..space], value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture));
            }
        }

        return new MetricsScraper(samples, types, helps);
    }
}
