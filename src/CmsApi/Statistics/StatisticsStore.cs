using System.Data.Common;
using System.Globalization;
using CmsApi.Articles;
using CmsApi.Channels;
using CmsApi.Data;
using CmsApi.Sites;
using CmsApi.Views;
using Dapper;

namespace CmsApi.Statistics;

/// <summary>发稿统计 in SQL: articles published in a period and views counted in it, grouped.</summary>
public sealed class StatisticsStore(Database database, TimeProvider clock)
{
    public enum Outcome { Done, SiteNotFound, BadPeriod }

    public async Task<(Outcome Outcome, SiteStatistics? Statistics)> ReadAsync(string siteKey, StatisticsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ChannelStore.ListAsync(connection, null, siteKey) is not { } channels)
        {
            return (Outcome.SiteNotFound, null);
        }
        var (from, to) = query.Period(SiteTimeZone.Today(clock, channels.Zone));
        if (StatisticsQueryValidator.Span(from, to) is < 1 or > StatisticsQuery.MaxDays)
        {
            return (Outcome.BadPeriod, null);
        }
        var period = new Period(channels.SiteId, SiteTimeZone.StartOf(from, channels.Zone), SiteTimeZone.EndOf(to, channels.Zone),
            UnixTime.ToMilliseconds(clock.GetUtcNow()), ViewCounter.DayNumber(from), ViewCounter.DayNumber(to));
        var items = query.Grouping switch
        {
            "month" => await ByMonthAsync(connection, period, from, to, channels.Zone),
            "channel" => ChannelStatistics.Items(channels,
                (await PublishedAsync(connection, "a.channel_id", period)).ToDictionary(g => long.Parse(g.Key!, CultureInfo.InvariantCulture), g => g.Count),
                (await ViewsAsync(connection, "a.channel_id", period)).ToDictionary(g => long.Parse(g.Key!, CultureInfo.InvariantCulture), g => g.Count)),
            "source" => await ByValueAsync(connection, "a.source", period),
            "editor" => await ByValueAsync(connection, "a.editor", period),
            "author" => await ByValueAsync(connection, "a.author", period),
            var other => throw new ArgumentOutOfRangeException(nameof(query), other, "A grouping the validator lets through and this does not know."),
        };
        return (Outcome.Done, new SiteStatistics(siteKey, from, to, query.Grouping,
            items.Sum(i => i.Published), items.Sum(i => i.Views), items));
    }

    /// <summary>The site, its published articles' bounds (Unix milliseconds: start, end, now) and its view days' (yyyymmdd).</summary>
    private sealed record Period(long SiteId, long Start, long End, long Now, int FromDay, int ToDay);

    /// <summary>The period's published articles by <paramref name="column"/> (an article's column, named by this class,
    /// never by a request): a walk of the site's listing index over the period.</summary>
    private async Task<List<(string? Key, long Count)>> PublishedAsync(DbConnection connection, string column, Period period) =>
        (await connection.QueryAsync<(string? Key, long Count)>(
            $"""
            SELECT CAST({column} AS TEXT) AS key, COUNT(*) AS count
            FROM articles a {database.IndexedBy("ix_articles_site_listing")}
            WHERE a.site_id = @SiteId AND {ArticleStore.PublicOnly} AND a.published_at >= @Start AND a.published_at < @End
            GROUP BY {column}
            """, new { period.SiteId, period.Start, period.End, now = period.Now })).ToList();

    /// <summary>
    /// The period's views by <paramref name="column"/> (an article's column, or <see cref="ByMonth"/>), of the site's
    /// articles wherever they are now. The day index is summed per article (and month) first, so each article is looked
    /// up once, not once a day: joined day by day, SQLite walked every article of the site probing its days (3.2 s for
    /// a year at a million articles, 0.4 s summed first; docs/performance.md). The channel and the month come from the
    /// small index of listing columns; 来源, 责任编辑 and 作者 from the article's row.
    /// </summary>
    private async Task<List<(string? Key, long Count)>> ViewsAsync(DbConnection connection, string column, Period period)
    {
        var (month, byMonth) = column == ByMonth ? (", d.day / 100 AS view_month", ", d.day / 100") : ("", "");
        var articles = column is ByMonth or "a.channel_id" ? $"articles a {database.IndexedBy(ArticleStore.MatchLookupIndex)}" : "articles a";
        return (await connection.QueryAsync<(string? Key, long Count)>(
            $"""
            SELECT CAST({column} AS TEXT) AS key, CAST(SUM(v.views) AS BIGINT) AS count
            FROM (SELECT d.article_id{month}, SUM(d.views) AS views FROM article_view_days d
                  WHERE d.day >= @FromDay AND d.day <= @ToDay GROUP BY d.article_id{byMonth}) v
            {database.JoinInOrder} {articles} ON a.id = v.article_id
            WHERE a.site_id = @SiteId
            GROUP BY {column}
            """, period)).ToList();
    }

    /// <summary>The month of a view day, as <see cref="ViewsAsync"/> groups by it: yyyymm.</summary>
    private const string ByMonth = "v.view_month";

    /// <summary>来源, 责任编辑 or 作者: each value with articles published or viewed, most published first.</summary>
    private async Task<List<StatisticsItem>> ByValueAsync(DbConnection connection, string column, Period period)
    {
        var (published, views) = (await PublishedAsync(connection, column, period), await ViewsAsync(connection, column, period));
        static string? Value(string? key) => string.IsNullOrWhiteSpace(key) ? null : key;
        var counts = new Dictionary<string, (long Published, long Views)>(StringComparer.Ordinal);
        foreach (var group in published)
        {
            var key = Value(group.Key) ?? "";
            counts[key] = (counts.GetValueOrDefault(key).Published + group.Count, counts.GetValueOrDefault(key).Views);
        }
        foreach (var group in views)
        {
            var key = Value(group.Key) ?? "";
            counts[key] = (counts.GetValueOrDefault(key).Published, counts.GetValueOrDefault(key).Views + group.Count);
        }
        return counts.OrderByDescending(c => c.Value.Published).ThenByDescending(c => c.Value.Views).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new StatisticsItem(Value(c.Key), null, null, c.Value.Published, c.Value.Views, null, null)).ToList();
    }

    /// <summary>Every month of the period (its first and last partly, when the period starts or ends within them).</summary>
    private async Task<List<StatisticsItem>> ByMonthAsync(DbConnection connection, Period period, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        var viewsByMonth = (await ViewsAsync(connection, ByMonth, period)).ToDictionary(v => v.Key!, v => v.Count);
        var items = new List<StatisticsItem>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var (first, last) = (month < from ? from : month, month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1));
            var inMonth = period with { Start = SiteTimeZone.StartOf(first, zone), End = SiteTimeZone.EndOf(last, zone) };
            var published = (await PublishedAsync(connection, "a.site_id", inMonth)).Sum(g => g.Count);
            // the period's days alone were counted, so a month cut by its start or end counts its days within
            var views = viewsByMonth.GetValueOrDefault((ViewCounter.DayNumber(month) / 100).ToString(CultureInfo.InvariantCulture));
            items.Add(new StatisticsItem(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, null, published, views, null, null));
        }
        return items;
    }
}
