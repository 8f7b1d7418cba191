using System.Globalization;
using CmsApi.Channels;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Statistics;

/// <summary>
/// 发稿统计: how many articles a site published in a period and how often its articles were read then, in groups: by
/// channel (with the channels below each), by 来源 (the 报送单位 of 信息报送考核), by 责任编辑, by 作者, or by month. The
/// figures a site's 年度报表 (政府网站工作年度报表: 信息发布总数, 栏目信息更新量, 访问量) and a monthly 信息采用通报 are made of.
/// </summary>
/// <param name="Site">The site.</param>
/// <param name="From">The first day counted, in the site's time zone.</param>
/// <param name="To">The last day counted, in the site's time zone.</param>
/// <param name="By">What the items group by: channel, source, editor, author or month.</param>
/// <param name="Published">Articles published in the period (by their 发布时间, and public now: not withdrawn, trashed or
/// still to come).</param>
/// <param name="Views">Views counted in the period (浏览次数), of any of the site's articles, whenever published.</param>
/// <param name="Items">By channel: every channel, in the order of the tree; by month: every month of the period; otherwise
/// each value that has articles published or viewed in the period, most published first (null: none given).</param>
public sealed record SiteStatistics(string Site, DateOnly From, DateOnly To, string By, long Published, long Views, IReadOnlyList<StatisticsItem> Items);

/// <summary>One group of the statistics.</summary>
/// <param name="Key">The channel's key, the 来源, 责任编辑 or 作者 (null for the articles without one), or the month
/// (yyyy-MM).</param>
/// <param name="Name">The channel's name; null in other groupings.</param>
/// <param name="Parent">The channel's parent (key); null at the top level and in other groupings.</param>
/// <param name="Published">Articles of the group published in the period.</param>
/// <param name="Views">Views of the group's articles counted in the period (an article counts where it is now).</param>
/// <param name="PublishedWithin">By channel: the channel's and those below it (what its page lists); null otherwise.</param>
/// <param name="ViewsWithin">By channel: the channel's and those below it; null otherwise.</param>
public sealed record StatisticsItem(string? Key, string? Name, string? Parent, long Published, long Views, long? PublishedWithin, long? ViewsWithin)
{
    public const string CsvHeader = "key,name,parent,published,views,publishedWithin,viewsWithin";

    public string CsvLine() => Http.Csv.Line(Key, Name, Parent, Number(Published), Number(Views), Number(PublishedWithin), Number(ViewsWithin));

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The statistics asked for: whole days in the site's time zone.</summary>
public sealed class StatisticsQuery
{
    public const string Day = "yyyy-MM-dd";

    /// <summary>The longest period asked at once: a year (a leap year's).</summary>
    public const int MaxDays = 366;

    public static readonly IReadOnlyList<string> Groupings = ["channel", "source", "editor", "author", "month"];

    /// <summary>The first day (yyyy-MM-dd); default the first of January of this year.</summary>
    [FromQuery(Name = "from")] public string? From { get; init; }

    /// <summary>The last day, included (yyyy-MM-dd); default today.</summary>
    [FromQuery(Name = "to")] public string? To { get; init; }

    /// <summary>What to group by: channel (default), source (来源), editor (责任编辑), author (作者) or month.</summary>
    [FromQuery(Name = "by")] public string? By { get; init; }

    /// <summary>The period, today being <paramref name="today"/>. Call after validation.</summary>
    public (DateOnly From, DateOnly To) Period(DateOnly today)
    {
        var to = Parse(To) ?? today;
        return (Parse(From) ?? new DateOnly(to.Year, 1, 1), to);
    }

    public string Grouping => By ?? "channel";

    public static DateOnly? Parse(string? day) =>
        DateOnly.TryParseExact(day, Day, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
}

public sealed class StatisticsQueryValidator : AbstractValidator<StatisticsQuery>
{
    public StatisticsQueryValidator()
    {
        RuleFor(q => q.From).Must(d => d is null || StatisticsQuery.Parse(d) is { Year: >= 1990 }).WithMessage("from is a day: yyyy-MM-dd, 1990 or later.");
        RuleFor(q => q.To).Must(d => d is null || StatisticsQuery.Parse(d) is { Year: >= 1990 and <= 2100 }).WithMessage("to is a day: yyyy-MM-dd, up to 2100.");
        RuleFor(q => q.By).Must(by => by is null || StatisticsQuery.Groupings.Contains(by))
            .WithMessage($"by is one of {string.Join(", ", StatisticsQuery.Groupings)}.");
        // both given: checked here; one left out, its default depends on today in the site's zone (the handler checks)
        RuleFor(q => q)
            .Must(q => StatisticsQuery.Parse(q.From) is not { } from || StatisticsQuery.Parse(q.To) is not { } to || Span(from, to) is >= 1 and <= StatisticsQuery.MaxDays)
            .WithName("to").WithMessage(PeriodMessage);
    }

    public static readonly string PeriodMessage = $"to is from or a later day, at most {StatisticsQuery.MaxDays} days on (a year at a time).";

    /// <summary>How many days the period counts.</summary>
    public static int Span(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;
}

/// <summary>The channel grouping: each channel's own figures and those of the channels below it. Pure.</summary>
public static class ChannelStatistics
{
    public static List<StatisticsItem> Items(SiteChannels channels, IReadOnlyDictionary<long, long> published, IReadOnlyDictionary<long, long> views)
    {
        static long Of(IReadOnlyDictionary<long, long> counts, long id) => counts.TryGetValue(id, out var count) ? count : 0;
        return channels.InTreeOrder().Select(row =>
        {
            var within = channels.SelfAndDescendants(row.Id);
            return new StatisticsItem(row.Key, row.Name, row.ParentId is { } parent ? channels.Find(parent)?.Key : null, Of(published, row.Id), Of(views, row.Id),
                within.Sum(id => Of(published, id)), within.Sum(id => Of(views, id)));
        }).ToList();
    }
}
