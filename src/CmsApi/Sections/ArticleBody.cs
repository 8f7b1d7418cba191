using System.Text.Json;
using System.Text.Json.Serialization;
using CmsApi.Data;

namespace CmsApi.Sections;

/// <summary>
/// An article body as official documents are written: a lead, numbered sections and closing paragraphs. The sections
/// are numbered as its <c>numbering</c> says: as a document (GB/T 9704-2012, up to four levels: 一、 → （一） → 1. →
/// （1）) or as a regulation (第一章 → 第一节 → 第一条 → （一） → 1.), with 编 above its chapters if it has them.
/// </summary>
/// <remarks>
/// A body read from the database keeps the stored JSON and is parsed only when its parts are read: an article's JSON
/// answer copies those bytes as they are (the stored form is the answer's form, see <see cref="StoredJson"/>), which
/// makes reading an article by id several times cheaper than parsing the body and writing it again. Only an
/// article's answer does that (<see cref="Json"/> on <c>Article.Body</c>); a body sent in is read as any object is, so
/// that a wrong value inside it is named by its whole path (<c>$.body.sections[0].title</c>).
/// </remarks>
public sealed class ArticleBody
{
    public static readonly ArticleBody Empty = new([], [], []);

    private readonly byte[]? _stored;
    private Parts? _parts;

    public ArticleBody(IReadOnlyList<string>? lead, IReadOnlyList<Section>? sections, IReadOnlyList<string>? closing,
        BodyNumbering numbering = BodyNumbering.Document) =>
        _parts = new Parts(numbering, lead, sections, closing);

    private ArticleBody(byte[] stored) => _stored = stored;

    /// <summary>A body from its stored UTF-8 JSON, as <see cref="StoredJson"/> wrote it.</summary>
    public static ArticleBody FromStored(byte[] json) => new(json);

    /// <summary>How the sections are numbered: <c>document</c> (the default, left out of answers), <c>regulation</c>,
    /// <c>regulationInParts</c> or <c>codeInParts</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public BodyNumbering Numbering => Read().Numbering;

    /// <summary>Paragraphs before the first heading.</summary>
    public IReadOnlyList<string>? Lead => Read().Lead;

    /// <summary>The numbered sections, in order.</summary>
    public IReadOnlyList<Section>? Sections => Read().Sections;

    /// <summary>Paragraphs after the last section.</summary>
    public IReadOnlyList<string>? Closing => Read().Closing;

    // Two threads may both parse a shared instance; they get equal parts and either may win.
    private Parts Read() => _parts ??= StoredJson.Read<Parts>(_stored!);

    // Bodies stored before regulations were numbered have no "numbering"; a document's is never written, so old and
    // new bodies of documents are the same bytes.
    private sealed record Parts(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] BodyNumbering Numbering,
        IReadOnlyList<string>? Lead, IReadOnlyList<Section>? Sections, IReadOnlyList<string>? Closing);

    /// <summary>Writes a stored body's bytes as they are. On <c>Article.Body</c> only, so bodies sent in never meet it;
    /// it reads an article stored whole (a revision's snapshot).</summary>
    // Internal, not private: the generated contracts (CmsJsonContext) construct it.
    internal sealed class Json : JsonConverter<ArticleBody>
    {
        public override ArticleBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Parts>(ref reader, options) is { } parts
                ? new ArticleBody(parts.Lead, parts.Sections, parts.Closing, parts.Numbering)
                : throw new JsonException("A stored article body is null.");

        public override void Write(Utf8JsonWriter writer, ArticleBody value, JsonSerializerOptions options)
        {
            if (value._stored is { } stored)
            {
                // Written by StoredJson, so valid; parsing it (for a snippet, say) changed nothing to copy.
                writer.WriteRawValue(stored, skipInputValidation: true);
            }
            else
            {
                JsonSerializer.Serialize(writer, value.Read(), options);
            }
        }
    }
}

/// <summary>
/// How a body's sections are numbered: <c>document</c> (GB/T 9704: 一、 （一） 1. （1）; the default, left out of
/// answers); <c>regulation</c> (第一章 第一节 第一条 （一） 1.); <c>regulationInParts</c> (第一编 above the 章, which are
/// numbered through the body, as 《中国共产党纪律处分条例》 prints them); <c>codeInParts</c> (第一编 above the 章, which
/// start again in each 编, as 刑法 and 民法典 do). Paths and labels follow from it and from position on every write.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BodyNumbering>))]
public enum BodyNumbering
{
    /// <summary>GB/T 9704-2012, as notices, opinions and reports are written: 一、 → （一） → 1. → （1）.</summary>
    Document,

    /// <summary>
    /// As laws, regulations, 办法 and 规定 are written: 第一章 → 第一节 → 第一条 → （一） → 1. A section with a title is a
    /// 章 (at the top) or a 节 (in a 章); one without is a 条. 条 are numbered through the whole body; a 条's subsections
    /// are its 项 （一）, and theirs its 目 1. The text of a 条, 项 or 目 is its paragraphs (a 条's 款), never a title.
    /// </summary>
    Regulation,

    /// <summary>
    /// A regulation with 编 above its chapters, whose 章 are numbered through the whole body as its 条 are (《中国共产党纪律处分条例》:
    /// 第二编　分则 begins at 第六章): 第一编 → 第一章 → 第一节 → 第一条 → （一） → 1. A titled section at the top is a 编, a
    /// titled one in a 编 a 章; the rest as in <see cref="Regulation"/>.
    /// </summary>
    RegulationInParts,

    /// <summary>
    /// A code with 编 above its chapters, whose 章 start again at 第一章 in each 编 (刑法, 民法典); its 条 are numbered
    /// through the whole body. Otherwise as <see cref="RegulationInParts"/>.
    /// </summary>
    CodeInParts,
}

/// <summary>A numbered part of a body. <c>Path</c> and <c>Label</c> follow from the section's position: they are filled
/// in on every answer and ignored when sent, so moving a section renumbers it.</summary>
/// <param name="Path">Position numbers joined by dots, e.g. <c>2.1</c> for 二、（一）.</param>
/// <param name="Label">The printed number, e.g. <c>二、</c>, <c>（一）</c>, <c>1.</c>, <c>（1）</c>; in a regulation
/// <c>第二编</c>, <c>第二章</c>, <c>第一节</c>, <c>第十二条</c>, <c>（一）</c>, <c>1.</c>.</param>
/// <param name="Title">The heading text after the number (may be empty for an untitled part; in a regulation only a 编, 章 or
/// 节 has one).</param>
/// <param name="Paragraphs">The section's own paragraphs, before its subsections.</param>
/// <param name="Sections">Subsections, one level down.</param>
public sealed record Section(string? Path, string? Label, string? Title, IReadOnlyList<string>? Paragraphs, IReadOnlyList<Section>? Sections);

/// <summary>A section without its text, for the outline.</summary>
/// <param name="Path">e.g. <c>2.1</c>.</param>
/// <param name="Label">e.g. <c>（一）</c>.</param>
/// <param name="Title">The heading text.</param>
/// <param name="Sections">Subsections.</param>
public sealed record OutlineEntry(string Path, string Label, string Title, IReadOnlyList<OutlineEntry> Sections);
