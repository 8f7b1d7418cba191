using System.Data.Common;
using CmsApi.Data;
using CmsApi.Http;
using Dapper;

namespace CmsApi.Channels;

/// <summary>Channels (栏目) in SQL. A site's channels are few (tens), so the tree is read whole and walked in code.</summary>
public sealed class ChannelStore(Database database, TimeProvider clock, Changes.ChangeLog log)
{
    public sealed record ChannelRow(long Id, long? ParentId, string Key, string Name, long SortOrder, long Version, long UpdateDays, long ReviewSteps,
        string? Description, string? LinkUrl, long Hidden);

    /// <summary>All channels of a site, or null when the site does not exist.</summary>
    public async Task<SiteChannels?> ListAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, null, siteKey);
    }

    public static async Task<SiteChannels?> ListAsync(DbConnection connection, DbTransaction? transaction, string siteKey)
    {
        var site = await connection.QuerySingleOrDefaultAsync<(long Id, string TimeZone)?>(
            "SELECT id, time_zone FROM sites WHERE key = @siteKey", new { siteKey }, transaction);
        if (site is not { } found)
        {
            return null;
        }
        var rows = await connection.QueryAsync<ChannelRow>(
            """
            SELECT id, parent_id, key, name, sort_order, version, update_days, review_steps, description, link_url, hidden
            FROM channels WHERE site_id = @siteId ORDER BY sort_order, id
            """,
            new { siteId = found.Id }, transaction);
        return new SiteChannels(found.Id, Sites.SiteTimeZone.Find(found.TimeZone), rows.ToList());
    }

    /// <summary>The 栏目更新 check of a site now; null when there is no such site.</summary>
    public async Task<ChannelUpdates?> UpdatesAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ListAsync(connection, null, siteKey) is not { } channels)
        {
            return null;
        }
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        // each channel's newest public article: one step down its listing index, newest first
        var newest = await connection.QueryAsync<(long ChannelId, long? PublishedAt)>(
            """
            SELECT c.id, (SELECT a.published_at FROM articles a
                          WHERE a.channel_id = c.id AND a.status = 'published' AND a.published_at <= @now
                          ORDER BY a.published_at DESC LIMIT 1) AS newest
            FROM channels c
            WHERE c.site_id = @SiteId
            """,
            new { channels.SiteId, now });
        return ChannelUpdates.Check(channels, newest.Where(n => n.PublishedAt is not null).ToDictionary(n => n.ChannelId, n => n.PublishedAt!.Value), now);
    }

    public enum Outcome { Done, SiteNotFound, NotFound, KeyTaken, UnknownParent, Cycle, TooDeep, Stale, NotEmpty }

    /// <summary>
    /// Every change to a site's channels checks the tree it read (a key free, no cycle, the version named, no child or
    /// article left) before it writes, so changes to one site's tree take turns: two moves that are each fine alone
    /// could otherwise make a cycle together. Article writes hold it <paramref name="shared"/>, so that a channel is
    /// not deleted while an article is written into it.
    /// </summary>
    public static Task LockTreeAsync(Database database, DbConnection connection, DbTransaction transaction, string siteKey, bool shared = false) =>
        database.LockAsync(connection, transaction, $"channels\n{siteKey}", shared);

    public async Task<(Outcome Outcome, Channel? Channel)> CreateAsync(string siteKey, ChannelInput input, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await LockTreeAsync(database, connection, transaction, siteKey);
        var channels = await ListAsync(connection, transaction, siteKey);
        if (channels is null)
        {
            return (Outcome.SiteNotFound, null);
        }
        if (channels.Find(input.Key!) is not null)
        {
            return (Outcome.KeyTaken, null);
        }
        ChannelRow? parent = null;
        if (!string.IsNullOrEmpty(input.Parent) && (parent = channels.Find(input.Parent)) is null)
        {
            return (Outcome.UnknownParent, null);
        }
        if (parent is not null && channels.Breadcrumb(parent.Id).Count + 1 > SiteChannels.MaxLevels)
        {
            return (Outcome.TooDeep, null);
        }
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        await connection.ExecuteAsync(
            """
            INSERT INTO channels (site_id, parent_id, key, name, sort_order, update_days, review_steps, description, link_url, hidden,
                                  created_at, updated_at)
            VALUES (@siteId, @parentId, @Key, @Name, @order, @updateDays, @reviewSteps, @description, @linkUrl, @hidden, @now, @now)
            """,
            new
            {
                siteId = channels.SiteId, parentId = parent?.Id, input.Key, input.Name, order = input.Order ?? 0, updateDays = input.UpdateDays ?? 0,
                reviewSteps = input.ReviewSteps ?? 0, description = TextRules.Blank(input.Description), linkUrl = TextRules.Blank(input.LinkUrl),
                hidden = input.Hidden == true ? 1L : 0L, now,
            },
            transaction);
        var after = (await ListAsync(connection, transaction, siteKey))!;
        await log.CommitAsync(connection, transaction, [new ContentChange(siteKey)], cancellationToken);
        return (Outcome.Done, after.Describe(input.Key!));
    }

    public async Task<(Outcome Outcome, Channel? Channel)> ChangeAsync(string siteKey, string key, long? expectedVersion, ChannelChange change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await LockTreeAsync(database, connection, transaction, siteKey);
        var channels = await ListAsync(connection, transaction, siteKey);
        if (channels is null)
        {
            return (Outcome.SiteNotFound, null);
        }
        var channel = channels.Find(key);
        if (channel is null)
        {
            return (Outcome.NotFound, null);
        }
        if (expectedVersion is not null && expectedVersion != channel.Version)
        {
            return (Outcome.Stale, null);
        }
        var parentId = channel.ParentId;
        if (change.Parent is not null)
        {
            if (change.Parent.Length == 0)
            {
                parentId = null;
            }
            else if (channels.Find(change.Parent) is not { } parent)
            {
                return (Outcome.UnknownParent, null);
            }
            else if (channels.IsSelfOrDescendant(parent.Id, of: channel.Id))
            {
                return (Outcome.Cycle, null);
            }
            else if (channels.Breadcrumb(parent.Id).Count + channels.Levels(channel.Id) > SiteChannels.MaxLevels)
            {
                return (Outcome.TooDeep, null);
            }
            else
            {
                parentId = parent.Id;
            }
        }
        await connection.ExecuteAsync(
            """
            UPDATE channels SET name = @name, parent_id = @parentId, sort_order = @order, update_days = @updateDays,
                   review_steps = @reviewSteps, description = @description, link_url = @linkUrl, hidden = @hidden,
                   version = version + 1, updated_at = @now
            WHERE id = @id
            """,
            new
            {
                id = channel.Id,
                name = change.Name?.Trim() ?? channel.Name,
                parentId,
                order = change.Order ?? channel.SortOrder,
                updateDays = change.UpdateDays ?? channel.UpdateDays,
                reviewSteps = change.ReviewSteps ?? channel.ReviewSteps,
                // "" clears: null leaves as it is
                description = change.Description is null ? channel.Description : TextRules.Blank(change.Description),
                linkUrl = change.LinkUrl is null ? channel.LinkUrl : TextRules.Blank(change.LinkUrl),
                hidden = change.Hidden is { } hidden ? (hidden ? 1L : 0L) : channel.Hidden,
                now = UnixTime.ToMilliseconds(clock.GetUtcNow()),
            }, transaction);
        var after = (await ListAsync(connection, transaction, siteKey))!;
        await log.CommitAsync(connection, transaction, [new ContentChange(siteKey)], cancellationToken);
        return (Outcome.Done, after.Describe(key));
    }

    /// <summary>Only an empty channel goes: no child channels and no articles, trashed ones included.</summary>
    public async Task<Outcome> DeleteAsync(string siteKey, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await LockTreeAsync(database, connection, transaction, siteKey);
        var channels = await ListAsync(connection, transaction, siteKey);
        if (channels is null)
        {
            return Outcome.SiteNotFound;
        }
        if (channels.Find(key) is not { } channel)
        {
            return Outcome.NotFound;
        }
        var deleted = await connection.ExecuteAsync(
            """
            DELETE FROM channels WHERE id = @id
              AND NOT EXISTS (SELECT 1 FROM channels c WHERE c.parent_id = @id)
              AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.channel_id = @id)
            """,
            new { id = channel.Id }, transaction);
        if (deleted == 0)
        {
            return Outcome.NotEmpty;
        }
        await log.CommitAsync(connection, transaction, [new ContentChange(siteKey)], cancellationToken);
        return Outcome.Done;
    }
}

/// <summary>A site's channels, read whole: lookups, the tree, breadcrumbs and descendants.</summary>
public sealed class SiteChannels(long siteId, TimeZoneInfo zone, IReadOnlyList<ChannelStore.ChannelRow> rows)
{
    /// <summary>
    /// How deep the tree may go. Portals use three or four levels; the tree's JSON nests two levels for each, and answers
    /// are written with a depth limit of 32 (JsonSetup), which a tree of 16 levels broke: a 500 for the whole tree.
    /// </summary>
    public const int MaxLevels = 8;

    public long SiteId { get; } = siteId;

    /// <summary>The site's time zone, read with its channels so that lists need no second read of the site.</summary>
    public TimeZoneInfo Zone { get; } = zone;

    public ChannelStore.ChannelRow? Find(string key) => rows.FirstOrDefault(r => r.Key == key);

    public ChannelStore.ChannelRow? Find(long id) => rows.FirstOrDefault(r => r.Id == id);

    /// <summary>Every channel, each followed by those below it, siblings in order.</summary>
    public IReadOnlyList<ChannelStore.ChannelRow> InTreeOrder()
    {
        var ordered = new List<ChannelStore.ChannelRow>(rows.Count);
        var seen = new HashSet<long>();
        void Walk(long? parentId)
        {
            foreach (var row in rows.Where(r => r.ParentId == parentId && seen.Add(r.Id)).ToList())
            {
                ordered.Add(row);
                Walk(row.Id);
            }
        }
        Walk(null);
        return ordered;
    }

    public IReadOnlyList<ChannelNode> Tree(long? parentId = null) =>
        rows.Where(r => r.ParentId == parentId)
            .Select(r => new ChannelNode(r.Key, r.Name, (int)r.SortOrder, Tree(r.Id), r.LinkUrl, r.Hidden != 0))
            .ToList();

    // The walks below stop at a channel they have seen: writes keep the tree acyclic (ChannelStore.LockTreeAsync), but a
    // cycle that concurrent moves made on PostgreSQL before that lock would otherwise loop until the process dies.

    /// <summary>The channel and every channel below it.</summary>
    public IReadOnlyList<long> SelfAndDescendants(long id)
    {
        var found = new List<long> { id };
        for (var i = 0; i < found.Count; i++)
        {
            var parent = found[i];
            foreach (var child in rows.Where(r => r.ParentId == parent && !found.Contains(r.Id)).Select(r => r.Id).ToList())
            {
                found.Add(child);
            }
        }
        return found;
    }

    public bool IsSelfOrDescendant(long candidate, long of) => SelfAndDescendants(of).Contains(candidate);

    /// <summary>
    /// What a read of one channel covers: that channel and every channel below it, by the key asked for. False when the
    /// site has no such channel; true with null when none was asked for (the whole site).
    /// </summary>
    public bool TryWithin(string? key, out long[]? ids)
    {
        ids = null;
        if (key is null)
        {
            return true;
        }
        if (Find(key) is not { } channel)
        {
            return false;
        }
        ids = SelfAndDescendants(channel.Id).ToArray();
        return true;
    }

    /// <summary>The keys of the channels named (those the site has) and of every channel below them.</summary>
    public IReadOnlySet<string> KeysWithin(IEnumerable<string> keys) =>
        keys.Select(Find).OfType<ChannelStore.ChannelRow>().SelectMany(c => SelfAndDescendants(c.Id))
            .Select(id => Find(id)!.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>How many levels the channel and those below it take: 1 for a channel without children.</summary>
    public int Levels(long id) => SelfAndDescendants(id).Max(d => Breadcrumb(d).Count) - Breadcrumb(id).Count + 1;

    /// <summary>From the top level down to the channel.</summary>
    public IReadOnlyList<ChannelRef> Breadcrumb(long id)
    {
        var trail = new List<ChannelRef>();
        for (var row = Find(id); row is not null && trail.Count < rows.Count; row = row.ParentId is { } p ? Find(p) : null)
        {
            trail.Insert(0, new ChannelRef(row.Key, row.Name));
        }
        return trail;
    }

    public Channel? Describe(string key)
    {
        if (Find(key) is not { } row)
        {
            return null;
        }
        var parent = row.ParentId is { } p ? Find(p)?.Key : null;
        var children = rows.Where(r => r.ParentId == row.Id).Select(r => new ChannelChild(r.Key, r.Name, r.LinkUrl, r.Hidden != 0)).ToList();
        return new Channel(row.Key, row.Name, parent, (int)row.SortOrder, Breadcrumb(row.Id), children, row.Version, (int)row.UpdateDays,
            (int)row.ReviewSteps, row.Description, row.LinkUrl, row.Hidden != 0);
    }
}
