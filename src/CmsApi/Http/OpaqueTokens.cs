using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmsApi.Http;

/// <summary>
/// Positions handed to clients as opaque text (cursors): base64url of a small JSON object. One that does not decode,
/// or names a member its type does not have, is null, for the caller to refuse.
/// </summary>
public static class OpaqueTokens
{
    private const int MaxLength = 200;

    public static string Encode<T>(T wire) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(wire, Json));

    public static T? Decode<T>(string? text) where T : class
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(text), Json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
