using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace CmsApi.Http;

/// <summary>
/// Says what a JSON body that could not be read got wrong, in words a client can act on: where, and what that place
/// takes, read from the contract of the type the route reads. The serializer's own messages name .NET types, and
/// "not valid" alone left a client guessing between a wrong type, an unknown field and a field sent twice.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>
    /// The problem's detail for <paramref name="error"/>, thrown while reading <paramref name="target"/> from
    /// <paramref name="subject"/>; with the line and byte where they help (not in a merge patch's result, which is
    /// not the client's text, nor in one line of a batch).
    /// </summary>
    public static string Describe(JsonException error, JsonTypeInfo? target, string subject = "The request body", bool positions = true)
    {
        var at = error.LineNumber is { } line && positions ? $" (line {line + 1}, byte {error.BytePositionInLine})" : "";
        if (error is InstantWithoutOffsetException { Path: { } instant })
        {
            return $"'{instant}' is not {Instants.Expected}.";
        }
        // The serializer's message is the only sign of a duplicate; tests pin its wording. A JSON document read on its
        // own (a merge patch) gives no path, only the name.
        if (error.Message.StartsWith("Duplicate property '", StringComparison.Ordinal))
        {
            return error.Path is { } duplicate
                ? $"'{duplicate}' is sent twice (names are matched ignoring case){at}."
                : $"{subject} sends the field '{error.Message.Split('\'')[1]}' twice{at}.";
        }
        // The serializer wraps the reader's exception (a JsonException too): the text is not JSON at all, or is cut short.
        if (error.InnerException is JsonException || error.Path is not { } path)
        {
            return $"{subject} is not valid JSON{at}.";
        }
        // A string escape of half a surrogate pair (\ud800 alone) is valid JSON but no text: the serializer says only
        // that it wanted a string.
        if (error.InnerException is InvalidOperationException { Message: var invalid } && invalid.Contains("UTF-16", StringComparison.Ordinal))
        {
            return $"'{path}' holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its other half): not text{at}.";
        }
        if (target is null)
        {
            return $"{subject} is not valid for this route at '{path}'{at}.";
        }
        var (parent, parentPath, info, name) = Walk(target, path);
        return (parent, info) switch
        {
            ({ } within, null) when name is not null =>
                $"'{path}' is not a field here{at}; the fields {(parentPath == "$" ? "" : $"of '{parentPath}' ")}are {Fields(within)}.",
            (_, { } expected) when path == "$" => $"{subject} should be {Expected(expected)}.",
            (_, { } expected) => $"'{path}' should be {Expected(expected)}{at}.",
            _ => $"{subject} is not valid for this route at '{path}'{at}.",
        };
    }

    /// <summary>
    /// Follows <paramref name="path"/> (<c>$.body.sections[0].title</c>) through the contracts: the object it ends in, the
    /// contract of the value it names (null when that field does not exist) and the field's name.
    /// </summary>
    private static (JsonTypeInfo? Parent, string ParentPath, JsonTypeInfo? Info, string? Name) Walk(JsonTypeInfo root, string path)
    {
        JsonTypeInfo? info = root;
        JsonTypeInfo? parent = null;
        var parentPath = "$";
        string? name = null;
        var read = 1;
        foreach (Match step in PathStep().Matches(path, 1))
        {
            read += step.Length;
            if (info is null)
            {
                return (null, "$", null, null);
            }
            parent = info;
            parentPath = path[..step.Index];
            if (step.Groups["index"].Success)
            {
                name = null;
                info = info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element ? info.Options.GetTypeInfo(element) : null;
            }
            else
            {
                name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                info = info.Kind == JsonTypeInfoKind.Object
                    && info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } property
                    ? info.Options.GetTypeInfo(property.PropertyType)
                    : null;
            }
        }
        // a name the path does not quote unambiguously (one holding ']) is not followed
        return read == path.Length ? (parent, parentPath, info, name) : (null, "$", null, null);
    }

    private static string Expected(JsonTypeInfo info) => info.Kind switch
    {
        JsonTypeInfoKind.Object => $"an object with the fields {Fields(info)}",
        JsonTypeInfoKind.Dictionary => "an object",
        JsonTypeInfoKind.Enumerable when info.ElementType == typeof(string) => "an array of strings",
        JsonTypeInfoKind.Enumerable => "an array of objects",
        _ => Expected(Nullable.GetUnderlyingType(info.Type) ?? info.Type) ?? "a value of another kind",
    };

    /// <summary>What a single value of <paramref name="type"/> is, in words; null for other types. Query strings too.</summary>
    public static string? Expected(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : type == typeof(DateTimeOffset) ? Instants.Expected
        : type == typeof(DateOnly) ? "a date as yyyy-MM-dd (2022-05-12)"
        : type == typeof(int) ? WholeNumber(int.MinValue, int.MaxValue)
        : type == typeof(long) ? WholeNumber(long.MinValue, long.MaxValue)
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))
        : null;

    private static string WholeNumber(long min, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");

    private static string Fields(JsonTypeInfo info) => string.Join(", ", info.Properties.Select(p => p.Name));

    // the serializer writes $.name, $['odd.name'] (quotes inside left as they are) and [0]
    [GeneratedRegex(@"\G(?:\.(?<name>[^.\[]+)|\['(?<quoted>.*?)'\](?=$|[.\[])|\[(?<index>\d+)\])")]
    private static partial Regex PathStep();
}
