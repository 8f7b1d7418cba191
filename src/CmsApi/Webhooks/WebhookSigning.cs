using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CmsApi.Webhooks;

/// <summary>
/// Signing after Standard Webhooks (standardwebhooks.com), which receivers have libraries for: headers
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>
/// (<c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c> under the secret's bytes). Secrets are derived, not
/// stored: a webhook's is the HMAC of its id and nonce under the server's key. Pure: no HTTP, no database.
/// </summary>
public sealed class WebhookSigning
{
    public const string SecretPrefix = "whsec_";

    private readonly byte[] key;

    public WebhookSigning(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("A webhook key is at least 32 bytes.", nameof(key));
        }
        this.key = key;
    }

    /// <summary>The configured key, or null when none is set; a key set but not base64 of 32 bytes or more stops the start.</summary>
    public static WebhookSigning? FromOptions(WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Key))
        {
            return null;
        }
        var bytes = new byte[options.Key.Length];
        if (!Convert.TryFromBase64String(options.Key.Trim(), bytes, out var length) || length < 32)
        {
            throw new InvalidOperationException($"{WebhookOptions.Section}:Key is not base64 of 32 random bytes or more (e.g. `openssl rand -base64 32`).");
        }
        return new WebhookSigning(bytes[..length]);
    }

    /// <summary>A new nonce: a new secret for the same webhook.</summary>
    public static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The webhook's signing secret as its receiver keeps it.</summary>
    public string Secret(long webhookId, string nonce) => SecretPrefix + Convert.ToBase64String(SecretBytes(webhookId, nonce));

    /// <summary>The <c>webhook-signature</c> header of a message.</summary>
    public string Sign(long webhookId, string nonce, string messageId, long timestamp, ReadOnlySpan<byte> body) =>
        Sign(SecretBytes(webhookId, nonce), messageId, timestamp, body);

    /// <summary>The <c>webhook-signature</c> header of a message under a secret's bytes (the base64 after <c>whsec_</c>).</summary>
    public static string Sign(byte[] secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(messageId) + 22 + body.Length];
        var at = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."), signed);
        body.CopyTo(signed.AsSpan(at));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, signed.AsSpan(0, at + body.Length)));
    }

    /// <summary>
    /// A message's <c>webhook-id</c>: the same for the same webhook, position and content, so that a receiver that
    /// saw a message before (its answer was lost, so it is sent again) can tell; other changes, another id.
    /// </summary>
    public static string MessageId(long webhookId, string from, string content) =>
        "msg_" + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId}\n{from}\n{content}")).AsSpan(0, 18));

    private byte[] SecretBytes(long webhookId, string nonce) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"cmsapi webhook\n{webhookId}\n{nonce}"));
}
