using System.Collections.Frozen;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Sites;

/// <summary>Sites in SQL. The same statements run on SQLite and PostgreSQL.</summary>
public sealed class SiteStore(Database database, TimeProvider clock, Changes.ChangeLog log)
{
    private const string Columns =
        """
        id, key, name, domains, sponsor, organiser, contact_phone, contact_email, contact_address, time_zone,
        copyright_holder, copyright_notice, copyright_start_year, copyright_line,
        icp_filing, icp_licence, public_security_filing, site_code, review_steps, index_number_format, version, created_at, updated_at
        """;

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SiteRow>($"SELECT {Columns} FROM sites ORDER BY key");
        return rows.Select(r => r.ToSite()).ToList();
    }

    /// <summary>Whether any site exists: one row read, none mapped (the demo seeding asks it at every start-up).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sites)");
    }

    /// <summary>Which of these site keys exist.</summary>
    public async Task<IReadOnlySet<string>> ExistingAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>($"SELECT key FROM sites WHERE {database.AnyOf("key", "@keys")}", new { keys }))
            .ToHashSet(StringComparer.Ordinal);
    }

    public async Task<Site?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SiteRow>($"SELECT {Columns} FROM sites WHERE key = @key", new { key });
        return row?.ToSite();
    }

    /// <summary>Null when the key is taken.</summary>
    public async Task<Site?> CreateAsync(SiteInput input, CancellationToken cancellationToken)
    {
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SiteRow>(
            $"""
            INSERT INTO sites (key, name, domains, sponsor, organiser, contact_phone, contact_email, contact_address, time_zone,
                               copyright_holder, copyright_notice, copyright_start_year, copyright_line,
                               icp_filing, icp_licence, public_security_filing, site_code, review_steps, index_number_format,
                               version, created_at, updated_at)
            VALUES (@Key, @Name, @Domains, @Sponsor, @Organiser, @ContactPhone, @ContactEmail, @ContactAddress, @TimeZone,
                    @CopyrightHolder, @CopyrightNotice, @CopyrightStartYear, @CopyrightLine,
                    @IcpFiling, @IcpLicence, @PublicSecurityFiling, @SiteCode, COALESCE(@ReviewSteps, 0), NULLIF(@IndexNumberFormat, ''),
                    1, @now, @now)
            ON CONFLICT (key) DO NOTHING
            RETURNING {Columns}
            """,
            Parameters(input, now), write.Transaction);
        if (row is not null)
        {
            await log.CommitAsync(connection, write.Transaction, [new ContentChange(row.Key)], cancellationToken);
        }
        return row?.ToSite();
    }

    public enum UpdateOutcome { Updated, NotFound, Stale }

    /// <summary>
    /// Replaces every field when the stored version is still <paramref name="expectedVersion"/>, or whatever it is when
    /// that is null (<c>If-Match: *</c>).
    /// </summary>
    public async Task<(UpdateOutcome Outcome, Site? Site)> ReplaceAsync(string key, long? expectedVersion, SiteInput input, CancellationToken cancellationToken)
    {
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        var parameters = Parameters(input, now);
        parameters.Add("expected", expectedVersion, System.Data.DbType.Int64); // typed: PostgreSQL cannot tell a bare null's type
        parameters.Add("pathKey", key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var row = await connection.QuerySingleOrDefaultAsync<SiteRow>(
            $"""
            UPDATE sites SET name = @Name, domains = @Domains, sponsor = @Sponsor, organiser = @Organiser,
                   contact_phone = @ContactPhone, contact_email = @ContactEmail, contact_address = @ContactAddress,
                   time_zone = @TimeZone, copyright_holder = @CopyrightHolder, copyright_notice = @CopyrightNotice,
                   copyright_start_year = @CopyrightStartYear, copyright_line = @CopyrightLine,
                   icp_filing = @IcpFiling, icp_licence = @IcpLicence, public_security_filing = @PublicSecurityFiling,
                   site_code = @SiteCode, review_steps = COALESCE(@ReviewSteps, review_steps),
                   index_number_format = CASE WHEN @IndexNumberFormat IS NULL THEN index_number_format ELSE NULLIF(@IndexNumberFormat, '') END,
                   version = version + 1, updated_at = @now
            WHERE key = @pathKey AND (@expected IS NULL OR version = @expected)
            RETURNING {Columns}
            """,
            parameters, transaction);
        if (row is not null)
        {
            await log.CommitAsync(connection, transaction, [new ContentChange(key)], cancellationToken);
            return (UpdateOutcome.Updated, row.ToSite());
        }
        // Nothing updated: the site exists, so its version has moved on; or there is no such site.
        var stale = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sites WHERE key = @key", new { key }, transaction) > 0;
        return (stale ? UpdateOutcome.Stale : UpdateOutcome.NotFound, null);
    }

    /// <summary>Writes what an imported page's footer showed into the site, field by field where it showed one.</summary>
    public static Task<int> ApplyFooterAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        string key, Import.FooterReport footer, long now) =>
        connection.ExecuteAsync(
            """
            UPDATE sites SET copyright_holder = COALESCE(@CopyrightHolder, copyright_holder),
                   copyright_notice = COALESCE(@CopyrightNotice, copyright_notice),
                   copyright_line = COALESCE(@CopyrightLine, copyright_line),
                   copyright_start_year = COALESCE(@CopyrightStartYear, copyright_start_year),
                   icp_filing = COALESCE(@IcpFiling, icp_filing), icp_licence = COALESCE(@IcpLicence, icp_licence),
                   public_security_filing = COALESCE(@PublicSecurityFiling, public_security_filing),
                   site_code = COALESCE(@SiteCode, site_code), version = version + 1, updated_at = @now
            WHERE key = @key
            """,
            new
            {
                key, now, footer.CopyrightHolder, footer.CopyrightNotice, footer.CopyrightLine, footer.CopyrightStartYear,
                footer.IcpFiling, footer.IcpLicence, footer.PublicSecurityFiling, footer.SiteCode,
            },
            transaction);

    public enum DeleteOutcome { Deleted, NotFound, HasContent }

    /// <summary>A site with articles (trashed ones included) is kept; its channels go with it, and keys limited to it
    /// lose it.</summary>
    public async Task<DeleteOutcome> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        // Its channels go with it: a change to the channel tree, which no article or channel write may run beside.
        await Channels.ChannelStore.LockTreeAsync(database, connection, transaction, key);
        var deleted = await connection.ExecuteAsync(
            """
            DELETE FROM sites
            WHERE key = @key AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.site_id = sites.id)
            """,
            new { key }, transaction);
        if (deleted > 0)
        {
            await Auth.ApiKeyStore.ForgetSiteAsync(connection, transaction, key);
            await log.CommitAsync(connection, transaction, [new ContentChange(key)], cancellationToken);
            return DeleteOutcome.Deleted;
        }
        var exists = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sites WHERE key = @key", new { key }, transaction);
        return exists > 0 ? DeleteOutcome.HasContent : DeleteOutcome.NotFound;
    }

    private static DynamicParameters Parameters(SiteInput input, long now)
    {
        var parameters = new DynamicParameters(new
        {
            input.Key,
            input.Name,
            Domains = StoredJson.Write(input.Domains ?? []),
            input.Sponsor,
            input.Organiser,
            ContactPhone = input.Contact?.Phone,
            ContactEmail = input.Contact?.Email,
            ContactAddress = input.Contact?.Address,
            input.TimeZone,
            CopyrightHolder = input.Copyright?.Holder,
            CopyrightNotice = input.Copyright?.Notice,
            CopyrightStartYear = input.Copyright?.StartYear,
            CopyrightLine = input.Copyright?.Line,
            input.IcpFiling,
            input.IcpLicence,
            input.PublicSecurityFiling,
            input.SiteCode,
            input.ReviewSteps, // null: 0 for a new site, unchanged on a replace
            input.IndexNumberFormat, // null: none for a new site, unchanged on a replace; "": none
        });
        parameters.Add("now", now);
        return parameters;
    }

    private sealed class SiteRow
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Domains { get; init; } = "[]";
        public string Sponsor { get; init; } = "";
        public string? Organiser { get; init; }
        public string? ContactPhone { get; init; }
        public string? ContactEmail { get; init; }
        public string? ContactAddress { get; init; }
        public string TimeZone { get; init; } = SiteInput.DefaultTimeZone;
        public string CopyrightHolder { get; init; } = "";
        public string? CopyrightNotice { get; init; }
        public long? CopyrightStartYear { get; init; }
        public string? CopyrightLine { get; init; }
        public string? IcpFiling { get; init; }
        public string? IcpLicence { get; init; }
        public string? PublicSecurityFiling { get; init; }
        public string? SiteCode { get; init; }
        public long ReviewSteps { get; init; }
        public string? IndexNumberFormat { get; init; }
        public long Version { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public Site ToSite()
        {
            var zone = SiteTimeZone.Find(TimeZone);
            var contact = ContactPhone is null && ContactEmail is null && ContactAddress is null
                ? null
                : new SiteContact(ContactPhone, ContactEmail, ContactAddress);
            return new Site(Key, Name, StoredJson.Read<List<string>>(Domains), Sponsor, Organiser, contact, TimeZone,
                new SiteCopyright(CopyrightHolder, CopyrightNotice, (int?)CopyrightStartYear, CopyrightLine),
                IcpFiling, IcpLicence, PublicSecurityFiling, SiteCode, (int)ReviewSteps, IndexNumberFormat, Version,
                UnixTime.InZone(CreatedAt, zone), UnixTime.InZone(UpdatedAt, zone));
        }
    }
}

public static class SiteTimeZone
{
    /// <summary>
    /// The zone of a stored site (one stored in another case before ids were made exact is found too); a zone the OS no
    /// longer knows falls back to Beijing time rather than failing reads.
    /// </summary>
    public static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : TimeZoneInfo.FindSystemTimeZoneById(Canonical(id) ?? SiteInput.DefaultTimeZone);

    /// <summary>
    /// The zone's own id for one a client names, in any case (<c>asia/shanghai</c> → <c>Asia/Shanghai</c>), or null.
    /// Stored ids must be exact: the OS looks an id up ignoring case only once something has listed every zone, so
    /// <c>america/new_york</c> was accepted in one process and, after a restart, read as Beijing time.
    /// </summary>
    public static string? Canonical(string id)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.Id == id)
        {
            return id;
        }
        return AllZones.Value.TryGetValue(id, out var known) ? known : null;
    }

    // listing reads every zone file (tens of milliseconds), so only when an id is not exact
    private static readonly Lazy<FrozenDictionary<string, string>> AllZones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().ToFrozenDictionary(z => z.Id, z => z.Id, StringComparer.OrdinalIgnoreCase));

    /// <summary>Today's date in <paramref name="zone"/>.</summary>
    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    /// <summary>When <paramref name="day"/> starts in <paramref name="zone"/>, in Unix milliseconds.</summary>
    public static long StartOf(DateOnly day, TimeZoneInfo zone)
    {
        // in ticks, not as a DateTimeOffset: east of UTC the calendar's first day starts before the year 1 in UTC,
        // which a DateTimeOffset cannot hold (from=0001-01-01 was a 500)
        var local = day.ToDateTime(TimeOnly.MinValue);
        return (local.Ticks - zone.GetUtcOffset(local).Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>When <paramref name="day"/> ends in <paramref name="zone"/> (the next day's start), in Unix milliseconds.</summary>
    public static long EndOf(DateOnly day, TimeZoneInfo zone) =>
        day == DateOnly.MaxValue
            ? StartOf(day, zone) + (long)TimeSpan.FromDays(1).TotalMilliseconds // 9999-12-31 has no next day to start
            : StartOf(day.AddDays(1), zone);
}
