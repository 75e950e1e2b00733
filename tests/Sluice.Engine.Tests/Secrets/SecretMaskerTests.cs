using System.Text;
using Sluice.Engine.Secrets;

namespace Sluice.Engine.Tests.Secrets;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Apply_PlainValue_IsReplaced() =>
        new SecretMasker(["hunter2"]).Apply("password is hunter2!").ShouldBe("password is ***!");

    [Fact]
    public void Apply_EachLineOfAMultiLineSecret_IsReplaced()
    {
        var masker = new SecretMasker(["first-line-x\nsecond-line-y"]);

        masker.Apply("got second-line-y here").ShouldBe("got *** here");
        masker.Apply("first-line-x").ShouldBe("***");
    }

    [Fact]
    public void Apply_Base64Form_IsReplaced()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cr3t-value"));

        new SecretMasker(["s3cr3t-value"]).Apply("auth: " + encoded).ShouldBe("auth: ***");
    }

    [Fact]
    public void Apply_LongerSecretContainingAShorterOne_LeavesNoFragment() =>
        new SecretMasker(["abc", "xxabcxx"]).Apply("[xxabcxx]").ShouldBe("[***]");

    [Fact]
    public void Apply_BlankSecret_MasksNothing() =>
        new SecretMasker(["", "  "]).Apply("a b").ShouldBe("a b");
}
