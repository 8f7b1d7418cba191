using CmsApi.Data;
using Dapper;

namespace CmsApi.Channels;

/// <summary>Channels (栏目) in SQL. The channel API comes with the content core; seeding uses this now.</summary>
public sealed class ChannelStore(Database database, TimeProvider clock)
{
    /// <summary>Creates a channel under <paramref name="parentKey"/> (null for a top-level one) of the site.</summary>
    public async Task CreateAsync(string siteKey, string? parentKey, string key, string name, int order, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO channels (site_id, parent_id, key, name, sort_order, created_at, updated_at)
            SELECT s.id, p.id, @key, @name, @order, @now, @now
            FROM sites s LEFT JOIN channels p ON p.site_id = s.id AND p.key = @parentKey
            WHERE s.key = @siteKey
            """,
            new { siteKey, parentKey, key, name, order, now = UnixTime.ToMilliseconds(clock.GetUtcNow()) });
    }
}
