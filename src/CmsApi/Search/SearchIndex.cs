using System.Data.Common;
using CmsApi.Articles;
using CmsApi.Data;
using CmsApi.Sections;
using Dapper;

namespace CmsApi.Search;

/// <summary>
/// The search index of both engines: what is written for an article, and the SQL condition that finds articles
/// matching a query. The one place where search SQL differs between SQLite (FTS5) and PostgreSQL (tsvector).
/// </summary>
public sealed partial class SearchIndex(Database database, ILogger<SearchIndex> logger)
{
    private sealed record Row(long Id, string TitleUni, string TitleBi, string TextUni, string TextBi);

    /// <summary>The entry's texts: FTS5 tokenizes the streams itself; PostgreSQL is handed them as tsvector literals.</summary>
    private Row RowOf(Article article)
    {
        Func<string?, (string Unigrams, string Bigrams)> streams = database.Dialect == Dialect.Postgres ? SearchText.Vectors : SearchText.Indexed;
        var title = streams(article.Title);
        var text = streams(TextOf(article));
        return new Row(article.Id, title.Unigrams, title.Bigrams, text.Unigrams, text.Bigrams);
    }

    /// <summary>
    /// What is searched besides the title, in the order a snippet looks through it: the 发文字号 (a document is often
    /// looked for by it, 国办发〔2022〕15号), subtitle, summary, the body's texts and the attachments' names (a notice is
    /// often looked for by its form, 申报表).
    /// </summary>
    public static IEnumerable<string> Texts(Article article) =>
        new[] { article.Disclosure?.DocumentNumber, article.Subtitle, article.Summary }.OfType<string>().Concat(Numbering.Texts(article.Body))
            .Concat(article.Attachments.Select(file => file.Name));

    private static string TextOf(Article article) => string.Join('\n', Texts(article));

    /// <summary>
    /// True when the two versions of an article index alike, so a write between them need not rewrite its entry: on
    /// SQLite every rewrite adds a segment that searches read until the next merge (<see cref="SearchIndexMerge"/>).
    /// </summary>
    public static bool IndexesAlike(Article before, Article after) =>
        before.Title == after.Title && TextOf(before) == TextOf(after);

    /// <summary>Writes (or rewrites) the article's entry, inside the write's transaction.</summary>
    public Task WriteAsync(DbConnection connection, DbTransaction? transaction, Article article) =>
        database.Dialect == Dialect.Postgres
            ? connection.ExecuteAsync(
                $"""
                {DeleteTitleTerms};
                INSERT INTO article_search (article_id, title_uni, title_bi, text_uni, text_bi)
                VALUES (@Id, @TitleUni::tsvector, @TitleBi::tsvector, @TextUni::tsvector, @TextBi::tsvector)
                ON CONFLICT (article_id) DO UPDATE SET title_uni = excluded.title_uni, title_bi = excluded.title_bi,
                                                       text_uni = excluded.text_uni, text_bi = excluded.text_bi;
                INSERT INTO article_title_terms (term, article_id)
                SELECT DISTINCT term, @Id
                FROM unnest(tsvector_to_array(@TitleUni::tsvector) || tsvector_to_array(@TitleBi::tsvector)) AS term
                """, RowOf(article), transaction)
            : connection.ExecuteAsync(
                """
                DELETE FROM article_search WHERE rowid = @Id;
                INSERT INTO article_search (rowid, title_uni, title_bi, text_uni, text_bi) VALUES (@Id, @TitleUni, @TitleBi, @TextUni, @TextBi);
                DELETE FROM article_title_search WHERE rowid = @Id;
                INSERT INTO article_title_search (rowid, title_uni, title_bi) VALUES (@Id, @TitleUni, @TitleBi);
                """, RowOf(article), transaction);

    /// <summary>Removes a purged article's entry (PostgreSQL's foreign key would too; FTS5 tables have none).</summary>
    public Task DeleteAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteAsync(
            database.Dialect == Dialect.Postgres
                ? $"{DeleteTitleTerms}; DELETE FROM article_search WHERE article_id = @Id"
                : "DELETE FROM article_search WHERE rowid = @Id; DELETE FROM article_title_search WHERE rowid = @Id",
            new { Id = id }, transaction);

    /// <summary>
    /// PostgreSQL: removes article @Id's rows of title terms, found by the terms of the title it was indexed with (the
    /// table's key leads with the term; it has no index by article).
    /// </summary>
    private const string DeleteTitleTerms =
        """
        DELETE FROM article_title_terms t USING article_search s
        WHERE s.article_id = @Id AND t.article_id = @Id AND t.term = ANY (tsvector_to_array(s.title_uni) || tsvector_to_array(s.title_bi))
        """;

    /// <summary>
    /// On SQLite, the query with only the forms of each word (<see cref="SearchQuery.Term.Forms"/>) that some article
    /// has, the typed one kept always: on a site written in one script the other script's forms are phrases that match
    /// nothing, yet each costs its share of every FTS5 probe of a search (a first-time search on 100,000 articles took
    /// 13% more CPU with them, 3% with only these; docs/performance.md). One statement tells which occur; an article
    /// written in the meantime with a form left out is found by the next search (a write drops the cached answers).
    /// PostgreSQL keeps every form: GIN passes over a token no article has at the cost of one lookup, while the same
    /// check there (an EXISTS over a tsquery) was planned as a scan that read every article's vectors: 190 → 4.6 rps.
    /// </summary>
    public async Task<SearchQuery> WithFormsInIndexAsync(DbConnection connection, SearchQuery query)
    {
        var others = query.Terms.SelectMany((term, t) => term.Forms.Select((form, f) => (Term: t, Form: f))).Where(o => o.Form > 0).ToList();
        if (others.Count == 0 || database.Dialect == Dialect.Postgres)
        {
            return query;
        }
        var parameters = new DynamicParameters();
        var exists = others.Select((other, i) =>
        {
            var term = query.Terms[other.Term];
            parameters.Add($"f{i}", FtsPhrase(term.Unigram, titleOnly: false, [term.Forms[other.Form]]));
            return $"SELECT {i} AS i WHERE EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH @f{i})";
        });
        var present = (await connection.QueryAsync<int>(string.Join(" UNION ALL ", exists), parameters)).Select(i => others[i]).ToHashSet();
        return new SearchQuery(query.Terms.Select((term, t) =>
            term with { Forms = term.Forms.Where((_, f) => f == 0 || present.Contains((t, f))).ToList() }).ToList());
    }

    /// <summary>A PostgreSQL tsquery that any of the forms matches: each its tokens in sequence.</summary>
    private static string TsQuery(IEnumerable<IReadOnlyList<string>> forms) =>
        string.Join(" | ", forms.Select(form => $"({string.Join(" <-> ", form.Select(SearchText.Encode))})"));

    /// <summary>An FTS5 query that any of the forms matches as a phrase of encoded tokens, limited to the stream's columns.</summary>
    private static string FtsPhrase(bool unigram, bool titleOnly, IEnumerable<IReadOnlyList<string>> forms)
    {
        var stream = unigram ? "uni" : "bi";
        var columns = titleOnly ? $"title_{stream}" : $"title_{stream} text_{stream}";
        return $"({{{columns}}} : ({string.Join(" OR ", forms.Select(form => $"\"{string.Join(' ', form.Select(SearchText.Encode))}\""))}))";
    }

    /// <summary>The SQL of one search for this engine, with its parameters added to <paramref name="parameters"/>.</summary>
    public SearchSql Sql(SearchQuery query, DynamicParameters parameters)
    {
        if (database.Dialect == Dialect.Postgres)
        {
            var all = new List<string>();
            var title = new List<string>();
            for (var i = 0; i < query.Terms.Count; i++)
            {
                var term = query.Terms[i];
                var stream = term.Unigram ? "uni" : "bi";
                parameters.Add($"q{i}", TsQuery(term.Forms));
                all.Add($"(s.title_{stream} @@ to_tsquery('simple', @q{i}) OR s.text_{stream} @@ to_tsquery('simple', @q{i}))");
                title.Add($"s.title_{stream} @@ to_tsquery('simple', @q{i})");
            }
            string Where(bool titleOnly) => string.Join(" AND ", titleOnly ? title : all);
            // The title matches of a one-token query (in any of its forms: 党建, 黨建; a title with both comes twice,
            // which the reader of the ids takes as one) come from the b-tree of title terms, without a visit to the heap
            // per match (30,678 of 党建 in 200,000 articles: 300-640 ms through GIN, 3.4 ms). Several tokens go to GIN,
            // which intersects their entries before it visits the heap for the few titles with all of them (基层 党建 工作
            // at a million articles: 12 ms, where joining the three words' b-tree rows took 216 ms).
            var titleMatches = $"SELECT s.article_id AS id FROM article_search s WHERE {Where(true)}";
            if (query.Terms is [var only] && only.Forms.All(form => form.Count == 1))
            {
                parameters.Add("tokens", only.Forms.Select(form => SearchText.Encode(form[0])).ToArray());
                titleMatches = "SELECT article_id AS id FROM article_title_terms WHERE term = ANY (@tokens)";
            }
            return new SearchSql(
                (id, titleOnly) => $"EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = {id} AND {Where(titleOnly)})",
                titleOnly => titleOnly ? titleMatches : $"SELECT s.article_id AS id FROM article_search s WHERE {Where(false)}");
        }
        // FTS5: a phrase of encoded tokens per form of a term; tokens are plain ASCII words.
        static string Phrase(SearchQuery.Term term, bool titleOnly) => FtsPhrase(term.Unigram, titleOnly, term.Forms);
        string Match(bool titleOnly) => string.Join(" AND ", query.Terms.Select(term => Phrase(term, titleOnly)));
        parameters.Add("match", Match(false));
        parameters.Add("titleMatch", Match(true));
        for (var i = 0; i < query.Terms.Count; i++)
        {
            parameters.Add($"match{i}", Phrase(query.Terms[i], false));
            parameters.Add($"titleMatch{i}", Phrase(query.Terms[i], true));
        }
        // Title-only phrases go to the titles' own index (article_title_search): filtering the whole index by column
        // would read the word's every entry in the text. FTS5 seeks a rowid in its doclists, so a probe costs
        // microseconds, but only one phrase at a time: given "A AND B" and a rowid, it read on through the doclists
        // when the row lacked one of them (5 ms a probe, 335 ms for 党建 生态 at a million articles), so a probe tests
        // each term apart.
        string Table(bool titleOnly) => titleOnly ? "article_title_search" : "article_search";
        string Parameter(bool titleOnly) => titleOnly ? "@titleMatch" : "@match";
        string Probe(string id, bool titleOnly) => $"({string.Join(" AND ", query.Terms.Select((_, i) =>
            $"EXISTS (SELECT 1 FROM {Table(titleOnly)} WHERE {Table(titleOnly)} MATCH {Parameter(titleOnly)}{i} AND rowid = {id})"))})";
        return new SearchSql(
            Probe,
            titleOnly => $"SELECT rowid AS id FROM {Table(titleOnly)} WHERE {Table(titleOnly)} MATCH {Parameter(titleOnly)}");
    }

    /// <summary>
    /// Rebuilds every article's entry; answers how many were indexed. It commits every 5,000 articles: one transaction
    /// over a million made SQLite's index merges crawl through an ever larger WAL. Meanwhile searches may miss the
    /// articles not indexed yet; writes keep their own entries in step, so nothing is left out once it ends.
    /// </summary>
    public async Task<int> RebuildAsync(ArticleStore articles, CancellationToken cancellationToken)
    {
        if (database.Dialect == Dialect.Postgres)
        {
            return await RebuildOnPostgresAsync(articles, cancellationToken);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var write = await database.BeginWriteAsync(connection, cancellationToken);
        var count = 0;
        try
        {
            // FTS5's delete-all empties a contentless index at once; deleting its rows one by one took minutes at a million.
            await connection.ExecuteAsync(
                "INSERT INTO article_search (article_search) VALUES ('delete-all'); INSERT INTO article_title_search (article_title_search) VALUES ('delete-all')",
                transaction: write.Transaction);
            await foreach (var chunk in ChunksAsync(articles, cancellationToken))
            {
                foreach (var article in chunk)
                {
                    await WriteAsync(connection, write.Transaction, article);
                }
                count += chunk.Count;
                if (count % 5_000 == 0)
                {
                    LogRebuilding(count); // a long wait at start-up (a migration, a move to PostgreSQL) shows it moves
                    // Between transactions the other writers get their turns.
                    await write.Transaction.CommitAsync(cancellationToken);
                    await write.DisposeAsync();
                    write = await database.BeginWriteAsync(connection, cancellationToken);
                }
            }
            await write.Transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await write.DisposeAsync();
        }
        await OptimizeAsync(connection);
        LogRebuilt(count);
        return count;
    }

    /// <summary>
    /// Most of PostgreSQL's part of a rebuild is the server's (reading the vectors, GIN inserts), enough to keep one
    /// backend busy (docs/performance.md). So the articles, read in order on one connection, are written on one
    /// connection per core, a transaction per 500 (SQLite writes one transaction at a time, and stays in one loop above).
    /// </summary>
    private async Task<int> RebuildOnPostgresAsync(ArticleStore articles, CancellationToken cancellationToken)
    {
        await database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("DELETE FROM article_title_terms; DELETE FROM article_search", transaction: transaction), cancellationToken);
        var count = 0;
        await Parallel.ForEachAsync(ChunksAsync(articles, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                await database.WriteAsync(async (connection, transaction) =>
                {
                    foreach (var article in chunk)
                    {
                        await WriteAsync(connection, transaction, article);
                    }
                    return 0;
                }, ct);
                var total = Interlocked.Add(ref count, chunk.Count);
                if (total / 5_000 != (total - chunk.Count) / 5_000)
                {
                    LogRebuilding(total);
                }
            });
        LogRebuilt(count);
        return count;
    }

    /// <summary>Every article, whole, 500 at a time in id order, read on a connection of its own (the writes have theirs).</summary>
    private async IAsyncEnumerable<IReadOnlyList<Article>> ChunksAsync(ArticleStore articles,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (long after = 0; ;)
        {
            var chunk = await articles.ChunkAsync(connection, after, 500);
            if (chunk.Count == 0)
            {
                yield break;
            }
            yield return chunk;
            after = chunk[^1].Id;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index: {Count} articles indexed so far")]
    private partial void LogRebuilding(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt: {Count} articles")]
    private partial void LogRebuilt(int count);

    /// <summary>
    /// Merges each SQLite index into one segment. FTS5 adds a segment per transaction and merges them only in part as
    /// it goes, and a search probes every segment: on 10,000 articles merged indexes answered a search's probes four
    /// times faster. It rewrites the whole index (seconds at 10,000 articles) in one transaction, so it runs after bulk
    /// writes (a rebuild, a generated data set); after edits, <see cref="SearchIndexMerge"/> does the same in steps.
    /// PostgreSQL's GIN indexes need nothing here.
    /// </summary>
    public async Task OptimizeAsync(DbConnection connection)
    {
        if (database.Dialect == Dialect.Postgres)
        {
            return;
        }
        await using var write = await database.BeginWriteAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO article_search (article_search) VALUES ('optimize');
            INSERT INTO article_title_search (article_title_search) VALUES ('optimize');
            """, transaction: write.Transaction, commandTimeout: 0);
        await write.Transaction.CommitAsync();
    }

    /// <summary>True when <see cref="MergeStepAsync"/> has work to do on this engine (SQLite's FTS5; GIN needs none).</summary>
    public bool MergesInSteps => database.Dialect == Dialect.Sqlite;

    /// <summary>
    /// One step of merging each SQLite index toward a single segment, about 64 leaf pages of each, in its own transaction,
    /// so a writer waits for one step at most (0.2 s at 10,000 articles), never for the whole merge. FTS5 keeps a merge's
    /// progress between steps. Answers false once a step finds nothing left to merge (FTS5's documented test: fewer
    /// than two changes).
    /// </summary>
    public async Task<bool> MergeStepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var merged = false;
        foreach (var table in new[] { "article_search", "article_title_search" })
        {
            await using var write = await database.BeginWriteAsync(connection, cancellationToken);
            var before = await connection.ExecuteScalarAsync<long>("SELECT total_changes()", transaction: write.Transaction);
            // A negative page count merges across levels too, so the small segments of later writes end in the large one.
            await connection.ExecuteAsync($"INSERT INTO {table} ({table}, rank) VALUES ('merge', -64)", transaction: write.Transaction);
            merged |= await connection.ExecuteScalarAsync<long>("SELECT total_changes()", transaction: write.Transaction) - before >= 2;
            await write.Transaction.CommitAsync(cancellationToken);
        }
        return merged;
    }

    /// <summary>
    /// True when articles exist but the index is empty: content that predates the index, or a migration that recreated
    /// it. Both are checked by the first row only, so start-up costs the same at a million articles as at ten.
    /// (Writes keep the index in step in their own transaction, and backups copy both together, so it is never partial.)
    /// </summary>
    public async Task<bool> IsIncompleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(database.Dialect == Dialect.Postgres
            ? "SELECT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM article_search)"
            : "SELECT EXISTS (SELECT 1 FROM articles) AND NOT (EXISTS (SELECT 1 FROM article_search) AND EXISTS (SELECT 1 FROM article_title_search))");
    }
}

/// <summary>
/// One search in SQL: a per-article test (<see cref="Probe"/>, given the SQL of an article id) and the set of matching
/// ids (<see cref="Matches"/>; title-only: every term in the title, the relevance rank).
/// </summary>
public sealed record SearchSql(Func<string, bool, string> ProbeSql, Func<bool, string> MatchesSql)
{
    public string Probe(string id, bool titleOnly) => ProbeSql(id, titleOnly);

    public string Matches(bool titleOnly) => MatchesSql(titleOnly);

    /// <summary>
    /// What this and <paramref name="other"/> both match (a search of articles with a tag): this one's matches, each
    /// tested by the other's probe, so this one should be the smaller set.
    /// </summary>
    public SearchSql And(SearchSql other) => new(
        (id, titleOnly) => $"({Probe(id, titleOnly)} AND {other.Probe(id, titleOnly)})",
        titleOnly => $"SELECT both_m.id FROM ({Matches(titleOnly)}) both_m WHERE {other.Probe("both_m.id", titleOnly)}");
}
