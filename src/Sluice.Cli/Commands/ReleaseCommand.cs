using System.CommandLine;
using Sluice.Core.Releases.Versioning;
using Sluice.Engine.Releases;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice release</c>: picks the next version from Conventional Commits, rewrites version files, prepends the
/// changelog, commits, tags and publishes — through git or GitHub's API. Subcommands: <c>verify</c>, <c>rollup</c>.
/// Exit codes: 0 released or nothing to release, 1 the release failed, 2 usage (flags, configuration).
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(TimeProvider time, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var env = environment ?? Environment.GetEnvironmentVariable;
        var options = new ReleaseOptions();
        var pre = new Option<string?>("--pre") { Description = "Make a pre-release with this label: 1.3.0-rc.1, then rc.2. Without it, a pending pre-release is promoted.", HelpName = "label" };
        var bump = new Option<string?>("--bump") { Description = "Force the bump instead of reading commits.", HelpName = "major|minor|patch" };
        var always = new Option<bool>("--always") { Description = "Release even when no commit is releasable (a patch at least)." };
        var package = new Option<string?>("--package") { Description = "Release only this monorepo package.", HelpName = "name" };
        var command = new Command("release", "Version, changelog, tag and publish a release from Conventional Commits.");
        options.AddTo(command);
        command.Options.Add(pre);
        command.Options.Add(bump);
        command.Options.Add(always);
        command.Options.Add(package);
        command.Subcommands.Add(ReleaseVerifyCommand.Create(options, env));
        command.Subcommands.Add(ReleaseRollupCommand.Create(options, time, env));
        command.SetAction(async (parse, ct) =>
        {
            var o = parse.InvocationConfiguration.Output;
            var e = parse.InvocationConfiguration.Error;
            BumpKind? forced = null;
            if (parse.GetValue(bump) is { } b)
            {
                forced = b.ToLowerInvariant() switch { "major" => BumpKind.Major, "minor" => BumpKind.Minor, "patch" => BumpKind.Patch, _ => null };
                if (forced is null)
                {
                    await e.WriteLineAsync($"sluice release: --bump must be major, minor or patch, not `{b}`");
                    return ExitCodes.Usage;
                }
            }

            var label = parse.GetValue(pre);
            if (label is not null && (label.Length == 0 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || label.All(char.IsAsciiDigit)))
            {
                await e.WriteLineAsync($"sluice release: --pre takes a label such as rc, beta or alpha, not `{label}`");
                return ExitCodes.Usage;
            }

            var (session, code) = await ReleaseSession.OpenAsync(parse, options, env, e, ct);
            if (session is null)
            {
                return code;
            }

            using (session)
            {
                var only = parse.GetValue(package);
                if (only is not null && session.Config.Packages.All(p => p.Name != only))
                {
                    var known = session.Config.Packages.Count == 0 ? "no packages are configured" : "known: " + string.Join(", ", session.Config.Packages.Select(p => p.Name));
                    await e.WriteLineAsync($"sluice release: no package `{only}` ({known})");
                    return ExitCodes.Usage;
                }

                var request = new ReleaseRequest(parse.GetValue(options.DryRun), label, forced, parse.GetValue(always), only, parse.GetValue(options.NoPush) ? false : null);
                return await RunAsync(session, request, parse.GetValue(options.Json), o, e, time, ct);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ReleaseSession session, ReleaseRequest request, bool json, TextWriter o, TextWriter e, TimeProvider time, CancellationToken ct)
    {
        var planned = await new ReleasePlanner(session.Repository, session.Config, time).PlanAsync(request, ct);
        if (!planned.IsSuccess)
        {
            await e.WriteLineAsync($"sluice release: {planned.Error}");
            return ExitCodes.Failure;
        }

        var plan = planned.Value!;
        if (!plan.HasRelease)
        {
            if (json)
            {
                await o.WriteLineAsync(ReleaseJson.Plan(session.Mode, plan, "nothing-to-release", request.DryRun, null, null));
            }
            else
            {
                ReleasePlanPrinter.Print(o, plan, request.DryRun);
                await o.WriteLineAsync();
                await o.WriteLineAsync("Nothing to release. (Use --always to release anyway.)");
            }

            return ExitCodes.Success;
        }

        if (request.DryRun)
        {
            if (json)
            {
                await o.WriteLineAsync(ReleaseJson.Plan(session.Mode, plan, "planned", true, null, null));
            }
            else
            {
                ReleasePlanPrinter.Print(o, plan, true);
                await o.WriteLineAsync();
                await o.WriteLineAsync("Dry run: nothing was changed.");
            }

            return plan.Problems.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        }

        var executed = await new ReleaseExecutor(session.Repository, session.Config).ExecuteAsync(plan, publish: true, ct);
        if (json)
        {
            await o.WriteLineAsync(ReleaseJson.Plan(session.Mode, plan, executed.IsSuccess ? "released" : "failed", false, executed.Value, executed.Error));
        }
        else
        {
            ReleasePlanPrinter.Print(o, plan, false);
            await o.WriteLineAsync();
            if (executed.IsSuccess)
            {
                var r = executed.Value!;
                await o.WriteLineAsync($"Released {string.Join(", ", r.Tags)} at {ReleasePlanPrinter.Short(r.CommitSha)}; {r.Published}.");
            }
        }

        if (!executed.IsSuccess)
        {
            await e.WriteLineAsync($"sluice release: {executed.Error}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
