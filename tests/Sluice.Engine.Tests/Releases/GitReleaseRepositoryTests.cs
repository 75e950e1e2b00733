using Sluice.Engine.Releases;
using Sluice.Engine.Releases.Git;

namespace Sluice.Engine.Tests.Releases;

public sealed class GitReleaseRepositoryTests : IDisposable
{
    private readonly TestGitRepo repo = TestGitRepo.Create();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task ReadHistory_ReadsShasParentsAndMultiParagraphBodies_NewestFirst()
    {
        var first = repo.Commit("feat: one", ("a.txt", "1"));
        var second = repo.Commit("fix: two\n\nParagraph one.\n\nParagraph two.\n\nBREAKING CHANGE: yes");

        var history = await repo.Repository().ReadHistoryAsync(null, second, null, includeMerges: true, c => c, CancellationToken.None);

        history.Error.ShouldBeNull();
        history.Value!.Select(c => c.Sha).ShouldBe([second, first]);
        history.Value![0].Parents.ShouldBe([first]);
        history.Value![1].Parents.ShouldBeEmpty();
        history.Value![0].Message.ShouldBe("fix: two\n\nParagraph one.\n\nParagraph two.\n\nBREAKING CHANGE: yes\n");
    }

    [Fact]
    public async Task ReadHistory_Range_ExcludesBaseAndIncludesMergedBranches()
    {
        var baseSha = repo.Commit("feat: base");
        repo.Git("checkout", "-q", "-b", "topic");
        var topic = repo.Commit("fix: on topic");
        repo.Git("checkout", "-q", "main");
        var onMain = repo.Commit("feat: on main");
        var merge = repo.Merge("topic");

        var history = await repo.Repository().ReadHistoryAsync(baseSha, merge, null, includeMerges: true, c => c, CancellationToken.None);
        var withoutMerges = await repo.Repository().ReadHistoryAsync(baseSha, merge, null, includeMerges: false, c => c, CancellationToken.None);

        history.Value!.Select(c => c.Sha).ShouldBe([merge, onMain, topic], ignoreOrder: true);
        history.Value!.Single(c => c.Sha == merge).IsMerge.ShouldBeTrue();
        withoutMerges.Value!.Select(c => c.Sha).ShouldBe([onMain, topic], ignoreOrder: true);
    }

    [Fact]
    public async Task ReadHistory_PathFilter_OnlyCommitsTouchingPath()
    {
        var api = repo.Commit("feat(api): a", ("services/api/x.txt", "1"));
        repo.Commit("feat(web): b", ("web/x.txt", "1"));

        var history = await repo.Repository().ReadHistoryAsync(null, repo.Head, "services/api", includeMerges: false, c => c, CancellationToken.None);

        history.Value!.Select(c => c.Sha).ShouldBe([api]);
    }

    [Fact]
    public async Task ListTags_OnlyReachableFromHead_PeeledToCommits()
    {
        var tagged = repo.Commit("feat: a");
        repo.Tag("v1.0.0");
        repo.Git("tag", "light", tagged);
        repo.Git("checkout", "-q", "-b", "side");
        repo.Commit("feat: side");
        repo.Tag("v9.0.0");
        repo.Git("checkout", "-q", "main");

        var tags = await repo.Repository().ListTagsAsync(repo.Head, CancellationToken.None);

        tags.Value!.OrderBy(t => t.Name).ShouldBe([new TagRef("light", tagged, true), new TagRef("v1.0.0", tagged, true)]);
    }

    [Fact]
    public async Task CommitTagAndPush_ReachTheOrigin()
    {
        repo.Commit("feat: a", ("VERSION", "0.0.0\n"));
        using var origin = repo.AddBareOrigin();
        var git = repo.Repository();
        var head = (await git.GetHeadAsync(null, CancellationToken.None)).Value!;

        var sha = await git.CommitAsync(head, [new FileChange("VERSION", "0.1.0\n"), new FileChange("CHANGELOG.md", "# Changelog\n")], "chore(release): v0.1.0", CancellationToken.None);
        var tag = await git.CreateTagAsync("v0.1.0", "Release v0.1.0", sha.Value!, CancellationToken.None);
        var pushed = await git.PublishAsync(new PublishRequest(["main"], ["v0.1.0"], []), CancellationToken.None);

        (sha.Error, tag.Error, pushed.Error).ShouldBe((null, null, null));
        repo.Read("VERSION").ShouldBe("0.1.0\n");
        repo.Git("log", "-1", "--format=%s").ShouldBe("chore(release): v0.1.0");
        repo.Git("show", "--name-only", "--format=", "HEAD").Split('\n').ShouldBe(["CHANGELOG.md", "VERSION"], ignoreOrder: true);
        repo.Git("cat-file", "-t", "v0.1.0").ShouldBe("tag");
        origin.Git("rev-parse", "main").ShouldBe(sha.Value);
        origin.Git("rev-parse", "v0.1.0^{commit}").ShouldBe(sha.Value);
    }

    [Fact]
    public async Task Commit_RefusesWhenTheCheckoutMoved()
    {
        repo.Commit("feat: a");
        var git = repo.Repository();
        var head = (await git.GetHeadAsync(null, CancellationToken.None)).Value!;
        repo.Commit("feat: b");

        var result = await git.CommitAsync(head, [new FileChange("VERSION", "1\n")], "x", CancellationToken.None);

        result.Error!.ShouldStartWith("the checkout moved");
    }

    [Fact]
    public async Task Commit_LeavesOtherStagedChangesOut()
    {
        repo.Commit("feat: a", ("VERSION", "0.0.0\n"));
        repo.Write("notes.txt", "staged but not released");
        repo.Git("add", "notes.txt");
        var git = repo.Repository();
        var head = (await git.GetHeadAsync(null, CancellationToken.None)).Value!;

        await git.CommitAsync(head, [new FileChange("VERSION", "0.1.0\n")], "chore(release): v0.1.0", CancellationToken.None);

        repo.Git("show", "--name-only", "--format=", "HEAD").ShouldBe("VERSION");
        repo.Git("diff", "--cached", "--name-only").ShouldBe("notes.txt");
    }

    [Fact]
    public async Task GetHead_NotARepository_IsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-norepo-");
        try
        {
            var result = await new GitReleaseRepository(dir.FullName).GetHeadAsync(null, CancellationToken.None);

            result.Error!.ShouldContain("not inside a git repository");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("https://github.com/acme/app.git", "https://github.com/acme/app")]
    [InlineData("git@github.com:acme/app.git", "https://github.com/acme/app")]
    [InlineData("ssh://git@github.example.com:2222/acme/app", "https://github.example.com/acme/app")]
    [InlineData("https://gitlab.com/acme/app.git", null)]
    [InlineData("/srv/git/app.git", null)]
    public void RemoteUrl_ToWebUrl(string remote, string? web) => GitRemoteUrl.ToWebUrl(remote).ShouldBe(web);

    [Fact]
    public async Task LogReader_StitchesFieldsAcrossBufferBoundaries()
    {
        var longBody = new string('x', 100_000);
        var text = $"{new string('a', 40)}\0\0feat: first\n\n{longBody}\n\0{new string('b', 40)}\0{new string('a', 40)}\0fix: second\n\0";

        var commits = await GitLogReader.ReadAsync(new StringReader(text), withParents: true, c => c, CancellationToken.None);

        commits.Count.ShouldBe(2);
        commits[0].Message.Length.ShouldBe("feat: first\n\n".Length + longBody.Length + 1);
        commits[1].Parents.ShouldBe([new string('a', 40)]);
    }

    [Fact]
    public async Task LogReader_WithoutParents_ReadsPairs_LastWithoutTerminator()
    {
        var text = $"{new string('a', 40)}\0feat: one\n\0{new string('b', 40)}\0fix: two";

        var commits = await GitLogReader.ReadAsync(new StringReader(text), withParents: false, c => c, CancellationToken.None);

        commits.Select(c => (c.Sha[0], c.Message)).ShouldBe([('a', "feat: one\n"), ('b', "fix: two")]);
    }
}
