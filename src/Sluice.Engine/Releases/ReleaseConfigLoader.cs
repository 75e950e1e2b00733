using Sluice.Core.Diagnostics;
using Sluice.Core.Releases.Config;

namespace Sluice.Engine.Releases;

/// <summary>
/// Loads <c>.sluice/release.yml</c>: from an explicit file on disk when given, else from the repository (the
/// checkout in git mode, the default branch in GitHub mode). A missing file means defaults.
/// </summary>
internal static class ReleaseConfigLoader
{
    public static async Task<RepoResult<ReleaseConfigResult>> LoadAsync(
        IReleaseRepository repository, string? explicitPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath))
            {
                return RepoResult<ReleaseConfigResult>.Fail($"configuration file `{explicitPath}` not found");
            }

            var text = await File.ReadAllTextAsync(explicitPath, cancellationToken);
            return RepoResult<ReleaseConfigResult>.Ok(ReleaseConfigParser.Parse(text, explicitPath));
        }

        var head = await repository.GetHeadAsync(null, cancellationToken);
        if (!head.IsSuccess)
        {
            return head.As<ReleaseConfigResult>();
        }

        var file = await repository.ReadFileAsync(ReleaseConfig.DefaultPath, head.Value!.Sha, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.As<ReleaseConfigResult>();
        }

        return RepoResult<ReleaseConfigResult>.Ok(file.Value is null
            ? new ReleaseConfigResult(ReleaseConfig.Default, Array.Empty<Diagnostic>())
            : ReleaseConfigParser.Parse(file.Value, ReleaseConfig.DefaultPath));
    }
}
