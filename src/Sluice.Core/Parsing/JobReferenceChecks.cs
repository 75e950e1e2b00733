using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Parsing;

/// <summary>Name checks that need the whole job: declared secrets, needs, matrix keys and inputs.</summary>
internal sealed partial class JobParser
{
    private void CheckReferences(JobDefinition job, List<LocatedReference> refs)
    {
        var matrixKeys = job.Matrix is null
            ? null
            : job.Matrix.Axes.Select(a => a.Name).Concat(job.Matrix.Include.SelectMany(i => i.Keys)).ToHashSet(StringComparer.Ordinal);
        foreach (var located in refs)
        {
            var (reference, at, field) = (located.Reference, located.Location, located.Field);
            var name = reference.Name;
            switch (reference.Context)
            {
                case "secrets" when name is null:
                    context.Error(DiagnosticCodes.SecretNotDeclared, at, $"the whole `secrets` context cannot be read (in {field})", "name one secret: `secrets.NAME`");
                    break;
                case "secrets" when !job.Secrets.Contains(name):
                    context.Error(DiagnosticCodes.SecretNotDeclared, at, $"secret `{name}` is used but not declared by job `{job.Id}`",
                        $"add `{name}` to the job's `secrets:` list");
                    break;
                case "needs" when name is not null && !job.Needs.Contains(name):
                    context.Error(DiagnosticCodes.NeedsNotDeclared, at, $"`needs.{name}` is read but job `{job.Id}` does not need `{name}`",
                        $"add `{name}` to `needs:`");
                    break;
                case "matrix" when matrixKeys is null:
                    context.Error(DiagnosticCodes.UnknownMatrixKey, at, $"job `{job.Id}` has no matrix (in {field})");
                    break;
                case "matrix" when name is not null && !matrixKeys.Contains(name):
                    var suggestion = Suggestions.DidYouMean(name, matrixKeys);
                    context.Error(DiagnosticCodes.UnknownMatrixKey, at, $"unknown matrix key `{name}` (in {field})",
                        suggestion is not null ? $"did you mean `{suggestion}`?" : $"matrix keys: {string.Join(", ", matrixKeys)}");
                    break;
                case "inputs" when name is not null && manualInputs is { Count: > 0 } && manualInputs.All(i => i.Name != name):
                    var input = Suggestions.DidYouMean(name, manualInputs.Select(i => i.Name));
                    context.Error(DiagnosticCodes.UnknownInput, at, $"unknown input `{name}` (in {field})",
                        input is not null ? $"did you mean `{input}`?" : $"inputs: {string.Join(", ", manualInputs.Select(i => i.Name))}");
                    break;
            }
        }
    }
}
