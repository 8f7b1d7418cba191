using System.Diagnostics;
using CmsApi.Articles;
using CmsApi.Data;
using CmsApi.Search;
using CmsApi.Sections;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CmsApi.Benchmarks;

/// <summary>
/// Writes published articles of realistic Chinese text (the reference page's sentences, numbered sections, five
/// channels, publish times over seven years, fixed seed) into the demo site of a database (SQLite or PostgreSQL) that
/// the service created, straight into the tables and, through the service's own <see cref="SearchIndex"/>, the search index:
/// a million articles in minutes, where the import API would take hours. No revisions are written.
/// </summary>
public static class DataSet
{
    private const string Site = "gzsjgdj";
    private const int Batch = 5_000;

    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>.</param>
    /// <param name="connection">The SQLite file, or a PostgreSQL connection string.</param>
    /// <param name="count">How many articles.</param>
    /// <param name="bodyChars">About how many characters each body has.</param>
    public static async Task GenerateAsync(string provider, string connection, int count, int bodyChars)
    {
        var sqlite = provider == "sqlite";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Cms"] = sqlite ? $"Data Source={Path.GetFullPath(connection)}" : connection,
            })
            .Build();
        var database = new Database(Options.Create(new DatabaseOptions { Provider = provider }), configuration,
            new HostingEnvironment { ContentRootPath = Directory.GetCurrentDirectory() }, new ReplicaLag());
        var index = new SearchIndex(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchIndex>.Instance);
        var sentences = Sentences();
        var random = new Random(20221);
        var clock = Stopwatch.StartNew();

        await using var db = await database.OpenAsync();
        if (sqlite)
        {
            await db.ExecuteAsync("PRAGMA synchronous = OFF");
        }
        var siteId = await db.ExecuteScalarAsync<long>("SELECT id FROM sites WHERE key = @Site", new { Site });
        var channels = (await db.QueryAsync<(long Id, string Key)>(
            "SELECT id, key FROM channels WHERE site_id = @siteId ORDER BY id", new { siteId })).ToArray();
        var from = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var until = new DateTimeOffset(2022, 5, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

        for (var written = 0; written < count;)
        {
            await using var transaction = await db.BeginTransactionAsync();
            for (var end = Math.Min(count, written + Batch); written < end; written++)
            {
                var channel = channels[random.Next(channels.Length)];
                var title = Pick(sentences, random)[..random.Next(8, 20)].TrimEnd('。', '，', '、') + $"（{written}）";
                var body = Numbering.Number(Body(sentences, random, bodyChars));
                var publishedAt = random.NextInt64(from, until);
                var id = await db.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO articles (site_id, channel_id, status, title, source, editor, tags, body, published_at,
                                          first_published_at, view_count, version, created_at, updated_at)
                    VALUES (@siteId, @channelId, 'published', @title, '市直机关工委', '测试', '[]', @body, @publishedAt,
                            @publishedAt, @views, 1, @publishedAt, @publishedAt)
                    RETURNING id
                    """,
                    new { siteId, channelId = channel.Id, title, body = StoredJson.Write(body), publishedAt, views = random.Next(5000) },
                    transaction);
                var time = DateTimeOffset.FromUnixTimeMilliseconds(publishedAt);
                await index.WriteAsync(db, transaction, new Article(
                    id, Site, channel.Key, null, ArticleStatus.Published, false, null, 0, title, null, null, null, "市直机关工委", null, "测试", [], null,
                    null, null, null, null, time, null, time, time, time, 1, body, [], []));
            }
            await transaction.CommitAsync();
            await Console.Error.WriteLineAsync($"{written} articles, {clock.Elapsed.TotalSeconds:F0} s");
        }
        await index.OptimizeAsync(db); // as the admin rebuild does after its bulk writes
        await Console.Error.WriteLineAsync($"search index merged, {clock.Elapsed.TotalSeconds:F0} s");
        await db.ExecuteAsync(sqlite ? "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE)" : "VACUUM ANALYZE");
    }

    /// <summary>A lead, then 一、 sections with （一） subsections whose paragraphs fill the body to about <paramref name="chars"/>.</summary>
    private static ArticleBody Body(string[] sentences, Random random, int chars)
    {
        var lead = Pick(sentences, random);
        var length = lead.Length;
        var sections = new List<Section>();
        while (length < chars && sections.Count < 9)
        {
            var subsections = new List<Section>();
            for (var s = random.Next(1, 4); s > 0 && length < chars; s--)
            {
                var paragraph = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Pick(sentences, random)));
                length += paragraph.Length;
                subsections.Add(new Section(null, null, Pick(sentences, random)[..10].TrimEnd('。', '，'), [paragraph], null));
            }
            sections.Add(new Section(null, null, Pick(sentences, random)[..16].TrimEnd('。', '，'), null, subsections));
        }
        return new ArticleBody([lead], sections, []);
    }

    private static string Pick(string[] sentences, Random random) => sentences[random.Next(sentences.Length)];

    /// <summary>The sentences of the reference page's body (lines 8 to 56), each long enough to cut a heading from.</summary>
    private static string[] Sentences()
    {
        using var stream = typeof(Demo.DemoContent).Assembly.GetManifestResourceStream("CmsApi.Demo.legacy-article-page.txt")!;
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n')[7..56];
        return lines.SelectMany(l => l.Trim().Split('。')).Where(s => s.Length > 16).Select(s => s + "。").ToArray();
    }
}
