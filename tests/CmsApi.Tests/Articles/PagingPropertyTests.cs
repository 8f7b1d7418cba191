using System.Net;
using CmsApi.Tests.Infrastructure;
using CsCheck;

namespace CmsApi.Tests.Articles;

public sealed class PagingPropertyTestsOnSqlite(SqliteDatabase database) : PagingPropertyTests(database), IClassFixture<SqliteDatabase>;

public sealed class PagingPropertyTestsOnPostgres(PostgresDatabase database) : PagingPropertyTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// Keyset paging stays exact while articles are published between page requests: every article visible when paging
/// began appears exactly once, whatever the page size, sort order, ties in publish time and interleaved inserts.
/// </summary>
public abstract class PagingPropertyTests(TestDatabase database) : ApiTest(database)
{
    private sealed record Scenario(int[] Initial, int PageSize, bool Newest, int[][] InsertsPerPage);

    // Publish times fall on few distinct minutes, so ties (same publishedAt, ordered by id) are common.
    private static readonly Gen<int> Minute = Gen.Int[0, 5];

    private static readonly Gen<Scenario> Scenarios =
        from initial in Minute.Array[1, 25]
        from pageSize in Gen.Int[1, 6]
        from newest in Gen.Bool
        from inserts in Minute.Array[0, 3].Array[30]
        select new Scenario(initial, pageSize, newest, inserts);

    [Fact]
    public async Task Every_article_that_existed_at_the_start_appears_exactly_once()
    {
        var start = ContentApi.Published;
        await Scenarios.SampleAsync(async scenario =>
        {
            var site = await ContentApi.NewSiteAsync(Admin);
            var existing = new List<long>();
            foreach (var minute in scenario.Initial)
            {
                existing.Add(await ContentApi.PublishedAsync(Admin, site, $"初始{minute}", start.AddMinutes(minute)));
            }

            var seen = new List<long>();
            string? cursor = null;
            var page = 0;
            do
            {
                var query = $"limit={scenario.PageSize}&sort={(scenario.Newest ? "newest" : "oldest")}" + (cursor is null ? "" : $"&cursor={cursor}");
                var answer = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?{query}")).OkJsonAsync();
                seen.AddRange(answer["items"]!.AsArray().Select(a => a!.Id()));
                cursor = answer["nextCursor"]?.GetValue<string>();
                // others publish while this client pages
                foreach (var minute in scenario.InsertsPerPage[page++ % scenario.InsertsPerPage.Length])
                {
                    await ContentApi.PublishedAsync(Admin, site, $"插入{minute}", start.AddMinutes(minute));
                }
            }
            while (cursor is not null && page < 200);

            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.All(existing, id => Assert.Contains(id, seen));
        }, iter: 12, threads: 1);
    }
}
