using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CmsApi.Articles;

/// <summary>
/// The keyset position after the last article of a page: its sort time and id. Opaque to clients (base64url of a small
/// JSON object); a cursor that does not decode, or was made for the other sort order, is refused.
/// </summary>
/// <remarks>In a search ranked by relevance the position also holds the rank (1 = every term in the title).</remarks>
public sealed record Cursor(bool Newest, long At, long Id, int? Rank = null)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Wire(Sort(Newest, Rank is not null), At, Id, Rank), WireJson)));

    private static string Sort(bool newest, bool relevance) => relevance ? "r" : newest ? "n" : "o";

    public static Cursor? Decode(string? text, bool newest, bool relevance = false)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(text), WireJson);
            return wire is not null && wire.S == Sort(newest, relevance) && wire.I > 0 && (wire.R is null) != relevance && wire.R is null or 0 or 1
                ? new Cursor(newest, wire.T, wire.I, wire.R)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Wire(string S, long T, long I, int? R = null);

    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
