using System.Globalization;
using System.Text.RegularExpressions;
using CmsApi.Http;

namespace CmsApi.Articles;

/// <summary>
/// 政府信息公开: the fields a government body's disclosure catalogue shows above a document, in the order it prints them
/// (索引号 主题分类 / 发文机关 成文日期 / 发文字号 有效性). An article carries them when it is such a document.
/// </summary>
/// <param name="IndexNumber">索引号, e.g. 000014349/2022-00028: one document's in its site (another article's is a 409,
/// index_number_taken; a 修改稿 has its article's). With the site's indexNumberFormat, one is given on publishing.</param>
/// <param name="Subject">主题分类, e.g. 科技、教育\科技.</param>
/// <param name="IssuingAgency">发文机关 (发文机构), e.g. 国务院办公厅.</param>
/// <param name="WrittenOn">成文日期: the date the document was signed, which is often days before its 发布时间.</param>
/// <param name="DocumentNumber">发文字号 as GB/T 9704-2012 prints it, the year in 〔〕: 国办发〔2022〕15号. A year sent in
/// other brackets ([2022], （2022）, 【2022】) is stored in 〔〕.</param>
/// <param name="Validity">有效性, e.g. 有效, 失效 or 废止.</param>
public sealed partial record Disclosure(
    string? IndexNumber, string? Subject, string? IssuingAgency, DateOnly? WrittenOn, string? DocumentNumber, string? Validity)
{
    public static readonly DateOnly EarliestWrittenOn = new(1900, 1, 1);
    public static readonly DateOnly LatestWrittenOn = new(2100, 12, 31);

    /// <summary>Trimmed, empty text as null, the 发文字号's year in 〔〕; null when nothing is left.</summary>
    public Disclosure? Normalized()
    {
        var normalized = new Disclosure(TextRules.Blank(IndexNumber), TextRules.Blank(Subject), TextRules.Blank(IssuingAgency),
            WrittenOn, TextRules.Blank(DocumentNumber) is { } number ? StandardDocumentNumber(number) : null, TextRules.Blank(Validity));
        return normalized == new Disclosure(null, null, null, null, null, null) ? null : normalized;
    }

    /// <summary>The fields that have a value, each with the name the catalogue prints (索引号, 成文日期 as 2022年05月12日…).</summary>
    public IEnumerable<(string Name, string Value)> Fields()
    {
        (string, string?)[] fields =
        [
            ("索引号", IndexNumber), ("主题分类", Subject), ("发文机关", IssuingAgency),
            ("成文日期", WrittenOn?.ToString("yyyy年MM月dd日", CultureInfo.InvariantCulture)), ("发文字号", DocumentNumber), ("有效性", Validity),
        ];
        return fields.Where(field => field.Item2 is not null).Select(field => (field.Item1, field.Item2!));
    }

    /// <summary>
    /// 国办发[2022]15号, 国办发（２０２２）15号 and 国办发【2022】15号 as GB/T 9704-2012 prints them: 国办发〔2022〕15号. Only a
    /// four-digit year in brackets changes; the rest is kept as written (a 令 keeps its 第: 国务院令第752号).
    /// </summary>
    public static string StandardDocumentNumber(string number) =>
        BracketedYear().Replace(number, match => "〔" + string.Concat(match.Groups[1].Value.Select(AsciiDigit)) + "〕");

    private static char AsciiDigit(char digit) => digit is >= '０' and <= '９' ? (char)('0' + (digit - '０')) : digit;

    [GeneratedRegex(@"[\[［【〖（(〔﹝]\s*([0-9０-９]{4})\s*[\]］】〗）)〕﹞]")]
    private static partial Regex BracketedYear();
}
