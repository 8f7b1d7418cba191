namespace CmsApi.Sections;

/// <summary>
/// An article body as official documents are written (GB/T 9704-2012): a lead, numbered sections of up to four levels
/// (一、 → （一） → 1. → （1）) and closing paragraphs.
/// </summary>
/// <param name="Lead">Paragraphs before the first heading.</param>
/// <param name="Sections">The numbered sections, in order.</param>
/// <param name="Closing">Paragraphs after the last section.</param>
public sealed record ArticleBody(IReadOnlyList<string>? Lead, IReadOnlyList<Section>? Sections, IReadOnlyList<string>? Closing)
{
    public static readonly ArticleBody Empty = new([], [], []);
}

/// <summary>A numbered part of a body. <c>Path</c> and <c>Label</c> follow from the section's position: they are filled
/// in on every answer and ignored when sent, so moving a section renumbers it.</summary>
/// <param name="Path">Position numbers joined by dots, e.g. <c>2.1</c> for 二、（一）.</param>
/// <param name="Label">The printed number, e.g. <c>二、</c>, <c>（一）</c>, <c>1.</c>, <c>（1）</c>.</param>
/// <param name="Title">The heading text after the number (may be empty for an untitled part).</param>
/// <param name="Paragraphs">The section's own paragraphs, before its subsections.</param>
/// <param name="Sections">Subsections, one level down.</param>
public sealed record Section(string? Path, string? Label, string? Title, IReadOnlyList<string>? Paragraphs, IReadOnlyList<Section>? Sections);

/// <summary>A section without its text, for the outline.</summary>
/// <param name="Path">e.g. <c>2.1</c>.</param>
/// <param name="Label">e.g. <c>（一）</c>.</param>
/// <param name="Title">The heading text.</param>
/// <param name="Sections">Subsections.</param>
public sealed record OutlineEntry(string Path, string Label, string Title, IReadOnlyList<OutlineEntry> Sections);
