using System.Net;
using System.Text;
using CmsApi.Webhooks;

namespace CmsApi.Tests.Webhooks;

public sealed class WebhookSigningTests
{
    [Fact]
    public void A_signature_is_the_one_the_standard_webhooks_libraries_check()
    {
        // the published test vector of standardwebhooks.com: a receiver's library accepts what matches it
        var secret = Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSigning.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}")));
    }

    [Fact]
    public void Each_webhook_and_nonce_has_a_secret_of_its_own_and_the_key_must_be_long_enough()
    {
        var signing = WebhookSigning.FromOptions(new WebhookOptions { Key = Convert.ToBase64String(new byte[32]) })!;
        var first = signing.Secret(1, "a");
        Assert.Equal(first, signing.Secret(1, "a"));
        Assert.Equal(4, new[] { first, signing.Secret(2, "a"), signing.Secret(1, "b"),
            WebhookSigning.FromOptions(new WebhookOptions { Key = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()) })!.Secret(1, "a") }
            .Distinct().Count());
        Assert.Equal(32, Convert.FromBase64String(first["whsec_".Length..]).Length);

        Assert.Null(WebhookSigning.FromOptions(new WebhookOptions()));
        foreach (var bad in new[] { Convert.ToBase64String(new byte[31]), "not base64!" })
        {
            Assert.Throws<InvalidOperationException>(() => WebhookSigning.FromOptions(new WebhookOptions { Key = bad }));
        }
    }

    [Fact]
    public void A_message_id_names_one_stretch_of_the_feed()
    {
        Assert.Equal(WebhookSigning.MessageId(1, "a", "b"), WebhookSigning.MessageId(1, "a", "b"));
        Assert.Equal(3, new[] { WebhookSigning.MessageId(1, "a", "b"), WebhookSigning.MessageId(1, "a", "c"), WebhookSigning.MessageId(2, "a", "b") }
            .Distinct().Count());
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("114.114.114.114", true)]
    [InlineData("2400:3200::1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Webhooks_post_to_public_addresses_only_unless_told_otherwise(string address, bool isPublic) =>
        Assert.Equal(isPublic, ReceiverAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Retries_wait_longer_each_time_up_to_an_hour() =>
        Assert.Equal([10, 20, 40, 80, 3600, 3600], new long[] { 1, 2, 3, 4, 10, 1000 }.Select(f => WebhookDelivery.RetryDelay(f).TotalSeconds));
}
