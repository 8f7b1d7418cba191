using System.Globalization;
using CmsApi.Channels;
using CmsApi.Data;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Articles;

/// <summary>
/// 信息公开目录's classifications, as its page prints them beside the table: the 主题分类 tree, the 发文机关, the 有效性
/// and the years of 成文日期 of the published documents, each with how many it has. Each entry's value is the list
/// filter that shows those documents (<c>?subject=</c>, <c>?issuingAgency=</c>, <c>?validity=</c>, a year's
/// <c>?writtenFrom=</c> and <c>?writtenTo=</c>), and its count is what that list holds.
/// </summary>
/// <param name="Subjects">The 主题分类 tree: each with the documents of it or of one below it, most first.</param>
/// <param name="IssuingAgencies">发文机关 (机构分类), most documents first.</param>
/// <param name="Validities">有效性, most documents first.</param>
/// <param name="Years">The years the documents were written in (成文日期, 年度), the latest first.</param>
public sealed record DisclosureCatalogue(IReadOnlyList<SubjectCount> Subjects, IReadOnlyList<ValueCount> IssuingAgencies,
    IReadOnlyList<ValueCount> Validities, IReadOnlyList<YearCount> Years)
{
    /// <summary>The most distinct values counted of each field (of the most documents): a 目录 prints a few dozen.</summary>
    public const int MostValues = 1000;
}

/// <summary>One 主题分类 of the tree.</summary>
/// <param name="Name">Its own name, e.g. 政务公开.</param>
/// <param name="Subject">The whole 主题分类 as stored and as <c>?subject=</c> takes it, e.g. 综合政务\政务公开.</param>
/// <param name="Count">The published documents of it or of one below it.</param>
/// <param name="Below">The 主题分类 below it, most documents first.</param>
public sealed record SubjectCount(string Name, string Subject, long Count, IReadOnlyList<SubjectCount> Below)
{
    /// <summary>
    /// The tree of the stored 主题分类 and their counts: each counted in itself and in every one above it (综合政务\政务公开
    /// in 综合政务 too), as the list's filter finds it. A level is a part between backslashes, as the filter splits it.
    /// </summary>
    public static IReadOnlyList<SubjectCount> Tree(IEnumerable<(string Subject, long Count)> stored)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (subject, count) in stored)
        {
            // from the first level on: a subject that starts with a backslash has no level before it, and an empty
            // one would be its own parent
            for (var end = subject.IndexOf('\\', 1); end >= 0; end = subject.IndexOf('\\', end + 1))
            {
                counts[subject[..end]] = counts.GetValueOrDefault(subject[..end]) + count;
            }
            counts[subject] = counts.GetValueOrDefault(subject) + count;
        }
        var byParent = counts.Keys.ToLookup(subject => subject.LastIndexOf('\\') is var at and >= 0 ? subject[..at] : "");
        IReadOnlyList<SubjectCount> Below(string parent) =>
            byParent[parent].Select(subject => new SubjectCount(subject[(subject.LastIndexOf('\\') + 1)..], subject, counts[subject], Below(subject)))
                .OrderByDescending(node => node.Count).ThenBy(node => node.Subject, StringComparer.Ordinal).ToList();
        return Below("");
    }
}

/// <summary>A value of a field and the published documents that have it.</summary>
public sealed record ValueCount(string Name, long Count);

/// <summary>A year of 成文日期 and the published documents written in it: those of
/// <c>?writtenFrom={Year}-01-01&amp;writtenTo={Year}-12-31</c>.</summary>
public sealed record YearCount(int Year, long Count);

/// <summary>The query string of the 信息公开目录's classifications.</summary>
/// <remarks>Properties, as <see cref="ListParameters"/>: the request delegate generator needs them.</remarks>
public sealed record CatalogueParameters
{
    /// <summary>Only the documents of this channel (its key) and the channels below it.</summary>
    [FromQuery(Name = "channel")] public string? Channel { get; init; }

    public string? ChannelKey => Http.TextRules.Blank(Channel);
}

public sealed class CatalogueParametersValidator : AbstractValidator<CatalogueParameters>
{
    public CatalogueParametersValidator() =>
        RuleFor(p => p.ChannelKey).Must(ListParametersValidator.IsChannelKey)
            .OverridePropertyName("channel").WithMessage(ListParametersValidator.ChannelKeyMessage);
}

/// <summary>Counts the 信息公开目录's classifications in SQL, each from the partial listing index of its field.</summary>
public sealed class DisclosureCatalogueStore(Database database, TimeProvider clock)
{
    /// <summary>Null when the site, or the channel asked for, does not exist.</summary>
    public async Task<DisclosureCatalogue?> ReadAsync(string siteKey, CatalogueParameters request, CancellationToken cancellationToken)
    {
        using var turn = await database.LongReadTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ChannelStore.ListAsync(connection, null, siteKey) is not { } channels)
        {
            return null;
        }
        if (!channels.TryWithin(request.ChannelKey, out var channelIds))
        {
            return null;
        }
        var parameters = new { siteId = channels.SiteId, now = UnixTime.ToMilliseconds(clock.GetUtcNow()), channelIds, most = DisclosureCatalogue.MostValues };
        // What the public sees of the site (or channel), counted by one column (named here, never by a request) on the
        // listing index of the articles that have it, whose entries hold the status, time and channel: the documents
        // only, never a row.
        var shown = $"a.site_id = @siteId AND {ArticleStore.PublicOnly}" + (channelIds is null ? "" : " AND " + database.AnyOf("a.channel_id", "@channelIds"));
        async Task<List<(string Value, long Count)>> CountAsync(string column, string index) =>
            (await connection.QueryAsync<(string Value, long Count)>(
                $"""
                SELECT {column} AS value, COUNT(*) AS documents FROM articles a {database.IndexedBy(index)}
                WHERE {shown} AND {column} IS NOT NULL
                GROUP BY {column} ORDER BY documents DESC LIMIT @most
                """, parameters)).ToList();
        // in the same order on both engines, whose collations differ
        static List<ValueCount> MostFirst(List<(string Value, long Count)> counted) =>
            counted.Select(v => new ValueCount(v.Value, v.Count)).OrderByDescending(v => v.Count).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        var subjects = await CountAsync("a.subject", ArticleStore.SubjectIndex);
        var agencies = await CountAsync("a.issuing_agency", "ix_articles_agency_listing");
        var validities = await CountAsync("a.validity", "ix_articles_validity_listing");
        // the year of the ISO date, which the index's entries hold
        var years = await connection.QueryAsync<(string Year, long Count)>(
            $"""
            SELECT substr(a.written_on, 1, 4) AS year, COUNT(*) AS documents FROM articles a {database.IndexedBy(ArticleStore.WrittenOnIndex)}
            WHERE {shown} AND a.written_on IS NOT NULL
            GROUP BY substr(a.written_on, 1, 4) ORDER BY year DESC
            """, parameters);
        return new DisclosureCatalogue(SubjectCount.Tree(subjects), MostFirst(agencies), MostFirst(validities),
            years.Select(y => new YearCount(int.Parse(y.Year, CultureInfo.InvariantCulture), y.Count)).ToList());
    }
}
