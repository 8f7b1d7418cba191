using System.Collections.Concurrent;
using System.Data.Common;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Terms;

/// <summary>Each site's 错敏词库 in SQL (one row per site that has one), and its matcher, made once per version.</summary>
public sealed class TermStore(Database database, TimeProvider clock)
{
    /// <summary>By site id. A matcher is made again only when the stored version differs, so every instance of many
    /// checks against the list as stored.</summary>
    private readonly ConcurrentDictionary<long, TermMatcher> matchers = new();

    /// <summary>The site's list (empty, version 0, before the first); null when there is no such site.</summary>
    public async Task<TermList?> FindAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await StoredAsync(connection, null, siteKey);
        return row is null ? null : new TermList(row.Terms is null ? [] : StoredJson.Read<List<TermEntry>>(row.Terms), row.Version ?? 0);
    }

    public enum ReplaceOutcome { Replaced, SiteNotFound, Stale }

    /// <summary>Replaces the list when its version is still <paramref name="expectedVersion"/> (any, when null).</summary>
    public Task<(ReplaceOutcome Outcome, TermList? List)> ReplaceAsync(string siteKey, long? expectedVersion, IReadOnlyList<TermEntry> items,
        CancellationToken cancellationToken) =>
        database.WriteAsync<(ReplaceOutcome, TermList?)>(async (connection, transaction) =>
        {
            if (await StoredAsync(connection, transaction, siteKey) is not { } stored)
            {
                return (ReplaceOutcome.SiteNotFound, null);
            }
            var version = stored.Version ?? 0;
            if (expectedVersion is not null && expectedVersion != version)
            {
                return (ReplaceOutcome.Stale, null);
            }
            // None written: the version named is no longer there. With If-Match: *, whatever version is there now: on
            // PostgreSQL another replace may land after the read above, and this client named no version.
            var written = await connection.ExecuteScalarAsync<long?>(
                """
                INSERT INTO site_terms (site_id, terms, version, updated_at) VALUES (@SiteId, @terms, 1, @now)
                ON CONFLICT (site_id) DO UPDATE SET terms = excluded.terms, version = site_terms.version + 1, updated_at = excluded.updated_at
                WHERE @expectedVersion IS NULL OR site_terms.version = @expectedVersion
                RETURNING version
                """,
                new { stored.SiteId, terms = StoredJson.Write(items), expectedVersion, now = UnixTime.ToMilliseconds(clock.GetUtcNow()) }, transaction);
            return written is { } newVersion ? (ReplaceOutcome.Replaced, new TermList(items, newVersion)) : (ReplaceOutcome.Stale, null);
        }, cancellationToken);

    /// <summary>The matcher of the site's list as stored now, in the caller's transaction (a publish checks what it publishes against it).</summary>
    public async Task<TermMatcher> MatcherAsync(DbConnection connection, DbTransaction? transaction, long siteId)
    {
        var version = await connection.ExecuteScalarAsync<long?>("SELECT version FROM site_terms WHERE site_id = @siteId", new { siteId }, transaction);
        if (version is null)
        {
            return TermMatcher.Empty;
        }
        if (matchers.TryGetValue(siteId, out var kept) && kept.Version == version)
        {
            return kept;
        }
        // the version read again with the terms: a change in between is then made into a matcher of its own version
        var (terms, current) = await connection.QuerySingleAsync<(string, long)>(
            "SELECT terms, version FROM site_terms WHERE site_id = @siteId", new { siteId }, transaction);
        var matcher = new TermMatcher(StoredJson.Read<List<TermEntry>>(terms), current);
        matchers[siteId] = matcher;
        return matcher;
    }

    /// <summary>The matcher of a site by key; null when there is no such site.</summary>
    public async Task<TermMatcher?> MatcherAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var siteId = await connection.ExecuteScalarAsync<long?>("SELECT id FROM sites WHERE key = @siteKey", new { siteKey });
        return siteId is null ? null : await MatcherAsync(connection, null, siteId.Value);
    }

    private sealed record Stored(long SiteId, string? Terms, long? Version);

    private static Task<Stored?> StoredAsync(DbConnection connection, DbTransaction? transaction, string siteKey) =>
        connection.QuerySingleOrDefaultAsync<Stored?>(
            "SELECT s.id AS site_id, t.terms, t.version FROM sites s LEFT JOIN site_terms t ON t.site_id = s.id WHERE s.key = @siteKey",
            new { siteKey }, transaction);
}
