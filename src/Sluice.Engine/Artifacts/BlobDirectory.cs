using System.Security.Cryptography;

namespace Sluice.Engine.Artifacts;

/// <summary>
/// Content-addressed files under <c>&lt;state&gt;/blobs/ab/abcdef…</c> (SHA-256, lower-case hex). Writing a
/// blob that exists is a no-op; blobs are written to a temporary name and renamed, so a reader never sees
/// half a file.
/// </summary>
internal sealed class BlobDirectory(string root)
{
    public string Root { get; } = root;

    public async Task<(string Sha256, long Size)> PutFileAsync(string path, CancellationToken cancellationToken)
    {
        string hash;
        long size;
        await using (var input = File.OpenRead(path))
        {
            size = input.Length;
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
        }

        var target = PathOf(hash);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(path, temporary);
            File.Move(temporary, target, overwrite: true);
        }

        return (hash, size);
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    public void CopyTo(string sha256, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(PathOf(sha256), destination, overwrite: true);
    }

    private string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);
}
