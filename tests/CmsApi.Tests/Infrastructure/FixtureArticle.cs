namespace CmsApi.Tests.Infrastructure;

/// <summary>
/// The reference page's article as an editor would enter it through the API, built from the page's own lines
/// (see shared/fixtures/README.md): line 3 title, 5 subtitle after the dash, 8 lead, 10/18/…/50 level-1 headings,
/// each followed by three run-in level-2 sections ("（一）title。text").
/// </summary>
public static class FixtureArticle
{
    public static readonly int[] Headings = [10, 18, 26, 34, 42, 50];

    public static Dictionary<string, object?> Input(string channel = "news", string? slug = null) => new()
    {
        ["channel"] = channel,
        ["title"] = LegacyPage.Line(3),
        ["subtitle"] = LegacyPage.Line(5)[2..],
        ["source"] = "市生态环境局",
        ["editor"] = "刘嘉浩",
        ["publishedAt"] = "2022-05-12T11:23:00+08:00",
        ["slug"] = slug,
        ["tags"] = new[] { "党建" },
        ["body"] = new
        {
            lead = new[] { LegacyPage.Line(8) },
            sections = Headings.Select(h => new
            {
                title = LegacyPage.Line(h)[2..],
                paragraphs = Array.Empty<string>(),
                sections = new[] { h + 2, h + 4, h + 6 }.Select(n => RunIn(LegacyPage.Line(n))).ToArray(),
            }).ToArray(),
        },
    };

    /// <summary>"(一)坚决筑牢政治忠诚。坚持…" → title 坚决筑牢政治忠诚, text 坚持….</summary>
    public static (string Title, string Text) Split(string line)
    {
        var text = line[3..];
        var stop = text.IndexOf('。', StringComparison.Ordinal);
        return (text[..stop], text[(stop + 1)..]);
    }

    private static object RunIn(string line)
    {
        var (title, text) = Split(line);
        return new { title, paragraphs = new[] { text } };
    }
}
