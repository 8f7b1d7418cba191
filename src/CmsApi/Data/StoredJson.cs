using System.Text.Json;
using CmsApi.Http;

namespace CmsApi.Data;

/// <summary>
/// How JSON documents are written into text columns: camelCase and escaped exactly as the API writes its answers
/// (Chinese as is), so that a stored article body can be copied into an answer unchanged.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JsonSetup.Encoder,
        Converters = { JsonSetup.Enums },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"A stored {typeof(T).Name} is null.");

    public static T Read<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, Options)
        ?? throw new JsonException($"A stored {typeof(T).Name} is null.");
}
