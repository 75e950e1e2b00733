using System.CommandLine;
using Sluice.Engine.Releases;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice release verify --tag v1.3.0</c>: exit 0 when every version file (and the changelog) agrees with the
/// tag, 1 with the list of files that do not, 2 when the tag matches no tag template.
/// </summary>
internal static class ReleaseVerifyCommand
{
    public static Command Create(ReleaseOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tag = new Option<string>("--tag") { Description = "The tag about to be published (v1.3.0, api-v2.0.0).", Required = true, HelpName = "tag" };
        var command = new Command("verify", "Check that version files and the changelog match a tag (before publishing).");
        options.AddTo(command, withPush: false);
        command.Options.Add(tag);
        command.SetAction(async (parse, ct) =>
        {
            var o = parse.InvocationConfiguration.Output;
            var e = parse.InvocationConfiguration.Error;
            var (session, code) = await ReleaseSession.OpenAsync(parse, options, environment, e, ct);
            if (session is null)
            {
                return code;
            }

            using (session)
            {
                var name = parse.GetValue(tag)!;
                if (ReleaseUnit.From(session.Config).All(u => u.Tag.Match(name) is null))
                {
                    await e.WriteLineAsync($"sluice release verify: tag `{name}` matches no tag template ({string.Join(", ", ReleaseUnit.From(session.Config).Select(u => u.Tag.Template))})");
                    return ExitCodes.Usage;
                }

                var verified = await new ReleaseVerifier(session.Repository, session.Config).VerifyAsync(name, ct);
                if (!verified.IsSuccess)
                {
                    await e.WriteLineAsync($"sluice release verify: {verified.Error}");
                    return ExitCodes.Failure;
                }

                var report = verified.Value!;
                if (parse.GetValue(options.Json))
                {
                    await o.WriteLineAsync(ReleaseJson.Verify(session.Mode, report));
                }
                else if (report.Ok)
                {
                    await o.WriteLineAsync($"{report.Tag}: all {report.Files.Count} checked files say {report.Version}.");
                    foreach (var f in report.Files.Where(f => f.Note is not null))
                    {
                        await o.WriteLineAsync($"  {f.Path}: {f.Note}");
                    }
                }
                else
                {
                    await o.WriteLineAsync($"{report.Tag}: {report.Mismatches.Count()} of {report.Files.Count} files do not say {report.Version}:");
                    foreach (var f in report.Mismatches)
                    {
                        await o.WriteLineAsync($"  {f.Path}: {(f.Found is null ? f.Note : $"{f.Found} (expected {f.Expected})")}");
                    }
                }

                return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
            }
        });
        return command;
    }
}
