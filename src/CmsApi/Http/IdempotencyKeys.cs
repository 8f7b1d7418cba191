using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Http;

/// <summary>Endpoint metadata: this route honours <c>Idempotency-Key</c> (for the OpenAPI document).</summary>
public sealed record IdempotencyKeyHeader;

/// <summary>
/// <c>Idempotency-Key</c> (IETF draft-ietf-httpapi-idempotency-key-header): a client's name for one creation, so that
/// sending the same request again after a timeout answers what the first made instead of making it twice. A key is
/// remembered for each API key with a hash of what was asked; the same key with another request is a 422.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer that repeats an earlier creation (the name Stripe and others use).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotencyKeyHeader()).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>The key the request sends (the draft's quoted form or bare), none, or why it is refused.</summary>
    public static (string? Key, ProblemHttpResult? Refusal) Read(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return (null, null);
        }
        var key = values.Count == 1 ? values[0]!.Trim() : "";
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }
        return key.Length is >= 1 and <= 255 && key.All(c => c is > ' ' and <= '~' and not '"')
            ? (key, null)
            : (null, Problems.BadRequest("invalid_idempotency_key",
                $"Send one {Header} of 1 to 255 visible ASCII characters, such as a new UUID for each creation."));
    }

    /// <summary>What identifies a request for its key: the route's own words for it, hashed.</summary>
    public static string Hash(string request) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request)));

    public static ProblemHttpResult Reused() =>
        Problems.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
            $"This {Header} was sent before with another request; use a new key for each creation.");
}
