using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Deployments;

/// <summary>
/// Named deployment strategies with the same meaning as AWS CodeDeploy's predefined configurations.
/// <list type="bullet">
/// <item><c>AllAtOnce</c>: shift 100%.</item>
/// <item><c>Canary{P}Percent{M}Minutes</c>: shift P%, wait M minutes (checks running), shift 100%.</item>
/// <item><c>Linear{P}PercentEvery{M}Minute(s)</c>: shift P%, then every M minutes another P%. The first
/// increment is immediate, so 100% is reached after (100/P − 1) intervals: for 10% that is 9 intervals
/// (9 minutes for <c>Linear10PercentEvery1Minute</c>), as CodeDeploy does.</item>
/// </list>
/// </summary>
public static partial class StrategyPresets
{
    public static readonly IReadOnlyList<string> Documented =
    [
        "AllAtOnce",
        "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
        "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes",
    ];

    public static bool TryCompile(string name, out IReadOnlyList<DeployStep> steps, out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        steps = [];
        error = null;
        if (name == "AllAtOnce")
        {
            steps = [Shift(100)];
            return true;
        }

        if (CanaryPattern().Match(name) is { Success: true } canary)
        {
            var percent = int.Parse(canary.Groups[1].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(canary.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!ValidPercent(percent, out error) || !ValidMinutes(minutes, out error))
            {
                return false;
            }

            steps = [Shift(percent), Pause(minutes), Shift(100)];
            return true;
        }

        if (LinearPattern().Match(name) is { Success: true } linear)
        {
            var percent = int.Parse(linear.Groups[1].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(linear.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!ValidPercent(percent, out error) || !ValidMinutes(minutes, out error))
            {
                return false;
            }

            var list = new List<DeployStep>();
            for (var p = percent; ; p += percent)
            {
                list.Add(Shift(Math.Min(p, 100)));
                if (p >= 100)
                {
                    break;
                }

                list.Add(Pause(minutes));
            }

            steps = list;
            return true;
        }

        error = $"unknown strategy `{name}`";
        return false;
    }

    private static DeployStep Shift(int percent) => new(percent, null, false);

    private static DeployStep Pause(int minutes) => new(null, TimeSpan.FromMinutes(minutes), false);

    private static bool ValidPercent(int percent, out string? error)
    {
        error = percent is > 0 and < 100 ? null : "the percentage must be between 1 and 99";
        return error is null;
    }

    private static bool ValidMinutes(int minutes, out string? error)
    {
        error = minutes is > 0 and <= 2880 ? null : "the interval must be between 1 and 2880 minutes";
        return error is null;
    }

    [GeneratedRegex("^Canary([0-9]{1,3})Percent([0-9]{1,4})Minutes?$")]
    private static partial Regex CanaryPattern();

    [GeneratedRegex("^Linear([0-9]{1,3})PercentEvery([0-9]{1,4})Minutes?$")]
    private static partial Regex LinearPattern();
}
