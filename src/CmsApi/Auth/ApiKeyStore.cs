using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Auth;

/// <summary>
/// API keys: <c>cms_{prefix}_{secret}</c> with a 10-character public prefix (to find the key, and to name it in lists
/// and logs) and a 256-bit secret. Only a SHA-256 hash of the whole key is stored (the secret is random, so a fast hash
/// suffices); the presented key's hash is compared with it in constant time. Every request reads the key, so an
/// expiry or a revocation takes effect on the next request, on every instance.
/// </summary>
public sealed partial class ApiKeyStore(Database database, TimeProvider clock)
{
    public sealed record StoredKey(long Id, string Name, string Prefix, string KeyHash, string Scopes, string? Sites,
        long CreatedAt, long? ExpiresAt, long? RevokedAt);

    public const string BootstrapPrefix = "bootstrap";

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new key: the text to hand out once, and its public prefix.</summary>
    public static (string Key, string Prefix) Generate()
    {
        var prefix = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
        return ($"cms_{prefix}_{Base64UrlSecret()}", prefix);
    }

    private static string Base64UrlSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key presented, if it exists, is not revoked and has not expired.</summary>
    public async Task<StoredKey?> FindActiveAsync(string presentedKey, CancellationToken cancellationToken)
    {
        var match = KeyPattern().Match(presentedKey);
        var prefix = match.Success ? match.Groups["prefix"].Value : BootstrapPrefix;
        // A prepared point read, as an article's: compiling the statement for every keyed request cost more than running it.
        var key = await database.QuerySingleOrDefaultAsync<StoredKey>(
            """
            SELECT id, name, prefix, key_hash, scopes, sites, created_at, expires_at, revoked_at
            FROM api_keys WHERE prefix = @prefix
            """,
            new Dictionary<string, object?> { ["prefix"] = prefix }, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Hash(presentedKey)), Encoding.ASCII.GetBytes(key.KeyHash)))
        {
            return null;
        }
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        return key.RevokedAt is not null || key.ExpiresAt <= now ? null : key;
    }

    public Task<StoredKey> CreateAsync(string name, string prefix, string key, IReadOnlyList<string> scopes,
        IReadOnlyList<string>? sites, long? expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.QuerySingleAsync<StoredKey>(
            """
            INSERT INTO api_keys (name, prefix, key_hash, scopes, sites, created_at, expires_at)
            VALUES (@name, @prefix, @hash, @scopes, @sites, @now, @expiresAt)
            RETURNING id, name, prefix, key_hash, scopes, sites, created_at, expires_at, revoked_at
            """,
            new
            {
                name, prefix, hash = Hash(key), scopes = string.Join(' ', scopes),
                sites = sites is null ? null : StoredJson.Write(sites), now = UnixTime.ToMilliseconds(clock.GetUtcNow()), expiresAt,
            },
            transaction), cancellationToken);

    public async Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StoredKey>(
            "SELECT id, name, prefix, key_hash, scopes, sites, created_at, expires_at, revoked_at FROM api_keys ORDER BY id")).ToList();
    }

    /// <summary>Revokes the key with this prefix; false when there is none. Revoking twice is harmless.</summary>
    public async Task<bool> RevokeAsync(string prefix, CancellationToken cancellationToken) =>
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE prefix = @prefix",
            new { prefix, now = UnixTime.ToMilliseconds(clock.GetUtcNow()) }, transaction), cancellationToken) > 0;

    /// <summary>
    /// Takes a deleted site out of every key limited to it, in the deletion's transaction. Otherwise a key made for the
    /// old site would act on a new site given the same key later, by someone else. A key left with no sites acts
    /// nowhere (an empty list is not "all sites").
    /// </summary>
    public static async Task ForgetSiteAsync(DbConnection connection, DbTransaction transaction, string siteKey)
    {
        var limited = await connection.QueryAsync<(long Id, string Sites)>(
            "SELECT id, sites FROM api_keys WHERE sites IS NOT NULL", transaction: transaction);
        foreach (var (id, sites) in limited)
        {
            var list = StoredJson.Read<List<string>>(sites);
            if (list.Remove(siteKey))
            {
                await connection.ExecuteAsync("UPDATE api_keys SET sites = @sites WHERE id = @id",
                    new { id, sites = StoredJson.Write(list) }, transaction);
            }
        }
    }

    /// <summary>Makes <paramref name="key"/> the bootstrap admin key, or removes that key when null.</summary>
    public Task SetBootstrapKeyAsync(string? key, CancellationToken cancellationToken) =>
        // Instances starting together all run this: insert when absent (whichever unique index conflicts), then set.
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(key is null
                ? "DELETE FROM api_keys WHERE prefix = @prefix"
                : """
                  INSERT INTO api_keys (name, prefix, key_hash, scopes, sites, created_at)
                  VALUES ('Bootstrap admin key (CMS_BOOTSTRAP_ADMIN_KEY)', @prefix, @hash, @scopes, NULL, @now)
                  ON CONFLICT DO NOTHING;
                  UPDATE api_keys SET key_hash = @hash, scopes = @scopes, sites = NULL, revoked_at = NULL, expires_at = NULL
                  WHERE prefix = @prefix;
                  """,
            new
            {
                prefix = BootstrapPrefix,
                hash = key is null ? null : Hash(key),
                scopes = string.Join(' ', Scopes.All),
                now = UnixTime.ToMilliseconds(clock.GetUtcNow()),
            },
            transaction), cancellationToken);

    [GeneratedRegex("^cms_(?<prefix>[a-z0-9]{10})_[A-Za-z0-9_-]{43}$")]
    private static partial Regex KeyPattern();
}
