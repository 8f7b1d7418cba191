namespace CmsApi.Tests.Infrastructure;

/// <summary>The reference page (tests/CmsApi.Tests/Fixtures/legacy-article-page.txt), by its 1-based line numbers.</summary>
public static class LegacyPage
{
    public static readonly string[] Lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-article-page.txt"));

    public static string Line(int number) => Lines[number - 1];
}
