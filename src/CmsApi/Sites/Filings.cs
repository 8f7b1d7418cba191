using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace CmsApi.Sites;

/// <summary>
/// Which registration a footer filing is: <c>icp</c> (ICP备案号, e.g. 粤ICP备14006357号), <c>icpLicence</c> (ICP经营许可证,
/// 粤ICP证…号) or <c>publicSecurity</c> (公安联网备案号, 粤公网安备…号). Each comes with its official query link.
/// </summary>
public enum FilingKind
{
    Icp,
    IcpLicence,
    PublicSecurity,
}

/// <summary>
/// The registration numbers a Chinese site must print in its footer: ICP filing (ICP备案号), ICP licence (ICP证),
/// public-security filing (公安联网备案号) and government site code (网站标识码). Each parser accepts what real
/// footers print (full-width digits, odd spaces, 粤 or its variants) and answers the canonical form, or null.
/// </summary>
public static partial class Filings
{
    /// <summary>Province-level abbreviation → first two digits of its administrative division codes (GB/T 2260).</summary>
    public static readonly FrozenDictionary<char, string> Provinces = new Dictionary<char, string>
    {
        ['京'] = "11", ['津'] = "12", ['冀'] = "13", ['晋'] = "14", ['蒙'] = "15",
        ['辽'] = "21", ['吉'] = "22", ['黑'] = "23",
        ['沪'] = "31", ['苏'] = "32", ['浙'] = "33", ['皖'] = "34", ['闽'] = "35", ['赣'] = "36", ['鲁'] = "37",
        ['豫'] = "41", ['鄂'] = "42", ['湘'] = "43", ['粤'] = "44", ['桂'] = "45", ['琼'] = "46",
        ['渝'] = "50", ['川'] = "51", ['蜀'] = "51", ['贵'] = "52", ['黔'] = "52", ['云'] = "53", ['滇'] = "53", ['藏'] = "54",
        ['陕'] = "61", ['秦'] = "61", ['甘'] = "62", ['陇'] = "62", ['青'] = "63", ['宁'] = "64", ['新'] = "65",
    }.ToFrozenDictionary();

    public const string IcpForm = "a province abbreviation + ICP备 + 6 to 10 digits + 号, optionally -N (e.g. 粤ICP备14006357号, 湘ICP备2026037508号-1)";
    public const string IcpLicenceForm = "a province abbreviation + ICP证 + 6 digits + 号 (e.g. 京ICP证030173号)";
    public const string PublicSecurityForm = "a province abbreviation + 公网安备 + 14 digits + 号 whose first two digits are the province's code (e.g. 粤公网安备 44010402000201号)";
    public const string SiteCodeForm = "10 digits, or bm + 8 digits (e.g. 4401000001, bm09000001)";

    public static string? Icp(string? input)
    {
        var match = IcpPattern().Match(Compact(input));
        return match.Success ? $"{match.Groups["p"].Value}ICP备{match.Groups["d"].Value}号{match.Groups["n"].Value}" : null;
    }

    public static string? IcpLicence(string? input)
    {
        var match = IcpLicencePattern().Match(Compact(input));
        return match.Success ? $"{match.Groups["p"].Value}ICP证{match.Groups["d"].Value}号" : null;
    }

    /// <summary>Canonical form keeps one space before the digits, as the Ministry of Public Security issues it.</summary>
    public static string? PublicSecurity(string? input)
    {
        var match = PublicSecurityPattern().Match(Compact(input));
        if (!match.Success)
        {
            return null;
        }
        var province = match.Groups["p"].Value[0];
        var digits = match.Groups["d"].Value;
        return digits.StartsWith(Provinces[province], StringComparison.Ordinal) ? $"{province}公网安备 {digits}号" : null;
    }

    /// <summary>Why a public-security number that has the right shape is still wrong, for a precise field error.</summary>
    public static string? PublicSecurityProvinceMismatch(string? input)
    {
        var match = PublicSecurityPattern().Match(Compact(input));
        if (!match.Success)
        {
            return null;
        }
        var province = match.Groups["p"].Value[0];
        var digits = match.Groups["d"].Value;
        if (digits.StartsWith(Provinces[province], StringComparison.Ordinal))
        {
            return null;
        }
        var owner = Provinces.Where(p => p.Value == digits[..2]).Select(p => p.Key.ToString()).FirstOrDefault();
        return owner is null
            ? $"{digits[..2]} is not a province code; a {province} number starts with {Provinces[province]}."
            : $"The division code {digits[..6]} belongs to {owner}, not {province}; a {province} number starts with {Provinces[province]}.";
    }

    /// <summary>The 14 digits that the public-security query link takes.</summary>
    public static string PublicSecurityDigits(string canonical) => DigitsPattern().Match(canonical).Value;

    public static string? SiteCode(string? input)
    {
        var compact = Compact(input).ToLowerInvariant();
        return SiteCodePattern().IsMatch(compact) ? compact : null;
    }

    public static string QueryUrl(FilingKind kind, string canonical) => kind switch
    {
        FilingKind.Icp => "https://beian.miit.gov.cn/",
        FilingKind.IcpLicence => "https://tsm.miit.gov.cn/",
        FilingKind.PublicSecurity => $"https://beian.mps.gov.cn/#/query/webSearch?code={PublicSecurityDigits(canonical)}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>NFKC folds full-width digits, letters and hyphens to ASCII; footers also scatter spaces (U+00A0, U+3000) anywhere.</summary>
    private static string Compact(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }
        var folded = input.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Every province-level abbreviation, for building patterns that find filings inside longer text.</summary>
    public const string Abbreviations = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新";

    [GeneratedRegex($"^(?<p>[{Abbreviations}])(?i:ICP)备(?<d>[0-9]{{6,10}})号(?<n>-[1-9][0-9]{{0,3}})?$")]
    private static partial Regex IcpPattern();

    [GeneratedRegex($"^(?<p>[{Abbreviations}])(?i:ICP)证(?<d>[0-9]{{6}})号$")]
    private static partial Regex IcpLicencePattern();

    [GeneratedRegex($"^(?<p>[{Abbreviations}])公网安备(?<d>[0-9]{{14}})号$")]
    private static partial Regex PublicSecurityPattern();

    [GeneratedRegex("^([0-9]{10}|bm[0-9]{8})$")]
    private static partial Regex SiteCodePattern();

    [GeneratedRegex("[0-9]{14}")]
    private static partial Regex DigitsPattern();
}
