using System.Globalization;
using CmsApi.Data;
using CmsApi.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Articles;

/// <summary>The query string of the article list.</summary>
/// <remarks>Properties, not a positional record: the request delegate generator cannot compile a constructor of
/// nullable reference types (typeof(string?)).</remarks>
public sealed record ListParameters
{
    /// <summary>Only this channel (its key, e.g. news) and the channels below it.</summary>
    [FromQuery(Name = "channel")] public string? Channel { get; init; }

    /// <summary>Only articles with this tag.</summary>
    [FromQuery(Name = "tag")] public string? Tag { get; init; }

    /// <summary>Only articles from this source (来源).</summary>
    [FromQuery(Name = "source")] public string? Source { get; init; }

    /// <summary>图片新闻: true for only the articles with a cover image (a home page's carousel), false for only those without.</summary>
    [FromQuery(Name = "cover")] public bool? Cover { get; init; }

    /// <summary>From this day (yyyy-MM-dd, in the site's time zone) or instant (ISO-8601 with offset), inclusive.</summary>
    [FromQuery(Name = "from")] public string? From { get; init; }

    /// <summary>Up to this day, inclusive, or up to this instant, exclusive.</summary>
    [FromQuery(Name = "to")] public string? To { get; init; }

    /// <summary>newest or oldest first by 发布时间; newest-written or oldest-written by 成文日期 (信息公开目录: only documents that have one); without it, newest first with the pinned articles (置顶) before the others.</summary>
    [FromQuery(Name = "sort")] public string? Sort { get; init; }

    /// <summary>1 to 100; default 20.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    /// <summary>true to count the whole list too (共 N 条): total, up to 10,000, and totalExact.</summary>
    [FromQuery(Name = "total")] public bool? Total { get; init; }

    /// <summary>draft, scheduled, published or trashed; anything but published needs a key with content:read-drafts.</summary>
    [FromQuery(Name = "status")] public string? Status { get; init; }

    /// <summary>审核: only articles pending, approved or rejected in their review (needs content:read-drafts); status=draft&amp;review=pending is the queue 待审稿件.</summary>
    [FromQuery(Name = "review")] public string? Review { get; init; }

    /// <summary>Only documents of this 发文机关 (政府信息公开), as written.</summary>
    [FromQuery(Name = "issuingAgency")] public string? IssuingAgency { get; init; }

    /// <summary>Only documents of this 主题分类 or one below it: 综合政务 lists 综合政务\政务公开 too.</summary>
    [FromQuery(Name = "subject")] public string? Subject { get; init; }

    /// <summary>Only the document of this 索引号, as written.</summary>
    [FromQuery(Name = "indexNumber")] public string? IndexNumber { get; init; }

    /// <summary>Only the document of this 发文字号; its year may be in any brackets (国办发[2022]15号 finds 国办发〔2022〕15号).</summary>
    [FromQuery(Name = "documentNumber")] public string? DocumentNumber { get; init; }

    /// <summary>Only documents of this 有效性, e.g. 有效.</summary>
    [FromQuery(Name = "validity")] public string? Validity { get; init; }

    /// <summary>Only documents written (成文日期) on this day (yyyy-MM-dd) or later.</summary>
    [FromQuery(Name = "writtenFrom")] public string? WrittenFrom { get; init; }

    /// <summary>Only documents written (成文日期) on this day (yyyy-MM-dd) or earlier.</summary>
    [FromQuery(Name = "writtenTo")] public string? WrittenTo { get; init; }

    /// <summary>Full-text search of title, subtitle, summary, body and attachment names: every word must occur; "quoted text" as written. Chinese needs no spaces (党建 finds 抓党建促业务) and is found in either script (國務院 finds 国务院, 关于 finds 關於). Without sort, title matches come first.</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }
    /// <summary>The channel asked for, without blanks around it.</summary>
    public string? ChannelKey => TextRules.Blank(Channel);

    public bool Newest => Sort is null or "newest" or "newest-written";

    /// <summary>Ordered by 成文日期 (then id), not by 发布时间.</summary>
    public bool ByWrittenOn => Sort is "newest-written" or "oldest-written";

    /// <summary>A search without an explicit sort is ranked by relevance.</summary>
    public bool Relevance => !string.IsNullOrWhiteSpace(Q) && Sort is null;

    /// <summary>置顶: a list in the default order (no sort, no search) of what the public sees shows its pinned articles
    /// first, newest first, then the others. Safe before validation.</summary>
    public bool PinnedFirst => Sort is null && string.IsNullOrWhiteSpace(Q) &&
        (Status is null || Enum.TryParse<ArticleStatus>(Status, ignoreCase: true, out var status) && status == ArticleStatus.Published);

    public ArticleStatus? StatusFilter => Status is null ? null : Enum.Parse<ArticleStatus>(Status, ignoreCase: true);

    public ReviewStatus? ReviewFilter => Review is null ? null : Enum.Parse<ReviewStatus>(Review, ignoreCase: true);

    /// <summary>Whether the list shows what only keys with content:read-drafts may see: unpublished articles, or reviews.</summary>
    public bool ShowsHidden => StatusFilter is { } status && status != ArticleStatus.Published || Review is not null;

    /// <summary>The query to run, with days resolved in the site's time zone. Call after validation.</summary>
    public ArticleQuery ToQuery(TimeZoneInfo zone) => new(
        ChannelKey, TextRules.Blank(Tag), TextRules.Blank(Source),
        ParseBound(From, zone, endOfDay: false), ParseBound(To, zone, endOfDay: true),
        Newest, Limit ?? 20, Articles.Cursor.Decode(Cursor, Newest, Relevance, PinnedFirst, ByWrittenOn), StatusFilter,
        string.IsNullOrWhiteSpace(Q) ? null : Search.SearchQuery.Parse(Q), Q, Relevance, PinnedFirst,
        new Disclosure(IndexNumber, Subject, IssuingAgency, null, DocumentNumber, Validity).Normalized(), // trimmed, the 发文字号 as stored
        ReviewFilter, Cover, ByWrittenOn, WrittenDay(WrittenFrom), WrittenDay(WrittenTo), Total == true);

    /// <summary>A 成文日期 bound as the list's key of it (2022-05-12 as 20220512); null when left out. Call after validation.</summary>
    public static long? WrittenDay(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var day = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return day.Year * 10_000L + day.Month * 100 + day.Day;
    }

    /// <summary>Whether <paramref name="value"/> is left out or a day as <see cref="WrittenDay"/> reads it.</summary>
    public static bool IsWrittenDay(string? value) =>
        string.IsNullOrWhiteSpace(value) || DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>UTC milliseconds of a day's start (or the next day's start, for an inclusive end) or of an instant.</summary>
    public static long? ParseBound(string? value, TimeZoneInfo zone, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return endOfDay ? Sites.SiteTimeZone.EndOf(day, zone) : Sites.SiteTimeZone.StartOf(day, zone);
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && value.Contains('T', StringComparison.Ordinal) &&
               Http.Instants.HasOffset(value)
            ? UnixTime.ToMilliseconds(instant)
            : throw new FormatException($"'{value}' is neither yyyy-MM-dd nor an ISO-8601 instant.");
    }

    /// <summary>Whether <paramref name="value"/> is left out or a bound <see cref="ParseBound"/> reads.</summary>
    public static bool IsBound(string? value)
    {
        try
        {
            ParseBound(value, TimeZoneInfo.Utc, endOfDay: false);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A parsed list query: what the store runs. <c>Disclosed</c>: the 政府信息公开 fields its articles must have
/// (发文机关, 主题分类 or one below it, 发文字号, 有效性), null for any. <c>Review</c>: where their review must be, null for anywhere.
/// <c>Cover</c>: whether they must have a cover image, null for either. <c>ByWrittenOn</c>: ordered by 成文日期, and only
/// the documents that have one. <c>WrittenFrom</c>, <c>WrittenTo</c>: the 成文日期 (yyyyMMdd) they must have been written
/// from and to, inclusive, null for no bound. <c>Counted</c>: whether the page says how many the whole list holds.</summary>
public sealed record ArticleQuery(string? Channel, string? Tag, string? Source, long? From, long? Until, bool Newest, int Limit,
    Cursor? After, ArticleStatus? Status, Search.SearchQuery? Search = null, string? SearchText = null, bool Relevance = false,
    bool PinnedFirst = false, Disclosure? Disclosed = null, ReviewStatus? Review = null, bool? Cover = null, bool ByWrittenOn = false,
    long? WrittenFrom = null, long? WrittenTo = null, bool Counted = false)
{
    /// <summary>Only documents that have a 成文日期: ordered or bounded by it.</summary>
    public bool WrittenOnly => ByWrittenOn || WrittenFrom is not null || WrittenTo is not null;
}

public sealed class ListParametersValidator : AbstractValidator<ListParameters>
{
    /// <summary>What a channel filter must look like; the ranking of popular articles says the same.</summary>
    public const string ChannelKeyMessage = "channel is a channel's key: 2 to 40 lowercase letters, digits and '-' (e.g. news).";

    public static bool IsChannelKey(string? channel) => channel is null || Channels.ChannelInputValidator.KeyPattern().IsMatch(channel);

    public const string StatusMessage = "status is draft, scheduled, published or trashed.";

    /// <summary>Left out, or a status by its name in any case (not by its number).</summary>
    public static bool IsStatus(string? status) =>
        status is null || Enum.TryParse<ArticleStatus>(status, ignoreCase: true, out _) && !int.TryParse(status, out _);

    public ListParametersValidator()
    {
        RuleFor(p => p.Limit).InclusiveBetween(1, 100).WithMessage("limit is 1 to 100.");
        RuleFor(p => p.Sort).Must(s => s is null or "newest" or "oldest" or "newest-written" or "oldest-written")
            .WithMessage("sort is newest or oldest (by 发布时间), or newest-written or oldest-written (by 成文日期).");
        RuleFor(p => p.Status).Must(IsStatus).WithMessage(StatusMessage);
        RuleFor(p => p.Review).Must(r => r is null || Enum.TryParse<ReviewStatus>(r, ignoreCase: true, out _) && !int.TryParse(r, out _))
            .WithMessage("review is pending, approved or rejected.");
        RuleFor(p => p.From).Must(ListParameters.IsBound).WithMessage("from is a day (yyyy-MM-dd) or an ISO-8601 instant with offset.");
        RuleFor(p => p.To).Must(ListParameters.IsBound).WithMessage("to is a day (yyyy-MM-dd) or an ISO-8601 instant with offset.");
        RuleFor(p => p.WrittenFrom).Must(ListParameters.IsWrittenDay).WithMessage("writtenFrom is a day (yyyy-MM-dd).");
        RuleFor(p => p.WrittenTo).Must(ListParameters.IsWrittenDay).WithMessage("writtenTo is a day (yyyy-MM-dd).");
        RuleFor(p => p.Cursor).Must((p, c) => c is null || Cursor.Decode(c, p.Newest, p.Relevance, p.PinnedFirst, p.ByWrittenOn) is not null)
            .WithMessage("The cursor is not one this list gave out (cursors are opaque; pass nextCursor back unchanged, with the same sort).");
        RuleFor(p => p.ChannelKey).Must(IsChannelKey)
            .OverridePropertyName("channel").WithMessage(ChannelKeyMessage);
        // plain text as stored, so a control character matches nothing (and PostgreSQL refuses a NUL in a parameter: a 500)
        RuleFor(p => p.Tag).MaximumLength(30).PlainText();
        RuleFor(p => p.Source).MaximumLength(100).PlainText();
        RuleFor(p => p.IssuingAgency).MaximumLength(100).PlainText();
        RuleFor(p => p.Subject).MaximumLength(100).PlainText();
        RuleFor(p => p.DocumentNumber).MaximumLength(100).PlainText();
        RuleFor(p => p.IndexNumber).MaximumLength(100).PlainText();
        RuleFor(p => p.Validity).MaximumLength(50).PlainText();
        RuleFor(p => p.Q).MaximumLength(200).WithMessage("q is at most 200 characters.");
    }
}

/// <summary>The query string of an export (归档导出).</summary>
/// <remarks>Properties, as <see cref="ListParameters"/>: the request delegate generator needs them.</remarks>
public sealed record ExportParameters
{
    /// <summary>Only this channel (its key) and the channels below it.</summary>
    [FromQuery(Name = "channel")] public string? Channel { get; init; }

    /// <summary>published (the default: what the public sees now), scheduled, draft or trashed.</summary>
    [FromQuery(Name = "status")] public string? Status { get; init; }

    /// <summary>Only the articles after this id: the last id an export broken off got, to go on from there.</summary>
    [FromQuery(Name = "after")] public long? After { get; init; }

    public string? ChannelKey => TextRules.Blank(Channel);

    public ArticleStatus? StatusFilter => Status is null ? null : Enum.Parse<ArticleStatus>(Status, ignoreCase: true);
}

public sealed class ExportParametersValidator : AbstractValidator<ExportParameters>
{
    public ExportParametersValidator()
    {
        RuleFor(p => p.ChannelKey).Must(ListParametersValidator.IsChannelKey)
            .OverridePropertyName("channel").WithMessage(ListParametersValidator.ChannelKeyMessage);
        RuleFor(p => p.Status).Must(ListParametersValidator.IsStatus).WithMessage(ListParametersValidator.StatusMessage);
        RuleFor(p => p.After).GreaterThanOrEqualTo(0).WithMessage("after is an article id (0 or more).");
    }
}

/// <summary>How many documents one request to …/articles/index-numbers numbers.</summary>
/// <remarks>Properties, as <see cref="ListParameters"/>: the request delegate generator needs them.</remarks>
public sealed record NumberingParameters
{
    public const int DefaultLimit = 100;

    /// <summary>1 to 1,000; default 100.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }
}

public sealed class NumberingParametersValidator : AbstractValidator<NumberingParameters>
{
    public NumberingParametersValidator() => RuleFor(p => p.Limit).InclusiveBetween(1, 1000).WithMessage("limit is 1 to 1,000.");
}

/// <summary>Which page of an article's history.</summary>
/// <remarks>Properties, as <see cref="ListParameters"/>: the request delegate generator needs them.</remarks>
public sealed record RevisionListParameters
{
    /// <summary>The article.</summary>
    [FromRoute(Name = "id")] public long Id { get; init; }

    /// <summary>1 to 100; default 50.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    /// <summary>The version the page starts below: the cursor holds the last version shown and the article's id, so
    /// that a cursor of another list or article is refused. Call after validation.</summary>
    public long Below => Articles.Cursor.Decode(Cursor, newest: true)?.At ?? long.MaxValue;

    public static string NextCursor(long articleId, long lastVersion) => new Cursor(true, lastVersion, articleId).Encode();
}

public sealed class RevisionListParametersValidator : AbstractValidator<RevisionListParameters>
{
    public RevisionListParametersValidator()
    {
        RuleFor(p => p.Limit).InclusiveBetween(1, 100).WithMessage("limit is 1 to 100.");
        RuleFor(p => p.Cursor).Must((p, c) => c is null || Articles.Cursor.Decode(c, newest: true) is { } at && at.Id == p.Id && at.At > 0)
            .WithMessage("The cursor is not one this article's history gave out (pass nextCursor back unchanged).");
    }
}
