using System.Security.Cryptography;
using System.Text;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Auth;

/// <summary>
/// API keys are stored only as SHA-256 hashes (keys are long random strings, so a fast hash is enough and a lookup
/// by hash reveals nothing), next to a short public prefix that identifies a key in lists and logs.
/// </summary>
public sealed class ApiKeyStore(Database database, TimeProvider clock)
{
    public sealed record StoredKey(long Id, string Name, string Prefix, string Scopes, string? Sites, long? ExpiresAt, long? RevokedAt);

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key presented, if it exists, is not revoked and has not expired.</summary>
    public async Task<StoredKey?> FindActiveAsync(string presentedKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var key = await connection.QuerySingleOrDefaultAsync<StoredKey>(
            """
            SELECT id, name, prefix, scopes, sites, expires_at, revoked_at
            FROM api_keys
            WHERE key_hash = @hash
            """,
            new { hash = Hash(presentedKey) });
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        return key is null || key.RevokedAt is not null || key.ExpiresAt <= now ? null : key;
    }

    public const string BootstrapPrefix = "bootstrap";

    /// <summary>Makes <paramref name="key"/> the bootstrap admin key, or removes that key when null.</summary>
    public async Task SetBootstrapKeyAsync(string? key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (key is null)
        {
            await connection.ExecuteAsync("DELETE FROM api_keys WHERE prefix = @prefix", new { prefix = BootstrapPrefix });
            return;
        }
        // Instances starting together all run this: insert when absent (whichever unique index conflicts), then set.
        await connection.ExecuteAsync(
            """
            INSERT INTO api_keys (name, prefix, key_hash, scopes, sites, created_at)
            VALUES ('Bootstrap admin key (CMS_BOOTSTRAP_ADMIN_KEY)', @prefix, @hash, @scopes, NULL, @now)
            ON CONFLICT DO NOTHING;
            UPDATE api_keys SET key_hash = @hash, scopes = @scopes, revoked_at = NULL, expires_at = NULL WHERE prefix = @prefix;
            """,
            new
            {
                prefix = BootstrapPrefix,
                hash = Hash(key),
                scopes = string.Join(' ', Scopes.All),
                now = UnixTime.ToMilliseconds(clock.GetUtcNow()),
            });
    }
}
