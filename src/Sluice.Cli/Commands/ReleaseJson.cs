using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Core.Releases.Versioning;
using Sluice.Engine.Releases;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>--json</c> output for scripts. Stable shape, camelCase; see docs/releases.md. Status values:
/// <c>planned</c>, <c>released</c>, <c>nothing-to-release</c>, <c>failed</c>; for roll-ups also <c>nothing-to-do</c>.
/// </summary>
internal static class ReleaseJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Plan(string mode, ReleasePlan plan, string status, bool dryRun, ReleaseOutcome? outcome, string? error)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("mode", mode);
            w.WriteString("status", status);
            w.WriteBoolean("dryRun", dryRun);
            WritePlanBody(w, plan);
            WriteOutcome(w, outcome, error);
            w.WriteEndObject();
        });
    }

    public static string Verify(string mode, VerifyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("mode", mode);
            w.WriteString("status", report.Ok ? "ok" : "mismatch");
            w.WriteString("tag", report.Tag);
            w.WriteString("version", report.Version);
            w.WriteString("package", report.Package);
            w.WriteStartArray("files");
            foreach (var f in report.Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteBoolean("ok", f.Ok);
                w.WriteString("found", f.Found);
                w.WriteString("expected", f.Expected);
                w.WriteString("note", f.Note);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static string Rollup(string mode, RollupReport report, bool dryRun, string status, string? error)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("mode", mode);
            w.WriteString("status", status);
            w.WriteBoolean("dryRun", dryRun);
            w.WriteString("step", report.Step.Kind.ToString().ToLowerInvariant());
            w.WriteString("reason", report.Step.Reason);
            if (report.Step.Close is { } close)
            {
                w.WriteNumber("closeSprint", close);
            }
            else
            {
                w.WriteNull("closeSprint");
            }

            w.WriteNumber("openSprint", report.Step.Open);
            WriteOperations(w, report.Operations);
            w.WriteStartArray("notes");
            foreach (var note in report.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            if (report.Release is { } plan)
            {
                w.WriteStartObject("release");
                WritePlanBody(w, plan);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("release");
            }

            WriteOutcome(w, report.Outcome, error);
            w.WriteEndObject();
        });
    }

    private static void WritePlanBody(Utf8JsonWriter w, ReleasePlan plan)
    {
        w.WriteString("repository", plan.Repository);
        w.WriteString("branch", plan.Head.Branch);
        w.WriteString("head", plan.Head.Sha);
        w.WriteStartArray("units");
        foreach (var u in plan.Units)
        {
            w.WriteStartObject();
            w.WriteString("name", u.Unit.Name);
            w.WriteString("path", u.Unit.Path);
            w.WriteString("current", u.Current?.ToString());
            w.WriteString("currentTag", u.CurrentTag);
            w.WriteBoolean("releasable", u.Releasable);
            w.WriteString("next", u.Decision.Next?.ToString());
            w.WriteString("bump", u.Decision.Bump.ToString().ToLowerInvariant());
            w.WriteString("reason", u.Decision.Reason);
            w.WriteString("tag", u.Tag);
            w.WriteString("since", u.SinceTag);
            w.WriteStartArray("commits");
            foreach (var c in u.Commits)
            {
                w.WriteStartObject();
                w.WriteString("sha", c.Sha);
                w.WriteString("type", c.Type);
                w.WriteString("scope", c.Scope);
                w.WriteString("description", c.IsConventional ? c.Description : c.Header);
                w.WriteBoolean("breaking", c.IsBreaking);
                w.WriteString("bump", CommitBump.Of(c).ToString().ToLowerInvariant());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("droppedReverts");
            foreach (var sha in u.Dropped)
            {
                w.WriteStringValue(sha);
            }

            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var f in u.Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("format", f.Format);
                w.WriteString("status", f.Status.ToString().ToLowerInvariant());
                w.WriteString("from", f.OldValue);
                w.WriteString("to", f.NewValue);
                w.WriteString("note", f.Note);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (u.ChangelogSection is not null)
            {
                w.WriteStartObject("changelog");
                w.WriteString("path", u.ChangelogPath);
                w.WriteString("section", u.ChangelogSection);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("changelog");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("commitMessage", plan.CommitMessage);
        WriteOperations(w, plan.Operations);
        w.WriteStartArray("problems");
        foreach (var p in plan.Problems)
        {
            w.WriteStringValue(p);
        }

        w.WriteEndArray();
    }

    private static void WriteOperations(Utf8JsonWriter w, IReadOnlyList<PlannedOperation> operations)
    {
        w.WriteStartArray("operations");
        foreach (var op in operations)
        {
            w.WriteStartObject();
            w.WriteString("kind", op.Kind);
            w.WriteString("description", op.Description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteOutcome(Utf8JsonWriter w, ReleaseOutcome? outcome, string? error)
    {
        w.WriteString("error", error);
        if (outcome is null)
        {
            w.WriteNull("result");
            return;
        }

        w.WriteStartObject("result");
        w.WriteString("commit", outcome.CommitSha);
        w.WriteStartArray("tags");
        foreach (var t in outcome.Tags)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteString("published", outcome.Published);
        w.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
