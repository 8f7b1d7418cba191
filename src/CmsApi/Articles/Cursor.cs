using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CmsApi.Articles;

/// <summary>
/// The keyset position after the last article of a page: its sort time and id. Opaque to clients (base64url of a small
/// JSON object); a cursor that does not decode, or was made for the other sort order, is refused.
/// </summary>
public sealed record Cursor(bool Newest, long At, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Wire(Newest ? "n" : "o", At, Id), WireJson)));

    public static Cursor? Decode(string? text, bool newest)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(text), WireJson);
            return wire is { S: "n" or "o" } && wire.S == (newest ? "n" : "o") && wire.I > 0 ? new Cursor(newest, wire.T, wire.I) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Wire(string S, long T, long I);

    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}
