namespace CmsApi.Sites;

/// <summary>Everything a front end prints at the foot of a page, already in display form.</summary>
/// <param name="Copyright">Holder, notice and the copyright line.</param>
/// <param name="Filings">Each filing with its official query link, in display order.</param>
/// <param name="SiteCode">网站标识码, if the site has one.</param>
/// <param name="Sponsor">主办单位. A government site's footer must name it, with a way to reach the site (政府网站发展指引).</param>
/// <param name="Organiser">承办单位, when another body runs the site.</param>
/// <param name="Contact">Phone, email and address, when the site gives them.</param>
/// <param name="Lines">The footer's lines in display order, for front ends that print them as they come: the copyright,
/// the filings and the site code, as the sites' own pages print them; a footer that names the sponsor and contact prints
/// those fields too.</param>
public sealed record Footer(FooterCopyright Copyright, IReadOnlyList<Filing> Filings, string? SiteCode, string Sponsor,
    string? Organiser, SiteContact? Contact, IReadOnlyList<string> Lines)
{
    public static Footer For(Site site)
    {
        var copyright = new FooterCopyright(site.Copyright.Holder ?? "", site.Copyright.Notice, site.Copyright.Line ?? DefaultLine(site));
        var filings = new List<Filing>();
        if (site.PublicSecurityFiling is { } ps)
        {
            filings.Add(new Filing(FilingKind.PublicSecurity, ps, Sites.Filings.QueryUrl(FilingKind.PublicSecurity, ps)));
        }
        if (site.IcpFiling is { } icp)
        {
            filings.Add(new Filing(FilingKind.Icp, icp, Sites.Filings.QueryUrl(FilingKind.Icp, icp)));
        }
        if (site.IcpLicence is { } licence)
        {
            filings.Add(new Filing(FilingKind.IcpLicence, licence, Sites.Filings.QueryUrl(FilingKind.IcpLicence, licence)));
        }
        var lines = new List<string> { copyright.Holder + copyright.Notice, copyright.Line };
        lines.AddRange(filings.Select(f => f.Number));
        if (site.SiteCode is { } code)
        {
            lines.Add($"网站标识码：{code}");
        }
        return new Footer(copyright, filings, site.SiteCode, site.Sponsor, site.Organiser, site.Contact, lines);
    }

    private static string DefaultLine(Site site)
    {
        var year = site.Copyright.StartYear is { } y ? $" {y}" : "";
        var domain = site.Domains.Count > 0 ? $" by {site.Domains[0]}" : "";
        return $"Copyright ©{year}{domain}. All rights reserved";
    }
}

/// <param name="Holder">版权所有者.</param>
/// <param name="Notice">Notice printed after the holder.</param>
/// <param name="Line">The copyright line: the site's own wording or <c>Copyright © {year} by {domain}. All rights reserved</c>.</param>
public sealed record FooterCopyright(string Holder, string? Notice, string Line);

/// <param name="Kind">icp (ICP备案), icpLicence (ICP证) or publicSecurity (公安联网备案).</param>
/// <param name="Number">The number as printed, canonical.</param>
/// <param name="Url">The official page where the number can be checked.</param>
public sealed record Filing(FilingKind Kind, string Number, string Url);
