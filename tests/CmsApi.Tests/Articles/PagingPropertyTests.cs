using System.Net;
using CmsApi.Tests.Infrastructure;
using CsCheck;

namespace CmsApi.Tests.Articles;

public sealed class PagingPropertyTestsOnSqlite(SqliteDatabase database) : PagingPropertyTests(database), IClassFixture<SqliteDatabase>;

public sealed class PagingPropertyTestsOnPostgres(PostgresDatabase database) : PagingPropertyTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// Keyset paging stays exact while articles are published between page requests: every article visible when paging
/// began appears exactly once, whatever the page size, sort order (by 发布时间 or by 成文日期), ties in either, pinned
/// articles (置顶, first in the order without a sort, by level) and interleaved inserts.
/// </summary>
public abstract class PagingPropertyTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>An article to publish: at which minute, its pin's level (0: not pinned), and on which day of January
    /// 2022 it was written (成文日期; every article here is a document that has one).</summary>
    private sealed record Entry(int Minute, int PinLevel, int WrittenDay);

    /// <summary><paramref name="Sort"/>: null for the default order (pinned first), else one of the sorts a list takes.</summary>
    private sealed record Scenario(Entry[] Initial, int PageSize, string? Sort, Entry[][] InsertsPerPage);

    // Publish times fall on few distinct minutes, so ties (same publishedAt, ordered by id) are common; about one in
    // three is pinned, at one of two levels, so that ties in level are common too.
    private static readonly Gen<Entry> Entries =
        from minute in Gen.Int[0, 5]
        from pinned in Gen.Int[0, 5]
        from written in Gen.Int[1, 3]
        select new Entry(minute, pinned switch { 0 => 1, 1 => 2, _ => 0 }, written);

    private static readonly Gen<Scenario> Scenarios =
        from initial in Entries.Array[1, 25]
        from pageSize in Gen.Int[1, 6]
        from sort in Gen.Int[0, 4].Select(i => new[] { null, "newest", "oldest", "newest-written", "oldest-written" }[i])
        from inserts in Entries.Array[0, 3].Array[30]
        select new Scenario(initial, pageSize, sort, inserts);

    private async Task<long> PublishAsync(string site, string title, Entry entry)
    {
        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title, publishedAt = ContentApi.Published.AddMinutes(entry.Minute),
            disclosure = new { writtenOn = $"2022-01-0{entry.WrittenDay}" },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, id);
        if (entry.PinLevel > 0)
        {
            await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/pin", new { level = entry.PinLevel })).OkJsonAsync();
        }
        return id;
    }

    [Fact]
    public async Task Every_article_that_existed_at_the_start_appears_exactly_once()
    {
        await Scenarios.SampleAsync(async scenario =>
        {
            var site = await ContentApi.NewSiteAsync(Admin);
            var existing = new List<long>();
            foreach (var entry in scenario.Initial)
            {
                existing.Add(await PublishAsync(site, $"初始{entry.Minute}", entry));
            }

            var seen = new List<long>();
            string? cursor = null;
            var page = 0;
            do
            {
                var query = $"limit={scenario.PageSize}" + (scenario.Sort is { } sort ? $"&sort={sort}" : "") + (cursor is null ? "" : $"&cursor={cursor}");
                var answer = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?{query}")).OkJsonAsync();
                seen.AddRange(answer["items"]!.AsArray().Select(a => a!.Id()));
                cursor = answer["nextCursor"]?.GetValue<string>();
                // others publish while this client pages
                foreach (var entry in scenario.InsertsPerPage[page++ % scenario.InsertsPerPage.Length])
                {
                    await PublishAsync(site, $"插入{entry.Minute}", entry);
                }
            }
            while (cursor is not null && page < 200);

            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.All(existing, id => Assert.Contains(id, seen));
        }, iter: 20, threads: 1);
    }
}
