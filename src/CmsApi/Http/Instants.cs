using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmsApi.Http;

/// <summary>
/// Times that come in say their offset (<c>Z</c> or <c>+08:00</c>). One without would be read in the server's own time
/// zone: an editor's 11:23 in Beijing became 19:23 on a server that runs on UTC, without a word.
/// </summary>
public static class Instants
{
    public const string Expected = "an ISO-8601 time with its offset, e.g. 2022-05-12T11:23:00+08:00";

    /// <summary>Whether an ISO-8601 time names its offset (parsed as it stands: with one, the kind is not Unspecified).</summary>
    public static bool HasOffset(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) && time.Kind != DateTimeKind.Unspecified;
}

/// <summary>The request's <see cref="JsonException"/> for a time without its offset; its message is the answer's detail.</summary>
public sealed class InstantWithoutOffsetException() : JsonException($"Expected {Instants.Expected}.");

/// <summary>Reads times as System.Text.Json does, but only with their offset; writes them as it does.</summary>
public sealed class InstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var instant) && Instants.HasOffset(reader.GetString()!)
            ? instant
            : throw new InstantWithoutOffsetException();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
