using CmsApi.Articles;
using CmsApi.Channels;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Views;

/// <summary>View counts in SQL: batched commutative increments (any number of instances may flush at once) and daily buckets.</summary>
public sealed class ViewStore(Database database, ArticleStore articles, TimeProvider clock)
{
    /// <summary>What the counter needs to know about an article to count a view of it.</summary>
    public sealed record Target(long Id, string Status, long? PublishedAt, long ViewCount, string TimeZone)
    {
        /// <summary>Resolved once per cached target, not once per view.</summary>
        public TimeZoneInfo Zone { get; } = Sites.SiteTimeZone.Find(TimeZone);
    }

    public Task<Target?> FindAsync(string siteKey, long id, CancellationToken cancellationToken) =>
        database.QuerySingleOrDefaultAsync<Target>(
            """
            SELECT a.id, a.status, a.published_at, a.view_count, s.time_zone
            FROM articles a JOIN sites s ON s.id = a.site_id
            WHERE s.key = @siteKey AND a.id = @id
            """,
            new Dictionary<string, object?> { ["siteKey"] = siteKey, ["id"] = id }, cancellationToken);

    /// <summary>Adds the views in one transaction; answers each article's stored count after the addition.</summary>
    public async Task<Dictionary<long, long>> AddAsync(IReadOnlyDictionary<(long Article, int Day), long> views, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var totals = new Dictionary<long, long>();
        foreach (var article in views.GroupBy(v => v.Key.Article, v => v.Value))
        {
            var total = await connection.ExecuteScalarAsync<long?>(
                "UPDATE articles SET view_count = view_count + @delta WHERE id = @id RETURNING view_count",
                new { id = article.Key, delta = article.Sum() }, transaction);
            if (total is { } t)
            {
                totals[article.Key] = t;
            }
        }
        foreach (var ((article, day), count) in views)
        {
            // An article purged since its views were counted takes its views with it.
            await connection.ExecuteAsync(
                """
                INSERT INTO article_view_days (article_id, day, views)
                SELECT @article, @day, @count WHERE EXISTS (SELECT 1 FROM articles WHERE id = @article)
                ON CONFLICT (article_id, day) DO UPDATE SET views = article_view_days.views + excluded.views
                """,
                new { article, day, count }, transaction);
        }
        await transaction.CommitAsync(cancellationToken);
        return totals;
    }

    /// <summary>Published articles ranked by views in the last <paramref name="days"/> days of the site's calendar, or by
    /// all views ever when null; null when the site, or the channel asked for, does not exist.</summary>
    public async Task<IReadOnlyList<(ArticleSummary Article, long Views)>?> PopularAsync(string siteKey, int? days, string? channel,
        int limit, CancellationToken cancellationToken)
    {
        using var turn = await database.LongReadTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var channels = await ChannelStore.ListAsync(connection, null, siteKey);
        if (channels is null)
        {
            return null;
        }
        int? fromDay = days is { } d ? ViewCounter.DayNumber(Sites.SiteTimeZone.Today(clock, channels.Zone).AddDays(1 - d)) : null;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!channels.TryWithin(channel, out var channelIds))
        {
            return null;
        }
        var inChannels = channelIds is null ? "" : "AND " + database.AnyOf("a.channel_id", "@channelIds");
        // The page's ids from index entries alone (of all time: migration 0007's index by view count, walked from the
        // top; in a window: the window's day entries summed and sorted, then tested one by one, from the top, until the
        // page is full), then their summaries. At a million articles, sorting them all by their count took 8.5 s, and a
        // window summed from every day ever counted 0.3 to 0.7 s. The test is a scalar subquery so that PostgreSQL
        // cannot turn it into a join: as one, it read every article of the site (1.2 / 0.9 s for 7 / 30 days).
        var ranked = fromDay is null
            ? $"""
               SELECT a.id, a.view_count AS score FROM articles a {database.IndexedBy("ix_articles_popular")}
               WHERE a.site_id = @siteId AND {ArticleStore.PublicOnly} {inChannels}
               ORDER BY a.view_count DESC, a.id DESC LIMIT @limit
               """
            : $"""
               SELECT w.id, w.score FROM (SELECT d.article_id AS id, SUM(d.views) AS score
                                          FROM article_view_days d {database.IndexedBy("ix_article_view_days_day")}
                                          WHERE d.day >= @fromDay GROUP BY d.article_id ORDER BY score DESC, id DESC) w
               WHERE (SELECT 1 FROM articles a {database.IndexedBy(ArticleStore.MatchLookupIndex)}
                      WHERE a.id = w.id AND a.site_id = @siteId AND {ArticleStore.PublicOnly} {inChannels}) IS NOT NULL
               ORDER BY w.score DESC, w.id DESC LIMIT @limit
               """;
        return await articles.RankedSummariesAsync(connection, ranked, new { siteId = channels.SiteId, fromDay, channelIds, limit, now });
    }
}
