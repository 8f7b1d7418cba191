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
        var period = new Period(channels.SiteId, SiteTimeZone.StartOf(from, channels.Zone), SiteTimeZone.StartOf(to.AddDays(1), channels.Zone),
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

    /// <summary>The period's views by <paramref name="column"/>, of the site's articles wherever they are now.</summary>
    private static async Task<List<(string? Key, long Count)>> ViewsAsync(DbConnection connection, string column, Period period) =>
        (await connection.QueryAsync<(string? Key, long Count)>(
            $"""
            SELECT CAST({column} AS TEXT) AS key, CAST(SUM(d.views) AS BIGINT) AS count
            FROM article_view_days d JOIN articles a ON a.id = d.article_id
            WHERE a.site_id = @SiteId AND d.day >= @FromDay AND d.day <= @ToDay
            GROUP BY {column}
            """, period)).ToList();

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
        var viewsByDay = (await connection.QueryAsync<(long Day, long Views)>(
            """
            SELECT d.day, CAST(SUM(d.views) AS BIGINT) FROM article_view_days d JOIN articles a ON a.id = d.article_id
            WHERE a.site_id = @SiteId AND d.day >= @FromDay AND d.day <= @ToDay
            GROUP BY d.day
            """, period)).ToList();
        var items = new List<StatisticsItem>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var (first, last) = (month < from ? from : month, month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1));
            var inMonth = period with { Start = SiteTimeZone.StartOf(first, zone), End = SiteTimeZone.StartOf(last.AddDays(1), zone) };
            var published = (await PublishedAsync(connection, "a.site_id", inMonth)).Sum(g => g.Count);
            var views = viewsByDay.Where(v => v.Day >= ViewCounter.DayNumber(first) && v.Day <= ViewCounter.DayNumber(last)).Sum(v => v.Views);
            items.Add(new StatisticsItem(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, null, published, views, null, null));
        }
        return items;
    }
}
