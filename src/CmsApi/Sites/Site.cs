using CmsApi.Http;

namespace CmsApi.Sites;

/// <summary>One portal: its name, domains, owner, time zone and the filings its footer prints.</summary>
/// <param name="Key">Short key used in every path, e.g. <c>gzsjgdj</c>.</param>
/// <param name="Name">Display name, e.g. 广州市直属机关党建网.</param>
/// <param name="Domains">Host names the site is served from, Chinese ones in Chinese (广州市人民政府.政务); the first is the main one.</param>
/// <param name="Sponsor">主办单位.</param>
/// <param name="Organiser">承办单位, when another body runs the site.</param>
/// <param name="Contact">Contact details printed in the footer, if any.</param>
/// <param name="TimeZone">IANA time zone of the site; times are answered in it.</param>
/// <param name="Copyright">Copyright holder, notice, start year and the site's own copyright line, if it has one.</param>
/// <param name="IcpFiling">ICP备案号 in canonical form.</param>
/// <param name="IcpLicence">ICP证 (licence) number in canonical form.</param>
/// <param name="PublicSecurityFiling">公安联网备案号 in canonical form.</param>
/// <param name="SiteCode">网站标识码 (government site code).</param>
/// <param name="ReviewSteps">审核: how many approvals, by different keys, an article needs before it may be published
/// (先审后发; 3 for 三审: 初审, 复审, 终审); 0 publishes without review.</param>
/// <param name="IndexNumberFormat">How a 政府信息公开 document published without a 索引号 is given one, e.g.
/// <c>000014349/{year}-{seq:5}</c>; null when the site numbers them by hand.</param>
/// <param name="Version">Increases with every change; the ETag (a compressed answer's adds its coding: <c>"3-br"</c>).</param>
/// <param name="CreatedAt">When the site was created, in its time zone.</param>
/// <param name="UpdatedAt">When the site last changed, in its time zone.</param>
public sealed record Site(
    string Key,
    string Name,
    IReadOnlyList<string> Domains,
    string Sponsor,
    string? Organiser,
    SiteContact? Contact,
    string TimeZone,
    SiteCopyright Copyright,
    string? IcpFiling,
    string? IcpLicence,
    string? PublicSecurityFiling,
    string? SiteCode,
    int ReviewSteps,
    string? IndexNumberFormat,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The ASCII form of a host name (Chinese labels in punycode: 政务 is <c>xn--zfr164b</c>), the form browsers send in
    /// <c>Origin</c>; null when it is no host name.
    /// </summary>
    public static string? AsciiHost(string domain)
    {
        try
        {
            return new System.Globalization.IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A host name as stored and shown: lower case, Chinese labels in Chinese even when sent as punycode.</summary>
    public static string ShownHost(string domain) =>
        new System.Globalization.IdnMapping().GetUnicode(AsciiHost(domain.Trim()) ?? domain.Trim()).ToLowerInvariant();
}

/// <param name="Holder">版权所有者, e.g. 中共广州市直属机关工作委员会.</param>
/// <param name="Notice">Notice printed after the holder, e.g. 版权所有,未经书面授权禁止使用.</param>
/// <param name="StartYear">First year of the copyright line.</param>
/// <param name="Line">The site's own copyright line; when null the footer prints <c>Copyright © {startYear} by {domain}. All rights reserved</c>.</param>
public sealed record SiteCopyright(string? Holder, string? Notice, int? StartYear, string? Line);

/// <summary>Contact details printed in the footer.</summary>
/// <param name="Phone">联系电话: up to 50 characters.</param>
/// <param name="Email">An e-mail address.</param>
/// <param name="Address">地址: up to 200 characters.</param>
public sealed record SiteContact(string? Phone, string? Email, string? Address);

/// <summary>What a client sends to create or replace a site. Filing numbers may be in any form real footers print; they are stored canonical.</summary>
/// <param name="Key">Short key used in every path: 2–32 lowercase letters, digits and '-', starting with a letter or digit (e.g.
/// <c>gzsjgdj</c>). Required; a replace may not change it.</param>
/// <param name="Name">Display name: 1–100 characters. Required.</param>
/// <param name="Domains">Host names the site is served from (1–20; Chinese names count, e.g. 广州市人民政府.政务); the first is
/// the main one. Its pages' origins may call the public routes from a browser.</param>
/// <param name="Sponsor">主办单位: 1–100 characters. Required.</param>
/// <param name="Organiser">承办单位, when another body runs the site: up to 100 characters.</param>
/// <param name="Contact">Contact details printed in the footer.</param>
/// <param name="TimeZone">IANA time zone (default Asia/Shanghai); times are answered in it.</param>
/// <param name="Copyright">Copyright holder (required), notice, start year and the site's own copyright line.</param>
/// <param name="IcpFiling">ICP备案号, e.g. 粤ICP备14006357号-1, in any form footers print it.</param>
/// <param name="IcpLicence">ICP证 (licence) number, e.g. 京ICP证030173号.</param>
/// <param name="PublicSecurityFiling">公安联网备案号, e.g. 粤公网安备 44010402000201号 (its first two digits are the province's code).</param>
/// <param name="SiteCode">网站标识码 (government site code): 10 digits, or bm + 8 digits (e.g. 4401000001).</param>
/// <param name="ReviewSteps">审核 (先审后发): 0 to 3 approvals, by different keys with content:review, before an article may
/// be published; 0 (the default of a new site) publishes without review. Left out of a replace, it stays as it is, so
/// that a script that knows nothing of review never turns it off. With review on, a published article's content
/// changes only through a revision (修改稿).</param>
/// <param name="IndexNumberFormat">索引号 assigned by the site: a 政府信息公开 document (an article with a disclosure) that is
/// published without an indexNumber is given the next one of its year, e.g. <c>000014349/{year}-{seq:5}</c> gives
/// 000014349/2022-00028 after 000014349/2022-00027 (numbers written by hand count). <c>{seq}</c>, or <c>{seq:N}</c>
/// padded to N digits (1–10), once; <c>{year}</c>, the year of its 发布时间, at most once; up to 100 characters. Left out
/// of a replace, it stays as it is; <c>""</c> removes it (documents are then numbered by hand).</param>
public sealed record SiteInput(
    string? Key,
    string? Name,
    IReadOnlyList<string>? Domains,
    string? Sponsor,
    string? Organiser,
    SiteContact? Contact,
    string? TimeZone,
    SiteCopyright? Copyright,
    string? IcpFiling,
    string? IcpLicence,
    string? PublicSecurityFiling,
    string? SiteCode,
    int? ReviewSteps = null,
    string? IndexNumberFormat = null)
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>What a replace would send to leave <paramref name="site"/> as it is: what a merge patch is merged into.</summary>
    public static SiteInput From(Site site) => new(site.Key, site.Name, site.Domains, site.Sponsor, site.Organiser, site.Contact,
        site.TimeZone, site.Copyright, site.IcpFiling, site.IcpLicence, site.PublicSecurityFiling, site.SiteCode, site.ReviewSteps,
        site.IndexNumberFormat);

    /// <summary>Trimmed, canonical filings, the default time zone filled in. Call after validation.</summary>
    public SiteInput Normalized() => this with
    {
        Key = Key?.Trim(),
        Name = Name?.Trim(),
        Domains = Domains?.Select(Site.ShownHost).Distinct().ToList(),
        Sponsor = Sponsor?.Trim(),
        Organiser = TextRules.Blank(Organiser),
        Contact = Contact is null ? null : new SiteContact(TextRules.Blank(Contact.Phone), TextRules.Blank(Contact.Email), TextRules.Blank(Contact.Address)),
        TimeZone = TextRules.Blank(TimeZone) is { } zone ? SiteTimeZone.Canonical(zone) : DefaultTimeZone,
        Copyright = Copyright is null ? null : Copyright with
        {
            Holder = Copyright.Holder?.Trim(),
            Notice = TextRules.Blank(Copyright.Notice),
            Line = TextRules.Blank(Copyright.Line),
        },
        IcpFiling = Filings.Icp(IcpFiling),
        IcpLicence = Filings.IcpLicence(IcpLicence),
        PublicSecurityFiling = Filings.PublicSecurity(PublicSecurityFiling),
        SiteCode = Filings.SiteCode(SiteCode),
        IndexNumberFormat = IndexNumberFormat?.Trim(), // "" stays: it clears the format, where null leaves it
    };
}

/// <summary>The sites of this deployment.</summary>
/// <param name="Items">Every site, by key.</param>
public sealed record SiteList(IReadOnlyList<Site> Items);
