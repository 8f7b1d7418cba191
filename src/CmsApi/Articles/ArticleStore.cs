using System.Collections;
using System.Globalization;
using System.Data.Common;
using CmsApi.Channels;
using CmsApi.Data;
using CmsApi.Sections;
using CmsApi.Search;
using CmsApi.Sites;
using Dapper;
using Microsoft.Extensions.Options;

namespace CmsApi.Articles;

/// <summary>
/// Articles in SQL, the same statements on SQLite and PostgreSQL. Every write is one transaction that also records a
/// revision; version checks are part of the UPDATE, so of two writers holding the same version exactly one wins.
/// </summary>
public sealed class ArticleStore(Database database, TimeProvider clock, Changes.ChangeLog log, Search.SearchIndex search,
    IOptions<Search.SearchOptions> searchOptions, Terms.TermStore terms)
{
    public const string SummaryColumns =
        """
        a.id, s.key AS site_key, s.time_zone, c.key AS channel_key, a.slug, a.status, a.pinned_until, a.pin_level, a.title,
        a.subtitle, a.kicker, a.summary, a.source, a.author, a.editor, a.tags, a.cover_url, a.link_url, a.keywords,
        a.description, a.index_number, a.subject, a.issuing_agency, a.written_on, a.document_number, a.validity, a.published_at,
        a.published_until, a.first_published_at, a.created_at, a.updated_at, a.version, a.review_status, a.review_approved_by, a.revises
        """;

    /// <summary>How a date (成文日期) is stored on both engines: ISO text, which sorts as dates do.</summary>
    private const string StoredDate = "yyyy-MM-dd";

    /// <summary>Everything of an article; the body as the stored UTF-8 JSON (see <see cref="ArticleBody.FromStored"/>).</summary>
    private string ArticleColumns => $"{SummaryColumns}, a.attachments, a.related, {database.Utf8("a.body")} AS body";

    /// <summary>
    /// <see cref="FindAsync"/>'s statement by id or by slug (the index's bit 0), public or with hidden articles too (bit
    /// 1). Built once: a cache miss runs one of them, and the text is the key of its kept prepared statement.
    /// </summary>
    private string[] FindStatements => field ??=
        [FindStatement(byId: false, includeHidden: false), FindStatement(byId: true, includeHidden: false),
         FindStatement(byId: false, includeHidden: true), FindStatement(byId: true, includeHidden: true)];

    private string FindStatement(bool byId, bool includeHidden) =>
        $"""
        SELECT {ArticleColumns} {From}
        WHERE s.key = @siteKey AND {(byId ? "a.id = @id" : "a.slug = @slug")} {(includeHidden ? "" : "AND " + PublicOnly)}
        """;

    public const string From = $"FROM articles a {JoinSummaryTables}";

    /// <summary>The site and channel an article's summary shows, joined to articles aliased <c>a</c>.</summary>
    private const string JoinSummaryTables = "JOIN sites s ON s.id = a.site_id JOIN channels c ON c.id = a.channel_id";

    /// <summary>What the public may see: published, and its publish time has come (so scheduling needs no job).</summary>
    public const string PublicOnly = "a.status = 'published' AND a.published_at <= @now";

    public enum Outcome { Done, SiteNotFound, NotFound, UnknownChannel, UnknownRelated, SlugTaken, IndexNumberTaken, Stale, WrongState, Replayed, KeyReused, Blocked }

    /// <summary>How a write went.</summary>
    /// <param name="Outcome">Done, or why not.</param>
    /// <param name="Article">The article after the write (for a replay, the one the first request made).</param>
    /// <param name="Detail">Why a write was refused, for the problem's detail.</param>
    /// <param name="SiteChanged">The write changed the site's settings too (an import's footer), which every answer of
    /// the site may show (an article's metadata shows the site code).</param>
    /// <param name="Check">Why a write was <see cref="Outcome.Blocked"/>: the 错敏词 check of what would have been public.</param>
    /// <param name="MovedFrom">The channel the write moved the article out of (the changes feed says so).</param>
    /// <param name="Action">What the write did: its last revision's action (purge for a purge; the changes feed says so).</param>
    /// <param name="Related">The other articles whose 相关文章 the write may have changed (<see cref="Changes.Change.Related"/>).</param>
    public sealed record WriteResult(Outcome Outcome, Article? Article = null, string? Detail = null, bool SiteChanged = false,
        Terms.TermCheck? Check = null, string? MovedFrom = null, string? Action = null, IReadOnlyList<long>? Related = null);

    private long Now => UnixTime.ToMilliseconds(clock.GetUtcNow());

    // ---------------------------------------------------------------- reads

    /// <summary>An article by id or slug; drafts, scheduled and trashed ones only when <paramref name="includeHidden"/>.</summary>
    public async Task<Article?> FindAsync(string siteKey, string idOrSlug, bool includeHidden, CancellationToken cancellationToken)
    {
        var byId = long.TryParse(idOrSlug, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id);
        var now = Now; // one instant for the public filter and the status shown
        var parameters = new Dictionary<string, object?> { ["siteKey"] = siteKey, [byId ? "id" : "slug"] = byId ? id : idOrSlug };
        if (!includeHidden)
        {
            parameters["now"] = now;
        }
        var row = await database.QuerySingleOrDefaultAsync<ArticleRow>(
            FindStatements[(byId ? 1 : 0) + (includeHidden ? 2 : 0)], parameters, cancellationToken);
        return row?.ToArticle(now);
    }

    /// <summary>A page of summaries, or null when the site does not exist.</summary>
    /// <summary>A page of the list; null when the site, or the channel asked for, does not exist.</summary>
    public async Task<ArticlePage?> ListAsync(string siteKey, ListParameters request, CancellationToken cancellationToken)
    {
        using var turn = await database.LongReadTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var channels = await ChannelStore.ListAsync(connection, null, siteKey);
        if (channels is null)
        {
            return null;
        }
        var query = request.ToQuery(channels.Zone);
        if (!channels.TryWithin(query.Channel, out var channelIds))
        {
            return null;
        }
        // Public, published and scheduled lists sort on the publish time (each of these articles has one); lists of drafts
        // and trashed articles fall back to the creation time. Each order has its index. (Published ones by COALESCE
        // took 0.24 s at a million articles, sorting them all.)
        var timeAt = query.Status is null or ArticleStatus.Published or ArticleStatus.Scheduled
            ? "a.published_at"
            : "COALESCE(a.published_at, a.created_at)";
        // 信息公开目录 by 成文日期: only the documents that have one, from their own listing index (on its key, below)
        var sortAt = query.ByWrittenOn ? WrittenOnKey : timeAt;
        var direction = query.Newest ? "DESC" : "ASC";
        // Public lists: published by now, and before `to` when given. Both bound the listing index's time from above, and
        // SQLite seeks by one and tests the other on every entry it reads (the 20 of one day in 2019 took 40 ms at a
        // million articles, walking from today): one bound, the tighter, finds the same articles (0.6 ms).
        var now = Now;
        var publicUntil = query.Status is null or ArticleStatus.Published && query.Until is { } until ? Math.Min(now, until - 1) : now;
        var parameters = new DynamicParameters(new
        {
            siteId = channels.SiteId, now = publicUntil, channelIds, query.Tag, query.Source, query.From, query.Until,
            afterAt = query.After?.At, afterId = query.After?.Id,
        });
        var conditions = new List<string> { "a.site_id = @siteId" };
        conditions.Add(StatusCondition(query.Status));
        if (channelIds is not null)
        {
            conditions.Add(database.AnyOf("a.channel_id", "@channelIds"));
        }
        if (query.Source is not null)
        {
            conditions.Add("a.source = @Source");
        }
        if (query.Cover is { } cover)
        {
            // 图片新闻: those with a cover have a listing index of their own (migration 0031), which this condition selects
            // (and SQLite is told to walk; below)
            conditions.Add(cover ? "a.cover_url IS NOT NULL" : "a.cover_url IS NULL");
        }
        if (query.Review is { } review)
        {
            // the review queue's index holds only the articles ever submitted (migration 0019)
            parameters.Add("review", review.ToString().ToLowerInvariant());
            conditions.Add("a.review_status = @review");
        }
        if (query.Disclosed is { } disclosed)
        {
            // a 政府信息公开 catalogue's filters: 发文机关 and 有效性 have listing indexes of their own (migration 0018), and
            // 发文字号 (0022) and 索引号 (0035) too; 主题分类 is tested on the entries of the listing index of the articles that have one
            // (0033), which its IS NOT NULL selects
            parameters.AddDynamicParams(new
            {
                agency = disclosed.IssuingAgency, subject = disclosed.Subject, documentNumber = disclosed.DocumentNumber, validity = disclosed.Validity,
                indexNumber = disclosed.IndexNumber,
            });
            conditions.AddRange(new[]
            {
                disclosed.IndexNumber is null ? null : "a.index_number = @indexNumber",
                disclosed.IssuingAgency is null ? null : "a.issuing_agency = @agency",
                // a 主题分类 and those below it (综合政务\政务公开 under 综合政务)
                disclosed.Subject is null ? null
                    : "a.subject IS NOT NULL AND (a.subject = @subject OR substr(a.subject, 1, length(@subject) + 1) = @subject || '\\')",
                disclosed.DocumentNumber is null ? null : "a.document_number = @documentNumber",
                disclosed.Validity is null ? null : "a.validity = @validity",
            }.OfType<string>());
        }
        if (query.WrittenOnly)
        {
            // the 成文日期's bounds are on the key its listing index holds, so the index answers them, in any order
            parameters.AddDynamicParams(new { writtenFrom = query.WrittenFrom, writtenTo = query.WrittenTo });
            conditions.AddRange(new[]
            {
                "a.written_on IS NOT NULL",
                query.WrittenFrom is null ? null : $"{WrittenOnKey} >= @writtenFrom",
                query.WrittenTo is null ? null : $"{WrittenOnKey} <= @writtenTo",
            }.OfType<string>());
        }
        // from and to bound the 发布时间 in every order
        if (query.From is not null)
        {
            conditions.Add($"{timeAt} >= @From");
        }
        if (query.Until is not null)
        {
            conditions.Add($"{timeAt} < @Until");
        }
        var timeAfter = query.After is null ? null : After(sortAt, direction, "after");
        if (query.Search is { IsEmpty: true })
        {
            // nothing searchable in q: no letters, digits or CJK characters
            return query.Counted ? new ArticlePage([], null, 0, true) : new ArticlePage([], null);
        }
        // what the whole list holds, before the pinned part leaves its articles out of the rest
        var listed = conditions.ToList();
        // 置顶: the pinned articles first, by level and then newest first, from their own small index (a site has few,
        // sorted as read), then the rest without them. A cursor among the pinned ones (its rank is the level) continues
        // there and then starts the rest from its top.
        var rows = new List<ArticleRow>();
        if (query.PinnedFirst)
        {
            if (query.After is null or { Pinned: true })
            {
                parameters.Add("take", query.Limit + 1);
                parameters.Add("afterLevel", query.After?.Rank ?? 0);
                var pinnedAfter = timeAfter is null ? null : $"(a.pin_level < @afterLevel OR (a.pin_level = @afterLevel AND {timeAfter}))";
                var tagged = query.Tag is null ? null : TagMatches.Probe("a.id", titleOnly: false);
                rows.AddRange(await connection.QueryAsync<ArticleRow>(
                    $"""
                    SELECT {SummaryColumns}, a.published_at AS sort_at FROM articles a {database.IndexedBy(PinnedIndex)} {JoinSummaryTables}
                    WHERE {string.Join(" AND ", conditions.Append("a.pinned = 1").Append(pinnedAfter).Append(tagged).OfType<string>())}
                    ORDER BY a.pin_level DESC, a.published_at DESC, a.id DESC LIMIT @take
                    """, parameters));
                timeAfter = null;
            }
            // a probe of the same index: the listing index still answers the rest without reading rows
            conditions.Add($"a.id NOT IN (SELECT p.id FROM articles p {database.IndexedBy(PinnedIndex)} WHERE p.site_id = @siteId AND p.pinned = 1)");
        }
        var take = query.Limit + 1 - rows.Count;
        parameters.Add("take", take);
        // A search and a tag are sets of matches, paged alike. Given both, the page takes what both match, reading the
        // smaller set and probing the other for each: the tag's when it is small (counted that far), else the search's.
        var matches = query.Search is { } searchQuery ? search.Sql(await search.WithFormsInIndexAsync(connection, searchQuery), parameters) : null;
        if (query.Tag is not null)
        {
            var small = Math.Max(0, searchOptions.Value.SmallTagArticles);
            parameters.Add("smallTag", small);
            matches = matches is null ? TagMatches
                : await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM (SELECT 1 FROM article_tags WHERE tag = @Tag LIMIT @smallTag) tagged", parameters) < small
                    ? TagMatches.And(matches)
                    : matches.And(TagMatches);
        }
        // SQLite is told the partial listing index of a filter that few articles pass and that is no equality it can see
        // (a 主题分类 prefix, a cover, a 成文日期): given statistics it walked the site's index instead, reading every row
        // the filter refused (6 s at a million articles for a 主题分类 none has; with a search of a common word, 20 s:
        // docs/performance.md). Beside an equality that few documents pass and that has a listing index of its own (a
        // 发文机关, 发文字号 or 索引号), it picks that one itself: told the other, it read every document's row to test the
        // equality (0.1 s for a 发文机关 none has, by 成文日期, among 10,000 documents). Not beside a 有效性 or a 来源, which
        // most documents or articles share: it took their index and read the rows of all that pass (0.05–0.17 s for a
        // 主题分类 none has beside 有效).
        var equalityIndexed = query.Disclosed is { } equal && (equal.IssuingAgency ?? equal.DocumentNumber ?? equal.IndexNumber) is not null;
        var partialIndex = equalityIndexed ? null
            : query.WrittenOnly ? WrittenOnIndex : query.Disclosed?.Subject is not null ? SubjectIndex : query.Cover == true ? CoverIndex : null;
        var listing = partialIndex is null ? "" : database.IndexedBy(partialIndex);
        var mostCounted = Math.Max(0, searchOptions.Value.MostCounted);
        var total = query.Counted ? await CountAsync(connection, matches, listed, listing, parameters, mostCounted) : (long?)null;
        if (take == 0)
        {
            // the page is full of pinned articles
        }
        else if (matches is not null)
        {
            await using var plannedForValues = await database.PlanForEachRunAsync(connection);
            var keys = await MatchingPageAsync(connection, matches, query, conditions, timeAfter, sortAt, listing, direction, parameters, take);
            parameters.Add("pageIds", keys.Select(k => k.Id).ToArray());
            var order = keys.Select((k, i) => (k.Id, i)).ToDictionary(k => k.Id, k => k.i);
            // A search's summaries carry a snippet of the body.
            var matched = (await connection.QueryAsync<ArticleRow>(
                $"SELECT {(query.Search is null ? SummaryColumns : ArticleColumns)} {From} WHERE {database.AnyOf("a.id", "@pageIds")}", parameters))
                .OrderBy(r => order[r.Id]).ToList();
            foreach (var row in matched)
            {
                (row.SortAt, row.Score) = (keys[order[row.Id]].SortAt, keys[order[row.Id]].Score);
            }
            rows.AddRange(matched);
        }
        else
        {
            // Deferred join: order and cut the page on ids and sort keys only, then read whole rows for that page alone.
            rows.AddRange(await connection.QueryAsync<ArticleRow>(
                $"""
                SELECT {SummaryColumns}, page.sort_at
                FROM (SELECT a.id, {sortAt} AS sort_at FROM articles a {listing}
                      WHERE {string.Join(" AND ", conditions.Append(timeAfter).OfType<string>())}
                      ORDER BY sort_at {direction}, a.id {direction} LIMIT @take) page
                JOIN articles a ON a.id = page.id {JoinSummaryTables}
                ORDER BY page.sort_at {direction}, page.id {direction}
                """,
                parameters));
        }
        var page = rows.Take(query.Limit).ToList();
        var pinnedLast = query.PinnedFirst && page.Count > 0 && page[^1].PinLevel > 0;
        var next = rows.Count > query.Limit
            ? new Cursor(query.Newest, page[^1].SortAt, page[^1].Id,
                query.Relevance ? (int)page[^1].Score : pinnedLast ? (int)page[^1].PinLevel : null, Pinned: pinnedLast, Written: query.ByWrittenOn).Encode()
            : null;
        return new ArticlePage(page.Select(r => query.Search is null ? r.ToSummary(Now) : r.ToSummary(Now) with
        {
            Snippet = Snippet.Build(query.SearchText!, r.ToArticle(Now)),
        }).ToList(), next, total is { } counted ? Math.Min(counted, mostCounted) : null, total is { } all ? all <= mostCounted : null);
    }

    /// <summary>
    /// How many articles a list holds, up to one more than <paramref name="mostCounted"/>: the entries of its listing
    /// index that its filters pass. With a search (or a tag) the smaller side leads: when the filters pass no more than
    /// that many, each of those is probed for a match; else the matches are joined to their articles, which stops once
    /// enough pass. (Joining first, a search of a common word within a 主题分类 that none has read all 333,333 matches
    /// at a million articles: 3 s.)
    /// </summary>
    private async Task<long> CountAsync(DbConnection connection, SearchSql? matches, List<string> listed, string listing,
        DynamicParameters parameters, int mostCounted)
    {
        parameters.Add("countAtMost", mostCounted + 1);
        var where = string.Join(" AND ", listed);
        var passing = $"SELECT a.id FROM articles a {listing} WHERE {where}";
        var filtered = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM ({passing} LIMIT @countAtMost) listed", parameters);
        if (matches is null)
        {
            return filtered;
        }
        return await connection.ExecuteScalarAsync<long>(filtered <= mostCounted
            ? $"SELECT count(*) FROM ({passing}) listed WHERE {matches.Probe("listed.id", titleOnly: false)}"
            : $"SELECT count(*) FROM (SELECT 1 FROM ({matches.Matches(titleOnly: false)}) m {JoinMatchedArticles} ON a.id = m.id WHERE {where} LIMIT @countAtMost) listed",
            parameters);
    }

    /// <summary>The articles of a status as lists show it (null: what the public sees), at <c>@now</c>.</summary>
    private static string StatusCondition(ArticleStatus? status) => status switch
    {
        null or ArticleStatus.Published => PublicOnly,
        ArticleStatus.Scheduled => "a.status = 'published' AND a.published_at > @now",
        // The condition of the index of these lists (migration 0008), repeated so that SQLite uses it.
        ArticleStatus.Draft => "a.status <> 'published' AND a.status = 'draft'",
        _ => "a.status <> 'published' AND a.status = 'trashed'",
    };

    /// <summary>What an export reads: a site's articles, or those of a channel and the channels below it.</summary>
    public sealed record ExportScope(long SiteId, long[]? ChannelIds);

    /// <summary>The scope of an export, read once before it starts; null when the site, or the channel, does not exist.</summary>
    public async Task<ExportScope?> ExportScopeAsync(string siteKey, string? channelKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ChannelStore.ListAsync(connection, null, siteKey) is not { } channels)
        {
            return null;
        }
        return channels.TryWithin(channelKey, out var channelIds) ? new ExportScope(channels.SiteId, channelIds) : null;
    }

    /// <summary>
    /// 归档导出: the next <paramref name="take"/> whole articles of <paramref name="scope"/> of a status, after the article
    /// <paramref name="after"/>, in id order: ids never change, so an export broken off goes on from the last id it got.
    /// SQLite walks the id-ordered index of listing columns (migration 0005), reading the rows of the articles it keeps
    /// alone; its plan otherwise took the site's listing index and sorted the site by id for each batch.
    /// </summary>
    public async Task<IReadOnlyList<Article>> ExportAsync(ExportScope scope, ArticleStatus? status, long after, int take,
        CancellationToken cancellationToken)
    {
        using var turn = await database.LongReadTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now;
        var rows = await connection.QueryAsync<ArticleRow>(
            $"""
            SELECT {ArticleColumns} FROM articles a {database.IndexedBy(MatchLookupIndex)} {JoinSummaryTables}
            WHERE a.site_id = @SiteId AND {StatusCondition(status)} AND a.id > @after
                  {(scope.ChannelIds is null ? "" : "AND " + database.AnyOf("a.channel_id", "@ChannelIds"))}
            ORDER BY a.id LIMIT @take
            """,
            new { scope.SiteId, scope.ChannelIds, now, after, take });
        return rows.Select(r => r.ToArticle(now)).ToList();
    }

    /// <summary>
    /// A tag as a set of matches, paged like a search's (<see cref="MatchingPageAsync"/>): a tag that few articles have
    /// is looked up rather than walked for. Tested on every entry of the listing index, one that five articles of a
    /// million have took 3.3 s (12 s beside a search of a common word), and a common one still stops after a short walk.
    /// </summary>
    private static readonly SearchSql TagMatches = new(
        (id, _) => $"EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = {id} AND t.tag = @Tag)",
        _ => "SELECT article_id AS id FROM article_tags WHERE tag = @Tag");

    /// <summary>
    /// The join from a set of article ids (the query before it, joined on <c>a.id</c>) to those articles, aliased
    /// <c>a</c>, for the listing columns. SQLite starts from the ids (its planner would otherwise walk every article)
    /// and looks each up in the small index of listing columns (0005): without statistics it picks the table, whose
    /// rows hold the bodies, and a common word took 90 ms instead of 6 at 10,000 articles.
    /// </summary>
    private string JoinMatchedArticles => $"{database.JoinInOrder} articles a {database.IndexedBy(MatchLookupIndex)}";

    /// <summary>SQLite's index of the listing columns in id order (migration 0005), for looking articles up by id.</summary>
    public const string MatchLookupIndex = "ix_articles_match_lookup";

    /// <summary>The partial index of pinned articles in the listing's order (migration 0012 on SQLite).</summary>
    private const string PinnedIndex = "ix_articles_pinned";

    /// <summary>The partial listing index of the articles with a cover image (migration 0031 on SQLite).</summary>
    private const string CoverIndex = "ix_articles_cover_listing";

    /// <summary>The partial listing index of the articles with a 主题分类 (migration 0033 on SQLite).</summary>
    public const string SubjectIndex = "ix_articles_subject_listing";

    /// <summary>The partial listing index of the documents with a 成文日期, on <see cref="WrittenOnKey"/> (migration 0038 on
    /// SQLite).</summary>
    public const string WrittenOnIndex = "ix_articles_written_on_listing";

    /// <summary>A 成文日期 (ISO text, 2022-05-12) as the number 20220512: it sorts alike, and a cursor holds it as it holds a
    /// time. Written exactly as in the index of <see cref="WrittenOnIndex"/>, which both engines match by expression.</summary>
    public const string WrittenOnKey = "CAST(replace(a.written_on, '-', '') AS BIGINT)";

    /// <summary>
    /// The page's keys of a search or of a tag's list, without ranking or even collecting every match. A search's
    /// relevance order is two parts: every term in the title (score 1), then the other matches (score 0), each by time;
    /// the cursor's score says which part a page continues. Each part takes the cheapest of three ways, by what it has
    /// seen (costs measured on a million generated articles): walk the newest max(64, 2 × wanted) rows of the listing
    /// index probing the index for each, and if that is short but found some, a walk long enough at that density; else
    /// read the word's matching ids and either walk the listing index keeping the rows among them (many matches) or
    /// look each match up and sort them (few). Every way answers exactly the newest matches; the search and tag tests
    /// compare all with an oracle. <paramref name="listing"/>: the partial listing index to walk when SQLite must be
    /// told (a filter few articles pass, the order by 成文日期), else empty.
    /// </summary>
    private async Task<List<(long Id, long SortAt, long Score)>> MatchingPageAsync(DbConnection connection, SearchSql search,
        ArticleQuery query, List<string> conditions, string? timeAfter, string sortAt, string listing, string direction, DynamicParameters parameters, int take)
    {
        var parts = !query.Relevance
            ? [(Score: 0, InTitle: false, After: timeAfter)]
            : query.After?.Rank switch
            {
                null => [(1, true, null), (0, false, null)],
                1 => [(1, true, timeAfter), (0, false, null)],
                _ => new[] { (Score: 0, InTitle: false, After: timeAfter) },
            };
        var keys = new List<(long Id, long SortAt, long Score)>();
        foreach (var part in parts)
        {
            if (keys.Count >= take)
            {
                break;
            }
            var need = take - keys.Count;
            parameters.Add("need", need);
            var where = string.Join(" AND ", conditions.Append(part.After).OfType<string>());
            // Relevance's second part leaves out the title matches, which the first part answered.
            var titleMatchesLeftOut = query.Relevance && !part.InTitle;
            // The newest @walk rows of the listing index that the filters let through.
            var walkRows = $"SELECT a.id, {sortAt} AS sort_at FROM articles a {listing} WHERE {where} " +
                           $"ORDER BY sort_at {direction}, a.id {direction} LIMIT @walk";
            async Task<List<(long Id, long SortAt)>> ProbeWalkAsync(int walk)
            {
                parameters.Add("walk", walk);
                return (await connection.QueryAsync<(long Id, long SortAt)>(
                    $"""
                    SELECT w.id, w.sort_at FROM ({walkRows}) w
                    WHERE {search.Probe("w.id", part.InTitle)}{(titleMatchesLeftOut ? $" AND NOT {search.Probe("w.id", titleOnly: true)}" : "")}
                    ORDER BY w.sort_at {direction}, w.id {direction} LIMIT @need
                    """, parameters)).ToList();
            }
            // A walk that ran out of rows has seen every article the filters let through: what it found is all there is.
            // (A search of a common word with a source no article has read the word's 420,000 matches: 0.4 s.)
            async Task<bool> WalkedAllAsync(int walk) =>
                await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM ({walkRows}) w", parameters) < walk;
            var firstWalk = Math.Max(64, 2 * need);
            var found = await ProbeWalkAsync(firstWalk);
            var walkedAll = found.Count < need && await WalkedAllAsync(firstWalk);
            var articles = found.Count < need && !walkedAll ? await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM articles") : 0;
            var walked = firstWalk;
            while (!walkedAll && found.Count is > 0 and var some && some < need)
            {
                // Short of the page, but the word is common here (some of the walked rows matched): a walk long enough
                // at that density (half again for luck) costs less than reading its matches (density × articles of
                // them) when each of its probes stands for as many matches as a probe costs. On SQLite a probe takes
                // about 10 µs and a match 0.15 µs (67); on PostgreSQL, at a million articles, about 70 µs and 10 µs
                // (7: a match is read from the search table's heap, a page for every two of 98,000 matches). A longer
                // walk that still falls short (the density was guessed from a few rows) is followed by a longer one,
                // at least twice as long, while that still costs less: on PostgreSQL, reading the matches of two common
                // words instead (队伍 责任, 116,281 of them) took 3.3 s.
                var density = (double)some / walked;
                var longerWalk = Math.Max(2 * walked, (int)Math.Ceiling(need / density * 1.5));
                var matchesPerProbe = database.Dialect == Dialect.Postgres ? 7.0 : 67.0;
                if (longerWalk * matchesPerProbe >= density * articles)
                {
                    break;
                }
                walked = longerWalk;
                found = await ProbeWalkAsync(walked);
                walkedAll = found.Count < need && await WalkedAllAsync(walked);
            }
            if (found.Count < need && !walkedAll)
            {
                // The word is rarer here. Its matching ids are cheap to read (a scan of its doclist, about 0.05 µs a
                // match); joining each to its article and sorting them all is not (about 1.7 µs a match at a million
                // articles). Many matches: keep the ids in memory and walk the listing index until the page is full
                // (about 0.5 µs a row; expected rows: wanted × articles ÷ matches). Few: join and sort them.
                var (matches, count) = await MatchIdsAsync(connection, search.Matches(part.InTitle), parameters, articles);
                if ((double)count * count > 0.3 * need * articles)
                {
                    var titleMatches = titleMatchesLeftOut
                        ? (await MatchIdsAsync(connection, search.Matches(titleOnly: true), parameters, articles)).Ids
                        : new BitArray(0);
                    // In slices of a quarter more rows than expected to hold the page, each continuing after the last: an
                    // open-ended query left early is cancelled by Dapper, and on PostgreSQL every cancel is a new
                    // connection and a forked backend (about 45 a second under first-time searches).
                    found = [];
                    var sliceRows = (int)Math.Min(1 << 20, Math.Ceiling(1.25 * need * articles / count)) + 64;
                    parameters.Add("slice", sliceRows);
                    var slice = where;
                    while (true)
                    {
                        var rows = (await connection.QueryAsync<(long Id, long SortAt)>(
                            $"SELECT a.id, {sortAt} AS sort_at FROM articles a {listing} WHERE {slice} ORDER BY sort_at {direction}, a.id {direction} LIMIT @slice",
                            parameters)).AsList();
                        foreach (var row in rows)
                        {
                            if (Has(matches, row.Id) && !Has(titleMatches, row.Id))
                            {
                                found.Add(row);
                                if (found.Count == need)
                                {
                                    break;
                                }
                            }
                        }
                        if (found.Count == need || rows.Count < sliceRows)
                        {
                            break;
                        }
                        parameters.Add("sliceAt", rows[^1].SortAt);
                        parameters.Add("sliceId", rows[^1].Id);
                        slice = $"{where} AND {After(sortAt, direction, "slice")}";
                    }
                }
                else
                {
                    // Joined apart from the ORDER BY … LIMIT (MATERIALIZED) and from the title matches left out, so
                    // that both engines start from the few matches. PostgreSQL estimates two words by multiplying their
                    // frequencies, and given the LIMIT it walked the listing index probing every article for titles with
                    // both 党建 and 生态 (none has): 9 s at a million articles, 68 ms this way. And it costs a NOT IN
                    // beside the join once per article looked up, so it read them all instead (0.8 s against 47 ms).
                    // PostgreSQL starts from the ids just read: reading them from GIN again visits the search table's
                    // heap once more for each; SQLite reads its doclist again, cheaper than binding thousands of ids.
                    var matched = search.Matches(part.InTitle);
                    if (database.Dialect == Dialect.Postgres)
                    {
                        parameters.Add("matchIds", IdsOf(matches, count));
                        matched = "SELECT unnest(@matchIds) AS id";
                    }
                    found = (await connection.QueryAsync<(long Id, long SortAt)>(
                        $"""
                        WITH matched AS MATERIALIZED (
                            SELECT a.id, {sortAt} AS sort_at FROM ({matched}) m {JoinMatchedArticles} ON a.id = m.id
                            WHERE {where})
                        SELECT id, sort_at FROM matched{(titleMatchesLeftOut ? $" WHERE id NOT IN ({search.Matches(titleOnly: true)})" : "")}
                        ORDER BY sort_at {direction}, id {direction} LIMIT @need
                        """, parameters)).ToList();
                }
            }
            keys.AddRange(found.Select(f => (f.Id, f.SortAt, (long)part.Score)));
        }
        return keys;
    }

    /// <summary>
    /// A match query's ids as a bitmap over article ids, and how many: 125 KB at a million articles however many
    /// match, where a set of 420,000 ids (one common word) took about 10 MB, and 32 searches run at once.
    /// </summary>
    private static async Task<(BitArray Ids, int Count)> MatchIdsAsync(DbConnection connection, string sql, DynamicParameters parameters, long articles)
    {
        var ids = new BitArray((int)articles + 1);
        var count = 0;
        // Read with the reader itself: Dapper's mapping (a boxed value and an awaited step per row) took half again as
        // long, 16 against 11 ms for the 55,892 title matches of 基层 at a million articles.
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            if (id >= ids.Length)
            {
                ids.Length = (int)id + 1; // written since MAX(id) was read
            }
            if (!ids[(int)id]) // a title with a word in two forms (党建 and 黨建) comes twice from the title terms
            {
                ids[(int)id] = true;
                count++;
            }
        }
        return (ids, count);
    }

    private static bool Has(BitArray ids, long id) => id < ids.Length && ids[(int)id];

    /// <summary>The <paramref name="count"/> ids set in the bitmap, in order.</summary>
    private static long[] IdsOf(BitArray ids, int count)
    {
        var words = new int[(ids.Length + 31) / 32];
        ids.CopyTo(words, 0);
        var result = new long[count];
        var n = 0;
        for (var w = 0; w < words.Length; w++)
        {
            for (var bits = (uint)words[w]; bits != 0; bits &= bits - 1)
            {
                result[n++] = w * 32L + System.Numerics.BitOperations.TrailingZeroCount(bits);
            }
        }
        return result;
    }

    /// <summary>Rows after the key (@{name}At, @{name}Id) in the listing's order: the keyset of cursors and walks.</summary>
    private static string After(string sortAt, string direction, string name)
    {
        var before = direction == "DESC" ? "<" : ">";
        return $"({sortAt} {before} @{name}At OR ({sortAt} = @{name}At AND a.id {before} @{name}Id))";
    }

    /// <summary>A page of the article's changes, newest first; null when there is no such article.</summary>
    public async Task<RevisionList?> RevisionsAsync(string siteKey, RevisionListParameters page, CancellationToken cancellationToken)
    {
        var (id, below, limit) = (page.Id, page.Below, page.Limit ?? 50);
        await using var connection = await database.OpenAsync(cancellationToken);
        var zone = await connection.ExecuteScalarAsync<string?>(
            "SELECT s.time_zone FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.key = @siteKey AND a.id = @id", new { siteKey, id });
        if (zone is null)
        {
            return null;
        }
        // one more than the page, to know whether another follows
        var rows = (await connection.QueryAsync<RevisionRow>(
            "SELECT version, action, actor, note, created_at FROM article_revisions WHERE article_id = @id AND version < @below ORDER BY version DESC LIMIT @take",
            new { id, below, take = limit + 1 })).ToList();
        var timeZone = SiteTimeZone.Find(zone);
        var items = rows.Take(limit).Select(r => new RevisionEntry(r.Version, r.Action, r.Actor, UnixTime.InZone(r.CreatedAt, timeZone), r.Note)).ToList();
        return new RevisionList(items, rows.Count > limit ? RevisionListParameters.NextCursor(id, items[^1].Version) : null);
    }

    public async Task<Revision?> RevisionAsync(string siteKey, long id, long version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RevisionRow>(
            """
            SELECT r.version, r.action, r.actor, r.note, r.created_at, r.snapshot, s.time_zone
            FROM article_revisions r JOIN articles a ON a.id = r.article_id JOIN sites s ON s.id = a.site_id
            WHERE s.key = @siteKey AND r.article_id = @id AND r.version = @version
            """,
            new { siteKey, id, version });
        if (row is null)
        {
            return null;
        }
        var article = StoredJson.Read<Article>(row.Snapshot!);
        // a snapshot from before attachments or 相关文章 has none
        article = article with { Attachments = article.Attachments ?? [], Related = article.Related ?? [] };
        return new Revision(row.Version, row.Action, row.Actor, UnixTime.InZone(row.CreatedAt, SiteTimeZone.Find(row.TimeZone)), article, row.Note);
    }

    // ---------------------------------------------------------------- writes

    /// <summary>
    /// Creates a draft; with an <c>Idempotency-Key</c> and the hash of its request (<paramref name="idempotency"/>) that this
    /// key sent before for the same request, answers the article that made instead (<see cref="Outcome.Replayed"/>),
    /// and for another request <see cref="Outcome.KeyReused"/>.
    /// </summary>
    public Task<WriteResult> CreateAsync(string siteKey, ArticleInput input, string? actor, (string Key, string RequestHash)? idempotency,
        CancellationToken cancellationToken) =>
        CreateAsync(siteKey, input, actor, idempotency, "create", cancellationToken);

    /// <summary>Creates a draft as <see cref="CreateAsync(string, ArticleInput, string?, ValueTuple{string, string}?, CancellationToken)"/>
    /// does, its first revision's action <paramref name="action"/> (copied-from:{site}/{id} for a copy).</summary>
    public Task<WriteResult> CreateAsync(string siteKey, ArticleInput input, string? actor, (string Key, string RequestHash)? idempotency,
        string action, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (idempotency is not var (once, requestHash) || actor is null)
            {
                return await CreateAsync(connection, transaction, siteKey, input, action, actor);
            }
            // the same key sent twice at once: the second waits here for the first to commit
            await database.LockAsync(connection, transaction, $"idempotency\n{actor}\n{once}");
            var earlier = await connection.QuerySingleOrDefaultAsync<(long ArticleId, string RequestHash)?>(
                "SELECT article_id, request_hash FROM idempotency_keys WHERE key_prefix = @actor AND idempotency_key = @once",
                new { actor, once }, transaction);
            if (earlier is { } made)
            {
                return made.RequestHash == requestHash
                    ? new WriteResult(Outcome.Replayed, await LoadAsync(connection, transaction, made.ArticleId))
                    : new WriteResult(Outcome.KeyReused);
            }
            var result = await CreateAsync(connection, transaction, siteKey, input, action, actor);
            if (result is { Outcome: Outcome.Done, Article: { } article })
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO idempotency_keys (key_prefix, idempotency_key, request_hash, article_id, created_at)
                    VALUES (@actor, @once, @requestHash, @Id, @now)
                    """,
                    new { actor, once, requestHash, article.Id, now = Now }, transaction);
            }
            return result;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed only when it answers <see cref="Outcome.Done"/> and
    /// wrote something (a workflow step taken again writes nothing: no change to record, no cached answer to retire).
    /// </summary>
    public async Task<WriteResult> InTransactionAsync(Func<DbConnection, DbTransaction, Task<WriteResult>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var result = await work(connection, transaction);
        if (result.Outcome == Outcome.Done && await write.WroteAsync())
        {
            // every write that is done answers its article (a purged one as it was), which is what changed
            var article = result.Article ?? throw new InvalidOperationException("A write that is done answers its article.");
            ContentChange written = new(article.Site, article.Id, Channel: article.Channel, MovedFrom: result.MovedFrom,
                Action: result.Action, Version: article.Version, Related: result.Related);
            await log.CommitAsync(connection, transaction, result.SiteChanged ? [written, new ContentChange(article.Site)] : [written],
                cancellationToken);
        }
        return result;
    }

    /// <summary>Creates a draft; with <paramref name="revises"/>, the 修改稿 of that published article.</summary>
    public async Task<WriteResult> CreateAsync(DbConnection connection, DbTransaction transaction, string siteKey, ArticleInput input,
        string action, string? actor, long? revises = null)
    {
        var target = await TargetAsync(connection, transaction, siteKey, input, document: revises ?? 0);
        if (target.Problem is { } problem)
        {
            return problem;
        }
        var now = Now;
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO articles (site_id, channel_id, slug, status, title, subtitle, kicker, summary, source, author, editor,
                                  tags, cover_url, keywords, description, index_number, subject, issuing_agency, written_on,
                                  document_number, validity, body, attachments, related, link_url, published_at, revises, version,
                                  created_at, updated_at)
            VALUES (@siteId, @channelId, @Slug, 'draft', @Title, @Subtitle, @Kicker, @Summary, @Source, @Author, @Editor,
                    @tags, @CoverUrl, @Keywords, @Description, @IndexNumber, @Subject, @IssuingAgency, @writtenOn,
                    @DocumentNumber, @Validity, @body, @attachments, @related, @LinkUrl, @publishedAt, @revises, 1, @now, @now)
            RETURNING id
            """,
            ContentParameters(input, target.SiteId, target.ChannelId, now, revises), transaction);
        return await FinishAsync(connection, transaction, id, input, action, actor, _ => true, created: true); // a new article: index it
    }

    /// <summary>
    /// Replaces the content (not the status) when the stored version is still <paramref name="expectedVersion"/>, or
    /// whatever it is when that is null (<c>If-Match: *</c>).
    /// </summary>
    public Task<WriteResult> ReplaceAsync(string siteKey, long id, long? expectedVersion, ArticleInput input, string action,
        string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ReplaceAsync(connection, transaction, siteKey, id, expectedVersion, input, action, actor), cancellationToken);

    /// <summary>The same, in the caller's transaction. With <paramref name="revision"/> (the state of the 修改稿 whose
    /// content this is, being published) it may replace a published article of a reviewing site, whose review becomes
    /// the revision's.</summary>
    public async Task<WriteResult> ReplaceAsync(DbConnection connection, DbTransaction transaction, string siteKey, long id,
        long? expectedVersion, ArticleInput input, string action, string? actor, State? revision = null)
    {
        var current = await CurrentAsync(connection, transaction, siteKey, id);
        if (current is null)
        {
            return new WriteResult(Outcome.NotFound);
        }
        if (current.Status == "trashed")
        {
            return new WriteResult(Outcome.WrongState, Detail: "The article is in the trash; restore it before editing.");
        }
        if (current.ContentLocked && revision is null)
        {
            return new WriteResult(Outcome.WrongState, Detail:
                "The site publishes reviewed content only (先审后发): revise the article (POST …/revise makes a draft that replaces " +
                "its content once approved and published), or unpublish it, change it and have it reviewed again.");
        }
        var target = await TargetAsync(connection, transaction, siteKey, input, exceptArticle: id, document: current.Revises ?? id);
        if (target.Problem is { } problem)
        {
            return problem;
        }
        if (current.Status == "published" && revision is null && target.ChannelId != current.ChannelId
            && await ReviewStepsAsync(connection, transaction, current.ReviewSteps, target.ChannelId) > 0)
        {
            // not locked where it is (no review there), but the channel it would move into publishes reviewed content only
            return new WriteResult(Outcome.WrongState, Detail:
                $"The channel '{input.Channel}' publishes reviewed content only (栏目级审核, 先审后发): unpublish the article, move it, and have it reviewed.");
        }
        if (current.Status == "published" && await BlockedAsync(connection, transaction, current.SiteId, input) is { } blocked)
        {
            return blocked; // a change the public would see at once
        }
        var before = await LoadAsync(connection, transaction, id);
        var parameters = ContentParameters(input, target.SiteId, target.ChannelId, Now);
        parameters.Add("id", id);
        parameters.Add("expected", expectedVersion ?? current.Version);
        parameters.AddDynamicParams(new { revision?.ReviewStatus, revision?.ReviewSubmittedBy, revision?.ReviewApprovedBy });
        var review = revision is null
            // approvals were of the content before: one under review or approved waits for its first approval again
            ? "review_status = CASE WHEN review_status = 'approved' THEN 'pending' ELSE review_status END, review_approved_by = NULL"
            // the content a revision's review approved
            : "review_status = @ReviewStatus, review_submitted_by = @ReviewSubmittedBy, review_approved_by = @ReviewApprovedBy";
        var updated = await connection.ExecuteAsync(
            $"""
            UPDATE articles SET channel_id = @channelId, slug = @Slug, title = @Title, subtitle = @Subtitle, kicker = @Kicker,
                   summary = @Summary, source = @Source, author = @Author, editor = @Editor, tags = @tags, cover_url = @CoverUrl,
                   keywords = @Keywords, description = @Description, index_number = @IndexNumber, subject = @Subject,
                   issuing_agency = @IssuingAgency, written_on = @writtenOn, document_number = @DocumentNumber,
                   validity = @Validity, body = @body, attachments = @attachments, related = @related, link_url = @LinkUrl,
                   published_at = @publishedAt, version = version + 1, updated_at = @now, {review}
            WHERE id = @id AND version = @expected
            """,
            parameters, transaction);
        if (updated == 0)
        {
            return new WriteResult(Outcome.Stale);
        }
        if (current.Status == "published")
        {
            await AssignIndexNumberAsync(connection, transaction, id); // a public document may have lost its 索引号 or gained a disclosure
        }
        var result = await FinishAsync(connection, transaction, id, input, action, actor,
            after => !Search.SearchIndex.IndexesAlike(before, after));
        return result.Article is { } moved && before is not null && moved.Channel != before.Channel ? result with { MovedFrom = before.Channel } : result;
    }

    /// <summary>批量移动 of one article: the article as stored, in <paramref name="channel"/> (the write a PATCH of its channel
    /// makes), read and written in one transaction, so that no write of it lands in between.</summary>
    public Task<WriteResult> MoveAsync(string siteKey, long id, string channel, string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
            await CurrentAsync(connection, transaction, siteKey, id) is { } current
                ? await ReplaceAsync(connection, transaction, siteKey, id, current.Version,
                    (ArticleInput.From(await LoadAsync(connection, transaction, id)) with { Channel = channel }).Normalized(), "patch", actor)
                : new WriteResult(Outcome.NotFound), cancellationToken);

    /// <summary>Moves an article through its workflow; <paramref name="expectedVersion"/> is checked when given.</summary>
    public Task<WriteResult> TransitionAsync(string siteKey, long id, long? expectedVersion, Transition transition,
        string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => TransitionAsync(connection, transaction, siteKey, id, expectedVersion, transition, actor), cancellationToken);

    public async Task<WriteResult> TransitionAsync(DbConnection connection, DbTransaction transaction, string siteKey, long id,
        long? expectedVersion, Transition transition, string? actor)
    {
        var current = await CurrentAsync(connection, transaction, siteKey, id);
        if (current is null)
        {
            return new WriteResult(Outcome.NotFound);
        }
        if (expectedVersion is not null && expectedVersion != current.Version)
        {
            return new WriteResult(Outcome.Stale);
        }
        var now = Now;
        if (current.Revises is { } revised && transition.Publishes)
        {
            return await PublishRevisionAsync(connection, transaction, siteKey, id, revised, current, transition, actor);
        }
        var next = transition.Apply(current, now);
        if (next.Refusal is { } refusal)
        {
            return new WriteResult(Outcome.WrongState, Detail: refusal);
        }
        if (!next.Changes(current))
        {
            return new WriteResult(Outcome.Done, await LoadAsync(connection, transaction, id)); // taken before: nothing to write
        }
        if (transition.MakesPublic(current, next) &&
            await BlockedAsync(connection, transaction, current.SiteId, ArticleInput.From(await LoadAsync(connection, transaction, id)),
                current.Status == "trashed" ? "restore it as a draft (unpublish it first), correct them, then publish it" : null) is { } blocked)
        {
            return blocked;
        }
        var updated = await connection.ExecuteAsync(
            """
            UPDATE articles SET status = @Status, status_before_trash = @StatusBeforeTrash, published_at = @PublishedAt,
                   published_until = @PublishedUntil, first_published_at = @FirstPublishedAt, trashed_at = @TrashedAt, pinned = @pinned, pinned_until = @PinnedUntil,
                   pin_level = @PinLevel, review_status = @ReviewStatus, review_submitted_by = @ReviewSubmittedBy,
                   review_approved_by = @ReviewApprovedBy, version = version + 1, updated_at = @now
            WHERE id = @id AND version = @version
            """,
            new
            {
                next.Status, next.StatusBeforeTrash, next.PublishedAt, next.PublishedUntil, next.FirstPublishedAt, next.TrashedAt,
                pinned = next.PinLevel > 0 ? 1 : 0, next.PinnedUntil, next.PinLevel, next.ReviewStatus, next.ReviewSubmittedBy,
                next.ReviewApprovedBy, now, id, version = current.Version,
            },
            transaction);
        if (updated == 0)
        {
            return new WriteResult(Outcome.Stale);
        }
        if (transition.MakesPublic(current, next))
        {
            await AssignIndexNumberAsync(connection, transaction, id);
        }
        // A workflow step changes no title or text, and visibility comes from the articles table: the entry stays.
        return await FinishAsync(connection, transaction, id, null, transition.Action, actor, _ => false, transition.Note);
    }

    /// <summary>
    /// 修改稿: a draft with the content of a published (or scheduled) article, which replaces that content when it is
    /// published (<see cref="PublishRevisionAsync"/>), so that a live article is changed, and reviewed, without going
    /// offline. One per article: asked again, the answer is the one there is (<see cref="Outcome.Replayed"/>).
    /// </summary>
    public Task<WriteResult> ReviseAsync(string siteKey, long id, string? actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var current = await CurrentAsync(connection, transaction, siteKey, id);
            if (current is null)
            {
                return new WriteResult(Outcome.NotFound);
            }
            if (current.Status != "published")
            {
                return new WriteResult(Outcome.WrongState, Detail: "Only a published (or scheduled) article is revised; change a draft itself.");
            }
            if (current.Revises is not null)
            {
                return new WriteResult(Outcome.WrongState, Detail: "This is a revision; change it itself.");
            }
            // the same article revised twice at once: the second waits here for the first, then finds its revision
            await database.LockAsync(connection, transaction, $"revise\n{id}");
            if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM articles WHERE revises = @id", new { id }, transaction) is { } existing)
            {
                return new WriteResult(Outcome.Replayed, await LoadAsync(connection, transaction, existing));
            }
            // the slug stays the article's: a revision has none of its own
            var content = ArticleInput.From(await LoadAsync(connection, transaction, id)) with { Slug = null };
            return await CreateAsync(connection, transaction, siteKey, content, "revise", actor, revises: id);
        }, cancellationToken);

    /// <summary>
    /// Publishing a 修改稿 (once approved, on a reviewing site): its content, checked as any publishing is, becomes the
    /// revised article's (which keeps its id, slug, status, pin and ends; its review becomes the revision's), and the
    /// revision goes. Scheduling one is refused: nothing would apply it at its time.
    /// </summary>
    private async Task<WriteResult> PublishRevisionAsync(DbConnection connection, DbTransaction transaction, string siteKey, long id,
        long revised, State current, Transition transition, string? actor)
    {
        if (transition.Action != "publish")
        {
            return new WriteResult(Outcome.WrongState, Detail: "A revision is published, not scheduled: it replaces the content of the article it revises at once.");
        }
        if (transition.SetsTimes)
        {
            return new WriteResult(Outcome.WrongState, Detail:
                "A revision keeps the publish time of its content and the article's end: publish it without publishedAt and until.");
        }
        if (transition.Apply(current, Now).Refusal is { } refusal) // in the trash, or not approved yet
        {
            return new WriteResult(Outcome.WrongState, Detail: refusal);
        }
        var slug = await connection.ExecuteScalarAsync<string?>("SELECT slug FROM articles WHERE id = @revised", new { revised }, transaction);
        var content = ArticleInput.From(await LoadAsync(connection, transaction, id)) with { Slug = slug };
        var result = await ReplaceAsync(connection, transaction, siteKey, revised, null, content, $"revised-by:{id}", actor, revision: current);
        if (result.Outcome == Outcome.Done)
        {
            await search.DeleteAsync(connection, transaction, id);
            await connection.ExecuteAsync("DELETE FROM articles WHERE id = @id", new { id }, transaction);
        }
        return result;
    }

    /// <summary>相关文章 of article <paramref name="id"/>, both ways: the published articles it links to, in its order, and the
    /// newest of those linking to it.</summary>
    public async Task<RelatedArticles> RelatedAsync(string siteKey, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now;
        async Task<List<ArticleSummary>> SummariesAsync(string join, string order) =>
            (await connection.QueryAsync<ArticleRow>(
                $"""
                SELECT {SummaryColumns}
                FROM article_links l JOIN articles a ON {join} {JoinSummaryTables}
                WHERE s.key = @siteKey AND {PublicOnly}
                ORDER BY {order}
                LIMIT @most
                """,
                new { siteKey, id, now, most = RelatedArticles.MostBacklinks })).Select(row => row.ToSummary(now)).ToList();
        return new RelatedArticles(
            Links: await SummariesAsync("a.id = l.linked_id AND l.article_id = @id", "l.position"),
            Backlinks: await SummariesAsync("a.id = l.article_id AND l.linked_id = @id", "a.published_at DESC, a.id DESC"));
    }

    /// <summary>Deletes a trashed article for good, with its tags, revisions and view counts.</summary>
    public Task<WriteResult> PurgeAsync(string siteKey, long id, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (await CurrentAsync(connection, transaction, siteKey, id) is not { } current)
            {
                return new WriteResult(Outcome.NotFound);
            }
            var (refusal, purged) = await PurgeTrashedAsync(connection, transaction, current.SiteId, [id]);
            return refusal ?? new WriteResult(Outcome.Done, purged[0], Action: "purge");
        }, cancellationToken);

    /// <summary>Most articles one purge of several takes: each holds a lock on PostgreSQL until the commit.</summary>
    public const int MostPurgedTogether = 1000;

    /// <summary>
    /// Deletes trashed articles of a site for good in one transaction: those of <paramref name="ids"/>, or with null the
    /// whole trash (清空回收站). All or none, as <see cref="PurgeTrashedAsync"/> says; the changes feed gets a purge of each.
    /// </summary>
    public async Task<(WriteResult? Refusal, IReadOnlyList<long> Purged)> PurgeTogetherAsync(string siteKey, IReadOnlyList<long>? ids,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        if (await connection.QuerySingleOrDefaultAsync<long?>("SELECT id FROM sites WHERE key = @siteKey", new { siteKey }, transaction)
            is not { } siteId)
        {
            return (new WriteResult(Outcome.SiteNotFound), []);
        }
        ids ??= (await connection.QueryAsync<long>(
            "SELECT id FROM articles WHERE site_id = @siteId AND status = 'trashed' ORDER BY id LIMIT @most",
            new { siteId, most = MostPurgedTogether + 1 }, transaction)).ToList();
        if (ids.Count > MostPurgedTogether)
        {
            return (new WriteResult(Outcome.WrongState, Detail: $"The trash holds more than {MostPurgedTogether} articles: purge them by " +
                $"their ids, up to {MostPurgedTogether} at a time, those that name each other among their 相关文章 together."), []);
        }
        var (refusal, purged) = await PurgeTrashedAsync(connection, transaction, siteId, ids);
        if (refusal is null && purged.Count > 0)
        {
            await log.CommitAsync(connection, transaction,
                purged.Select(article => new ContentChange(article.Site, article.Id, Channel: article.Channel, Action: "purge",
                    Version: article.Version)).ToList(), cancellationToken);
        }
        return (refusal, purged.Select(article => article.Id).ToList());
    }

    /// <summary>
    /// Deletes the articles <paramref name="ids"/> of the site for good, with their tags, revisions and view counts, and
    /// answers them as they were; or none, with the reason, when one is not the site's (not found), not in the trash, or
    /// named among the 相关文章 of an article that stays. Links among them hold none back: two that name each other
    /// could not be purged one at a time.
    /// </summary>
    private async Task<(WriteResult? Refusal, List<Article> Purged)> PurgeTrashedAsync(DbConnection connection, DbTransaction transaction,
        long siteId, IReadOnlyList<long> ids)
    {
        var sorted = ids.Distinct().Order().ToArray();
        if (sorted.Length == 0)
        {
            return (null, []);
        }
        var statuses = (await connection.QueryAsync<(long Id, string Status)>(
            $"SELECT id, status FROM articles WHERE site_id = @siteId AND {database.AnyOf("id", "@sorted")}", new { siteId, sorted },
            transaction)).ToDictionary(row => row.Id, row => row.Status);
        if (sorted.FirstOrDefault(id => !statuses.ContainsKey(id)) is var missing and > 0)
        {
            return (new WriteResult(Outcome.NotFound, Detail: $"{missing}"), []);
        }
        var one = sorted.Length == 1;
        if (sorted.Where(id => statuses[id] != "trashed").ToList() is { Count: > 0 } untrashed)
        {
            return (new WriteResult(Outcome.WrongState, Detail: one
                ? "Only an article in the trash can be purged; trash it first."
                : $"Only articles in the trash can be purged; trash {Ids(untrashed)} first."), []);
        }
        // 相关文章 are links the editors of other articles made: they take them away, not a purge (and a write
        // linking to one of these at the same moment is over before this looks, or waits and finds it gone)
        foreach (var id in sorted)
        {
            await database.LockAsync(connection, transaction, LinkedLock(id));
        }
        var linking = (await connection.QueryAsync<(long Article, long Linked)>(
            $"SELECT DISTINCT article_id, linked_id FROM article_links WHERE {database.AnyOf("linked_id", "@sorted")} ORDER BY article_id, linked_id",
            new { sorted }, transaction)).Where(link => Array.BinarySearch(sorted, link.Article) < 0).ToList();
        if (linking.Count > 0)
        {
            var named = one ? "this one" : $"{Ids(linking.Select(link => link.Linked).Distinct().Order().ToList())} of these";
            return (new WriteResult(Outcome.WrongState, Detail:
                $"Articles {Ids(linking.Select(link => link.Article).Distinct().ToList())} name {named} among their related articles " +
                $"(相关文章); take {(one ? "it" : "them")} out of theirs first, or purge those in the trash together with " +
                $"{(one ? "it" : "these")} (POST …/articles/purge)."), []);
        }
        var purged = new List<Article>(sorted.Length);
        foreach (var id in sorted)
        {
            purged.Add(await LoadAsync(connection, transaction, id));
            await search.DeleteAsync(connection, transaction, id);
        }
        // PostgreSQL: a restore committed since the statuses were read leaves its article here, and nothing is purged
        if (await connection.ExecuteAsync($"DELETE FROM articles WHERE {database.AnyOf("id", "@sorted")} AND status = 'trashed'",
                new { sorted }, transaction) != sorted.Length)
        {
            return (new WriteResult(Outcome.WrongState, Detail: "An article was taken out of the trash while this purge ran; nothing was purged."), []);
        }
        return (null, purged);

        static string Ids(IReadOnlyList<long> ids) => string.Join(", ", ids);
    }

    /// <summary>Up to <paramref name="count"/> articles with ids above <paramref name="after"/>, in id order, whole: every
    /// article (for rebuilding the search index), or the published (and scheduled) ones of the site <paramref name="publishedOf"/>.</summary>
    public async Task<IReadOnlyList<Article>> ChunkAsync(DbConnection connection, long after, int count, string? publishedOf = null) =>
        (await connection.QueryAsync<ArticleRow>(
            $"""
            SELECT {ArticleColumns} {From}
            WHERE {(publishedOf is null ? "" : "s.key = @publishedOf AND a.status = 'published' AND ")}a.id > @after ORDER BY a.id LIMIT @count
            """,
            new { after, count, publishedOf }))
        .Select(r => r.ToArticle(Now)).ToList();

    /// <summary><see cref="ChunkAsync"/> of a site's published articles, on a connection of its own (for the 错敏词 scan).</summary>
    public async Task<IReadOnlyList<Article>> PublishedChunkAsync(string siteKey, long after, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ChunkAsync(connection, after, count, publishedOf: siteKey);
    }

    /// <summary>
    /// An article of the site with this title and publish time (how a re-imported page is recognised). The same page
    /// imported by two requests at once must not become two articles, and no unique index can say so (articles written
    /// through the API may share a title and time): the page's identity is locked first, so the second import waits
    /// and then finds the first one's article.
    /// </summary>
    public async Task<(long Id, long Version)?> FindSameAsync(DbConnection connection, DbTransaction transaction, string siteKey, string title, long? publishedAt)
    {
        await database.LockAsync(connection, transaction, $"import\n{siteKey}\n{publishedAt}\n{title}");
        return await connection.QuerySingleOrDefaultAsync<(long, long)?>(
            """
            SELECT a.id, a.version FROM articles a JOIN sites s ON s.id = a.site_id
            WHERE s.key = @siteKey AND a.title = @title AND a.published_at IS NOT DISTINCT FROM @publishedAt
            ORDER BY a.id LIMIT 1
            """,
            new { siteKey, title, publishedAt }, transaction);
    }

    /// <summary>The view count a legacy page brings along: set once, when the article is <paramref name="created"/> by the import.</summary>
    public async Task<WriteResult> SetStartingViewCountAsync(DbConnection connection, DbTransaction transaction, WriteResult created, long views)
    {
        var id = created.Article!.Id;
        await connection.ExecuteAsync("UPDATE articles SET view_count = @views WHERE id = @id", new { id, views }, transaction);
        return created with { Article = await LoadAsync(connection, transaction, id) };
    }

    /// <summary>
    /// The summaries of the articles a query of another feature ranks: <paramref name="rankSql"/> selects a page of
    /// <c>id</c> and <c>score</c>, from index entries if it can; the rows are read for that page alone, best first,
    /// ties newest first.
    /// </summary>
    public async Task<IReadOnlyList<(ArticleSummary Article, long Score)>> RankedSummariesAsync(DbConnection connection, string rankSql, object parameters)
    {
        var rows = await connection.QueryAsync<ArticleRow>(
            $"""
            SELECT {SummaryColumns}, ranked.score
            FROM ({rankSql}) ranked JOIN articles a ON a.id = ranked.id {JoinSummaryTables}
            ORDER BY ranked.score DESC, a.id DESC
            """, parameters);
        return rows.Select(r => (r.ToSummary(Now), r.Score)).ToList();
    }

    // ---------------------------------------------------------------- helpers

    private async Task<Article> LoadAsync(DbConnection connection, DbTransaction transaction, long id) =>
        (await connection.QuerySingleAsync<ArticleRow>($"SELECT {ArticleColumns} {From} WHERE a.id = @id", new { id }, transaction)).ToArticle(Now);

    /// <summary>The state a transition starts from.</summary>
    /// <remarks>Pinned when <paramref name="PinLevel"/> is above 0 (the stored <c>pinned</c> flag, which the partial index of
    /// pinned articles names, is written from it). <c>ReviewSteps</c>: the approvals the article needs before publishing,
    /// the most its site, its channel and the channels above it ask for (0: no review); <c>ReviewApprovedBy</c>: the keys
    /// that approved the content as it is, in step order (JSON).</remarks>
    public sealed record State(long Version, string Status, string? StatusBeforeTrash, long? PublishedAt, long? PublishedUntil,
        long? FirstPublishedAt, long? TrashedAt, long PinLevel, long? PinnedUntil, long ReviewSteps, string? ReviewStatus,
        string? ReviewSubmittedBy, string? ReviewApprovedBy, long SiteId, long? Revises, long ChannelId)
    {
        /// <summary>先审后发: a draft of a reviewing site is published only once approved.</summary>
        public bool NeedsApproval => ReviewSteps > 0 && Status == "draft" && ReviewStatus != "approved";

        /// <summary>With review on, what the public sees (or will, once scheduled) changes only through review again.</summary>
        public bool ContentLocked => ReviewSteps > 0 && Status == "published";

        public static List<string> Approvers(string? approvedBy) => approvedBy is null ? [] : StoredJson.Read<List<string>>(approvedBy);
    }

    /// <summary>
    /// The article's state as a write of it begins, read under the article's lock (<see cref="Database.LockAsync"/>), held
    /// to the end of the write's transaction. A write that names no version (no If-Match, or *) is thus made on the version
    /// it read: on PostgreSQL another write of the article could land between the read and the UPDATE, which then answered
    /// 412 to a client that had asked for no version. (An advisory lock, not <c>FOR UPDATE</c>: locking a row gives the
    /// transaction an id, which <see cref="WriteTransaction.WroteAsync"/> would take for a write, so a step taken again
    /// would be logged and would retire cached answers.)
    /// </summary>
    private async Task<State?> CurrentAsync(DbConnection connection, DbTransaction transaction, string siteKey, long id)
    {
        await database.LockAsync(connection, transaction, $"article\n{id.ToString(CultureInfo.InvariantCulture)}");
        var state = await connection.QuerySingleOrDefaultAsync<State?>(
            """
            SELECT a.version, a.status, a.status_before_trash, a.published_at, a.published_until, a.first_published_at, a.trashed_at,
                   a.pin_level, a.pinned_until, s.review_steps, a.review_status, a.review_submitted_by, a.review_approved_by, a.site_id,
                   a.revises, a.channel_id
            FROM articles a JOIN sites s ON s.id = a.site_id
            WHERE s.key = @siteKey AND a.id = @id
            """,
            new { siteKey, id }, transaction);
        return state is null ? null : state with { ReviewSteps = await ReviewStepsAsync(connection, transaction, state.ReviewSteps, state.ChannelId) };
    }

    /// <summary>
    /// The approvals an article of the channel needs before it is published (栏目级审核): the most that its site
    /// (<paramref name="siteSteps"/>), the channel and the channels above it ask for.
    /// </summary>
    private static async Task<long> ReviewStepsAsync(DbConnection connection, DbTransaction transaction, long siteSteps, long channelId) =>
        Math.Max(siteSteps, await connection.ExecuteScalarAsync<long?>(
            """
            WITH RECURSIVE path (parent_id, review_steps) AS (
                SELECT parent_id, review_steps FROM channels WHERE id = @channelId
                UNION ALL
                SELECT c.parent_id, c.review_steps FROM channels c JOIN path ON c.id = path.parent_id
            )
            SELECT MAX(review_steps) FROM path
            """,
            new { channelId }, transaction) ?? 0);

    /// <summary>A refusal when <paramref name="content"/>, about to be public, holds a block term of its site's 错敏词库.</summary>
    /// <summary>A 409 when the content holds block terms; <paramref name="remedy"/> says how to go on when correcting
    /// the text or the list is not all there is to it.</summary>
    private async Task<WriteResult?> BlockedAsync(DbConnection connection, DbTransaction transaction, long siteId, ArticleInput content,
        string? remedy = null)
    {
        var check = (await terms.MatcherAsync(connection, transaction, siteId)).Check(content);
        return check.Blocked
            ? new WriteResult(Outcome.Blocked, Check: check, Detail: "The article holds terms its site's 错敏词库 blocks (" +
                string.Join("、", check.Hits.Where(h => h.Severity == Terms.TermSeverity.Block).Select(h => h.Term).Distinct()) +
                $"): {remedy ?? "correct them, or change the list, to publish it"}.")
            : null;
    }

    /// <summary>
    /// 索引号 by the site's format (<see cref="Sites.Site.IndexNumberFormat"/>): a published 政府信息公开 document (an article
    /// with a disclosure) that has none is given the next running number of its year, in the write that makes it public,
    /// so its answer, revision and change carry it. The numbers given are counted per form and year
    /// (<c>index_number_sequences</c>, whose row PostgreSQL locks until the write ends, so two documents never get the
    /// same); a count starts from the highest number the site's documents have in that form, and one taken by hand since
    /// is passed over.
    /// </summary>
    /// <returns>The number given; null when the article is no published document without one, or its site has no format.</returns>
    private async Task<string?> AssignIndexNumberAsync(DbConnection connection, DbTransaction transaction, long id)
    {
        var document = await connection.QuerySingleOrDefaultAsync<(long SiteId, string Format, string TimeZone, long PublishedAt)?>(
            $"""
            SELECT a.site_id, s.index_number_format, s.time_zone, a.published_at
            FROM articles a JOIN sites s ON s.id = a.site_id
            WHERE a.id = @id AND s.index_number_format IS NOT NULL AND {UnnumberedDocument}
            """,
            new { id }, transaction);
        if (document is not { } due || IndexNumberFormat.Parse(due.Format) is not { } format)
        {
            return null;
        }
        var year = UnixTime.InZone(due.PublishedAt, SiteTimeZone.Find(due.TimeZone)).Year;
        var (before, after) = format.Around(year);
        var counter = new { due.SiteId, around = $"{before}{{seq}}{after}" };
        if (await connection.ExecuteScalarAsync<long?>(
                "SELECT last FROM index_number_sequences WHERE site_id = @SiteId AND around = @around", counter, transaction) is null)
        {
            var numbered = await connection.QueryAsync<string>(
                "SELECT index_number FROM articles WHERE site_id = @SiteId AND index_number IS NOT NULL AND substr(index_number, 1, @length) = @before",
                new { due.SiteId, length = before.EnumerateRunes().Count(), before }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO index_number_sequences (site_id, around, last) VALUES (@SiteId, @around, @highest) ON CONFLICT (site_id, around) DO NOTHING",
                new { due.SiteId, counter.around, highest = numbered.Max(number => format.SequenceOf(number, year)) ?? 0 }, transaction);
        }
        string indexNumber;
        do
        {
            var next = await connection.ExecuteScalarAsync<long>(
                "UPDATE index_number_sequences SET last = last + 1 WHERE site_id = @SiteId AND around = @around RETURNING last", counter, transaction);
            indexNumber = format.Render(year, next);
            await database.LockAsync(connection, transaction, IndexNumberLock(due.SiteId, indexNumber)); // a write typing it waits
        }
        while (await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = @SiteId AND index_number = @indexNumber)", new { due.SiteId, indexNumber }, transaction));
        await connection.ExecuteAsync("UPDATE articles SET index_number = @indexNumber WHERE id = @id", new { indexNumber, id }, transaction);
        return indexNumber;
    }

    /// <summary>A published article (<c>a</c>) with a disclosure, and no 索引号: what the site's format numbers. The partial
    /// index <see cref="UnnumberedDocumentsIndex"/> has this WHERE, term for term, so that queries with it can use it.</summary>
    private const string UnnumberedDocumentsIndex = "ix_articles_unnumbered_documents";

    private const string UnnumberedDocument =
        """
        a.status = 'published' AND a.index_number IS NULL
        AND (a.subject IS NOT NULL OR a.issuing_agency IS NOT NULL OR a.written_on IS NOT NULL
             OR a.document_number IS NOT NULL OR a.validity IS NOT NULL)
        """;

    /// <summary>The 索引号 more than one document of the site has (see <see cref="IndexNumberDuplicates"/>); null for an
    /// unknown site. Read through the listing index of 索引号, which holds only the articles that have one.</summary>
    public async Task<IndexNumberDuplicates?> IndexNumberDuplicatesAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM sites WHERE key = @siteKey", new { siteKey }) is not { } siteId)
        {
            return null;
        }
        var holders = await connection.QueryAsync<(string IndexNumber, long Id)>(
            """
            SELECT a.index_number, a.id FROM articles a
            WHERE a.site_id = @siteId AND a.index_number IS NOT NULL AND a.revises IS NULL AND a.index_number IN (
                SELECT d.index_number FROM articles d
                WHERE d.site_id = @siteId AND d.index_number IS NOT NULL AND d.revises IS NULL
                GROUP BY d.index_number HAVING COUNT(*) > 1 ORDER BY d.index_number LIMIT @most)
            ORDER BY a.index_number, a.id
            """,
            new { siteId, most = IndexNumberDuplicates.MostNumbers });
        return new IndexNumberDuplicates([.. holders.GroupBy(holder => holder.IndexNumber)
            .Select(number => new DuplicatedIndexNumber(number.Key, [.. number.Select(holder => holder.Id)]))]);
    }

    /// <summary>
    /// Numbers up to <paramref name="limit"/> published documents of the site that have no 索引号 (published before the
    /// site had a format, or imported without one), the oldest 发布时间 first, as publishing them now would: each in a write
    /// of its own (a new version, its revision's action <c>number</c>, a change), so that a long run holds no write up.
    /// </summary>
    public async Task<(Outcome Outcome, NumberedDocuments? Numbered)> NumberDocumentsAsync(string siteKey, int limit, string? actor,
        CancellationToken cancellationToken)
    {
        // a connection for the reads: each document is numbered in a write of its own
        await using var connection = await database.OpenAsync(cancellationToken);
        var site = await connection.QuerySingleOrDefaultAsync<(long Id, string? Format)?>(
            "SELECT id, index_number_format FROM sites WHERE key = @siteKey", new { siteKey });
        if (site is not { } found)
        {
            return (Outcome.SiteNotFound, null);
        }
        if (found.Format is null)
        {
            return (Outcome.WrongState, null);
        }
        var unnumbered = $"FROM articles a {database.IndexedBy(UnnumberedDocumentsIndex)} WHERE a.site_id = @siteId AND {UnnumberedDocument}";
        var due = await connection.QueryAsync<long>($"SELECT a.id {unnumbered} ORDER BY a.published_at, a.id LIMIT @limit",
            new { siteId = found.Id, limit });
        var numbered = new List<NumberedDocument>();
        foreach (var id in due)
        {
            string? indexNumber = null;
            var result = await InTransactionAsync(async (write, transaction) =>
            {
                // unpublished, numbered or stripped of its disclosure since it was found: left as it is
                if ((indexNumber = await AssignIndexNumberAsync(write, transaction, id)) is null)
                {
                    return new WriteResult(Outcome.NotFound);
                }
                await write.ExecuteAsync("UPDATE articles SET version = version + 1, updated_at = @now WHERE id = @id",
                    new { id, now = Now }, transaction);
                return await FinishAsync(write, transaction, id, null, "number", actor, _ => false); // the 索引号 is not searched
            }, cancellationToken);
            if (result is { Outcome: Outcome.Done, Article: { } article })
            {
                numbered.Add(new NumberedDocument(id, indexNumber!, article.Version));
            }
        }
        var remaining = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) {unnumbered}", new { siteId = found.Id });
        return (Outcome.Done, new NumberedDocuments(numbered, remaining));
    }

    private sealed record Target(long SiteId, long ChannelId, WriteResult? Problem);

    /// <summary>The lock a write linking to article <paramref name="id"/> holds shared, and its purge alone.</summary>
    private static string LinkedLock(long id) => $"linked\n{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The site and channel an input names, and whether its slug and 索引号 are free. <paramref name="exceptArticle"/>: the
    /// article written; <paramref name="document"/>: the article it is a version of (itself, or the one a 修改稿 revises).
    /// </summary>
    private async Task<Target> TargetAsync(DbConnection connection, DbTransaction transaction, string siteKey, ArticleInput input,
        long exceptArticle = 0, long document = 0)
    {
        await ChannelStore.LockTreeAsync(database, connection, transaction, siteKey, shared: true);
        var ids = await connection.QuerySingleOrDefaultAsync<(long SiteId, long? ChannelId)?>(
            "SELECT s.id, c.id FROM sites s LEFT JOIN channels c ON c.site_id = s.id AND c.key = @channel WHERE s.key = @siteKey",
            new { siteKey, channel = input.Channel }, transaction);
        if (ids is null)
        {
            return new Target(0, 0, new WriteResult(Outcome.SiteNotFound));
        }
        if (ids.Value.ChannelId is null)
        {
            return new Target(0, 0, new WriteResult(Outcome.UnknownChannel, Detail: $"The site has no channel '{input.Channel}'."));
        }
        if (input.Slug is not null)
        {
            await database.LockAsync(connection, transaction, $"slug\n{siteKey}\n{input.Slug}");
        }
        if (input.Slug is not null && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM articles WHERE site_id = @siteId AND slug = @slug AND id <> @exceptArticle",
                new { siteId = ids.Value.SiteId, slug = input.Slug, exceptArticle }, transaction) > 0)
        {
            return new Target(0, 0, new WriteResult(Outcome.SlugTaken, Detail: $"Another article of the site has the slug '{input.Slug}'."));
        }
        if (input.Disclosure?.IndexNumber is { } indexNumber
            && await IndexNumberHolderAsync(connection, transaction, ids.Value.SiteId, indexNumber, exceptArticle, document) is { } holder)
        {
            return new Target(0, 0, new WriteResult(Outcome.IndexNumberTaken, Detail:
                $"The 索引号 '{indexNumber}' is article {holder.Id}'s: a 索引号 names one document of the site" +
                (holder.Status == "trashed" ? " (that article is in the trash: purge it to free the number)." : ".")));
        }
        if (input.Related is { Count: > 0 } related)
        {
            // a purge of one of them waits for this write to end, then finds the link (see PurgeAsync)
            foreach (var linked in related.Order())
            {
                await database.LockAsync(connection, transaction, LinkedLock(linked), shared: true);
            }
            var found = (await connection.QueryAsync<long>(
                $"""
                SELECT id FROM articles
                WHERE site_id = @siteId AND {database.AnyOf("id", "@related")} AND id <> @exceptArticle AND revises IS NULL
                """,
                new { siteId = ids.Value.SiteId, related = related.ToArray(), exceptArticle }, transaction)).ToHashSet();
            if (related.FirstOrDefault(id => !found.Contains(id)) is var missing and > 0)
            {
                return new Target(0, 0, new WriteResult(Outcome.UnknownRelated, Detail: missing == exceptArticle
                    ? "An article cannot be related to itself."
                    : $"The site has no article {missing} to relate this one to (a 修改稿 is not one: relate the article it revises)."));
            }
        }
        return new Target(ids.Value.SiteId, ids.Value.ChannelId.Value, null);
    }

    /// <summary>
    /// Another article of the site holding <paramref name="indexNumber"/>, which a write giving it to an article must not
    /// (one the site gives is never taken: see <see cref="AssignIndexNumberAsync"/>). A document's versions (a 修改稿 and
    /// the article it revises) share theirs; and a number the document has already is kept even when another has it too,
    /// so that duplicates from before this check stay editable until one of them is renumbered.
    /// </summary>
    private async Task<(long Id, string Status)?> IndexNumberHolderAsync(DbConnection connection, DbTransaction transaction,
        long siteId, string indexNumber, long exceptArticle, long document)
    {
        // two writes giving the same number at once: the second waits here for the first, then finds it
        await database.LockAsync(connection, transaction, IndexNumberLock(siteId, indexNumber));
        return await connection.QueryFirstOrDefaultAsync<(long, string)?>(
            """
            SELECT id, status FROM articles
            WHERE site_id = @siteId AND index_number = @indexNumber AND (revises IS NULL OR revises <> @document)
              AND NOT EXISTS (SELECT 1 FROM articles WHERE id IN (@exceptArticle, @document) AND index_number = @indexNumber)
            ORDER BY id
            """,
            new { siteId, indexNumber, exceptArticle, document }, transaction);
    }

    private static string IndexNumberLock(long siteId, string indexNumber) =>
        $"index-number\n{siteId.ToString(CultureInfo.InvariantCulture)}\n{indexNumber}";

    private static DynamicParameters ContentParameters(ArticleInput input, long siteId, long channelId, long now, long? revises = null)
    {
        var parameters = new DynamicParameters(new
        {
            siteId, channelId, input.Slug, input.Title, input.Subtitle, input.Kicker, input.Summary, input.Source,
            input.Author, input.Editor, input.CoverUrl, input.LinkUrl, input.Keywords, input.Description,
            input.Disclosure?.IndexNumber, input.Disclosure?.Subject, input.Disclosure?.IssuingAgency, input.Disclosure?.DocumentNumber,
            input.Disclosure?.Validity,
            writtenOn = input.Disclosure?.WrittenOn?.ToString(StoredDate, CultureInfo.InvariantCulture),
            tags = StoredJson.Write(input.Tags ?? []),
            body = StoredJson.Write(input.Body ?? ArticleBody.Empty),
            // null for none, as most articles have: read back without parsing
            attachments = input.Attachments is { Count: > 0 } files ? StoredJson.Write(files) : null,
            related = input.Related is { Count: > 0 } linked ? StoredJson.Write(linked) : null,
            publishedAt = UnixTime.ToMilliseconds(input.PublishedAt),
            revises,
            now,
        });
        return parameters;
    }

    /// <summary>
    /// Writes the tags and links of the <paramref name="content"/> written (none for a workflow step), the search index
    /// entry and the revision of a change, and answers the article as it now is.
    /// <paramref name="needsIndexing"/>: whether the written article's search index entry must be rewritten (on SQLite
    /// every rewrite adds a segment, so a write that leaves title and text as they were skips it).
    /// <paramref name="created"/>: the article was inserted by this write, so it has nothing to replace or unlink.
    /// </summary>
    private async Task<WriteResult> FinishAsync(DbConnection connection, DbTransaction transaction, long id, ArticleInput? content,
        string action, string? actor, Func<Article, bool> needsIndexing, string? note = null, bool created = false)
    {
        // whose …/related the change may change: the articles linked with it either way before the write (read before
        // its links are rewritten), and those it names after; a new article has no links and no tags to replace yet
        var linked = created ? [] : (await LinkedAsync(database, connection, transaction, [id]))[id];
        if (content is not null)
        {
            if (!created)
            {
                await connection.ExecuteAsync("DELETE FROM article_tags WHERE article_id = @id", new { id }, transaction);
                await connection.ExecuteAsync("DELETE FROM article_links WHERE article_id = @id", new { id }, transaction);
            }
            foreach (var tag in content.Tags ?? [])
            {
                await connection.ExecuteAsync("INSERT INTO article_tags (article_id, tag) VALUES (@id, @tag)", new { id, tag }, transaction);
            }
            foreach (var (linkedId, position) in (content.Related ?? []).Select((linked, i) => (linked, i)))
            {
                await connection.ExecuteAsync("INSERT INTO article_links (article_id, position, linked_id) VALUES (@id, @position, @linkedId)",
                    new { id, position, linkedId }, transaction);
            }
        }
        var article = await LoadAsync(connection, transaction, id);
        if (needsIndexing(article))
        {
            await search.WriteAsync(connection, transaction, article);
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO article_revisions (article_id, version, action, actor, note, snapshot, created_at)
            VALUES (@id, @Version, @action, @actor, @note, @snapshot, @now)
            """,
            new { id, article.Version, action, actor, note, snapshot = StoredJson.Write(article), now = Now }, transaction);
        return new WriteResult(Outcome.Done, article, Action: action, Related: [.. linked.Union(content?.Related ?? []).Order()]);
    }

    /// <summary>The articles linked with each of <paramref name="ids"/> either way (相关文章), in id order: whose
    /// <c>…/related</c> a change of it may change (the changes feed names them).</summary>
    public static async Task<ILookup<long, long>> LinkedAsync(Database database, DbConnection connection, DbTransaction? transaction,
        long[] ids)
    {
        if (ids.Length == 0)
        {
            return Array.Empty<long>().ToLookup(id => id);
        }
        var links = await connection.QueryAsync<(long From, long To)>(
            $"""
            SELECT article_id, linked_id FROM article_links WHERE {database.AnyOf("article_id", "@ids")}
            UNION SELECT article_id, linked_id FROM article_links WHERE {database.AnyOf("linked_id", "@ids")}
            """, new { ids }, transaction);
        return links.SelectMany(link => new[] { (Id: link.From, Other: link.To), (Id: link.To, Other: link.From) })
            .Where(pair => ids.Contains(pair.Id)).Distinct().OrderBy(pair => pair.Other).ToLookup(pair => pair.Id, pair => pair.Other);
    }

    private sealed class RevisionRow
    {
        public long Version { get; init; }
        public string Action { get; init; } = "";
        public string? Actor { get; init; }
        public string? Note { get; init; }
        public long CreatedAt { get; init; }
        public string? Snapshot { get; init; }
        public string TimeZone { get; init; } = SiteInput.DefaultTimeZone;
    }

    private sealed class ArticleRow
    {
        public long Id { get; init; }
        public string SiteKey { get; init; } = "";
        public string TimeZone { get; init; } = SiteInput.DefaultTimeZone;
        public string ChannelKey { get; init; } = "";
        public string? Slug { get; init; }
        public string Status { get; init; } = "draft";
        public long? PinnedUntil { get; init; }
        public long PinLevel { get; init; }
        public string Title { get; init; } = "";
        public string? Subtitle { get; init; }
        public string? Kicker { get; init; }
        public string? Summary { get; init; }
        public string? Source { get; init; }
        public string? Author { get; init; }
        public string? Editor { get; init; }
        public string Tags { get; init; } = "[]";
        public string? CoverUrl { get; init; }
        public string? LinkUrl { get; init; }
        public string? Keywords { get; init; }
        public string? Description { get; init; }
        public string? IndexNumber { get; init; }
        public string? Subject { get; init; }
        public string? IssuingAgency { get; init; }
        public string? WrittenOn { get; init; }
        public string? DocumentNumber { get; init; }
        public string? Validity { get; init; }
        public long? PublishedAt { get; init; }
        public long? PublishedUntil { get; init; }
        public long? FirstPublishedAt { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long Version { get; init; }
        public byte[]? Body { get; init; }
        public string? Attachments { get; init; }
        public string? Related { get; init; }
        public string? ReviewStatus { get; init; }
        public string? ReviewApprovedBy { get; init; }
        public long? Revises { get; init; }
        public long SortAt { get; set; }
        public long Score { get; set; }

        private TimeZoneInfo Zone => SiteTimeZone.Find(TimeZone);

        private ArticleStatus StatusAt(long now) => Status switch
        {
            "published" when PublishedAt > now => ArticleStatus.Scheduled,
            "published" => ArticleStatus.Published,
            "trashed" => ArticleStatus.Trashed,
            _ => ArticleStatus.Draft,
        };

        private ArticleReview? Review => ReviewStatus is null ? null
            : new ArticleReview(Enum.Parse<Articles.ReviewStatus>(ReviewStatus, ignoreCase: true), State.Approvers(ReviewApprovedBy).Count);

        private DateTimeOffset? Time(long? value) => value is { } v ? UnixTime.InZone(v, Zone) : null;

        private Disclosure? Disclosure =>
            (IndexNumber ?? Subject ?? IssuingAgency ?? WrittenOn ?? DocumentNumber ?? Validity) is null
                ? null
                : new Disclosure(IndexNumber, Subject, IssuingAgency,
                    WrittenOn is null ? null : DateOnly.ParseExact(WrittenOn, StoredDate, CultureInfo.InvariantCulture), DocumentNumber, Validity);

        public Article ToArticle(long now) => new(
            Id, SiteKey, ChannelKey, Slug, StatusAt(now), PinLevel > 0, Time(PinnedUntil), (int)PinLevel, Title, Subtitle, Kicker, Summary, Source, Author, Editor,
            StoredJson.Read<List<string>>(Tags), CoverUrl, LinkUrl, Keywords, Description, Disclosure, Time(PublishedAt), Time(PublishedUntil),
            Time(FirstPublishedAt), UnixTime.InZone(CreatedAt, Zone), UnixTime.InZone(UpdatedAt, Zone), Version,
            Body is null ? ArticleBody.Empty : ArticleBody.FromStored(Body),
            Attachments is null ? [] : StoredJson.Read<List<Attachment>>(Attachments), Related is null ? [] : StoredJson.Read<List<long>>(Related),
            Review, Revises);

        public ArticleSummary ToSummary(long now) => new(
            Id, ChannelKey, Slug, StatusAt(now), PinLevel > 0, Time(PinnedUntil), (int)PinLevel, Title, Subtitle, Summary, Source, Editor,
            StoredJson.Read<List<string>>(Tags), CoverUrl, LinkUrl, Time(PublishedAt), Time(PublishedUntil), Version, Review: Review, Revises: Revises,
            Disclosure: Disclosure);
    }
}
