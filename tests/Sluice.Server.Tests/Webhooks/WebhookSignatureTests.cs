using System.Text;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Tests.Webhooks;

public class WebhookSignatureTests
{
    // The example from GitHub's "Validating webhook deliveries" documentation.
    private const string DocSecret = "It's a Secret to Everybody";
    private const string DocPayload = "Hello, World!";
    private const string DocSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void Sign_GitHubDocumentationExample_MatchesTheDocumentedSignature() =>
        WebhookSignature.Sign(DocSecret, Encoding.UTF8.GetBytes(DocPayload)).ShouldBe(DocSignature);

    [Fact]
    public void IsValid_DocumentedSignature_Accepted() =>
        WebhookSignature.IsValid(DocSecret, Encoding.UTF8.GetBytes(DocPayload), DocSignature).ShouldBeTrue();

    [Theory]
    [InlineData("Hello, World?", DocSignature)]
    [InlineData(DocPayload, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData(DocPayload, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData(DocPayload, "sha256=757107ea")]
    [InlineData(DocPayload, "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData(DocPayload, "")]
    public void IsValid_TamperedBodyOrSignature_Rejected(string body, string signature) =>
        WebhookSignature.IsValid(DocSecret, Encoding.UTF8.GetBytes(body), signature).ShouldBeFalse();

    [Fact]
    public void IsValid_OtherSecret_Rejected() =>
        WebhookSignature.IsValid("another secret", Encoding.UTF8.GetBytes(DocPayload), DocSignature).ShouldBeFalse();
}
