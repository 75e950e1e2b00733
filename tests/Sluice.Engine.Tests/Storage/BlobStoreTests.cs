using System.Security.Cryptography;
using System.Text;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly BlobStore blobs;

    public BlobStoreTests() => blobs = new BlobStore(Path.Combine(temp.Path, "blobs"), Path.Combine(temp.Path, "tmp"));

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Put_StoresTheContentUnderItsSha256_AndOpenReadsItBack()
    {
        var bytes = Encoding.UTF8.GetBytes("hello blobs");
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var blob = await blobs.PutAsync(new MemoryStream(bytes), CancellationToken.None);

        blob.ShouldBe(new StoredBlob(expected, bytes.Length));
        File.Exists(Path.Combine(temp.Path, "blobs", expected[..2], expected)).ShouldBeTrue();
        await using var read = blobs.Open(expected).ShouldNotBeNull();
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public async Task Put_SameContentTwice_StoresOneFileAndLeavesNoTempFiles()
    {
        var path = Path.Combine(temp.Path, "artifact.bin");
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(200_000));

        var first = await blobs.PutFileAsync(path, CancellationToken.None);
        var second = await blobs.PutAsync(File.OpenRead(path), CancellationToken.None);

        second.ShouldBe(first);
        first.Size.ShouldBe(200_000);
        blobs.Enumerate().ShouldBe([first.Sha256]);
        Directory.EnumerateFiles(Path.Combine(temp.Path, "tmp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Put_ConcurrentWritersOfTheSameContent_AllSucceed()
    {
        var bytes = RandomNumberGenerator.GetBytes(50_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => blobs.PutAsync(new MemoryStream(bytes), CancellationToken.None))));

        results.Select(r => r.Sha256).Distinct().Count().ShouldBe(1);
        blobs.Enumerate().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_OpenThenReturnsNull()
    {
        var blob = await blobs.PutAsync(new MemoryStream([1, 2, 3]), CancellationToken.None);

        blobs.Delete(blob.Sha256).ShouldBeTrue();

        blobs.Exists(blob.Sha256).ShouldBeFalse();
        blobs.Open(blob.Sha256).ShouldBeNull();
        blobs.Delete(blob.Sha256).ShouldBeFalse();
    }

    [Fact]
    public async Task Put_CancelledMidway_LeavesNothingBehind()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => blobs.PutAsync(new MemoryStream(new byte[1000]), cts.Token));

        blobs.Enumerate().ShouldBeEmpty();
        Directory.EnumerateFiles(Path.Combine(temp.Path, "tmp")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    public void PathOf_NotALowercaseSha256_IsRejected(string hash)
    {
        Should.Throw<ArgumentException>(() => blobs.PathOf(hash));
    }
}
