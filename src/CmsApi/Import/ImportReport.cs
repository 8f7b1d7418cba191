namespace CmsApi.Import;

/// <summary>What the importer recognised on a page, and what it could not place.</summary>
/// <param name="HeaderDate">The page-header date line (the day the page was viewed): recognised and dropped.</param>
/// <param name="Title">The title line.</param>
/// <param name="Subtitle">The subtitle line (the dash is punctuation, not content).</param>
/// <param name="MetaLine">The publish line.</param>
/// <param name="Catalogue">The 政府信息公开 catalogue's lines (索引号, 主题分类, 发文机关, 成文日期, 发文字号, 有效性), above the title
/// or under the publish line, and a 发文字号 printed on its own line under the title.</param>
/// <param name="PublishedAt">Publish time read from the publish line, as Beijing time.</param>
/// <param name="Source">来源.</param>
/// <param name="Author">作者.</param>
/// <param name="ViewCount">浏览次数: becomes the article's starting count.</param>
/// <param name="Sections">How many sections of each level were found (the body's <c>numbering</c> says what each level is).</param>
/// <param name="Closing">Lines read as the body's closing: the attachment note, the issuer's signature, the date and the
/// notes after it (GB/T 9704), then any lines between the editor line and the footer.</param>
/// <param name="Editor">The responsible-editor line.</param>
/// <param name="Footer">Copyright and filings found in the footer.</param>
/// <param name="Warnings">Lines the importer could not place, or placed with a guess.</param>
public sealed record ImportReport(
    RecognisedLine? HeaderDate, RecognisedLine? Title, RecognisedLine? Subtitle, RecognisedLine? MetaLine,
    IReadOnlyList<RecognisedLine> Catalogue, DateTimeOffset? PublishedAt, string? Source, string? Author, long? ViewCount, SectionCounts Sections,
    IReadOnlyList<RecognisedLine> Closing, RecognisedLine? Editor, FooterReport Footer, IReadOnlyList<ImportWarning> Warnings);

/// <param name="Line">1-based line number in the page text.</param>
/// <param name="Text">The line as read.</param>
public sealed record RecognisedLine(int Line, string Text);

/// <summary>Sections found at each depth of the body: in a document 一、, （一）, 1. and （1）; in a regulation the parts
/// from the top down (第一编, 第一章, 第一节, 第一条, （一）, 1.; a regulation without 编 starts at 第一章, one without
/// chapters at 第一条).</summary>
/// <param name="Level1">一、 sections; a regulation's top parts.</param>
/// <param name="Level2">（一） sections; a regulation's second level.</param>
/// <param name="Level3">1. sections; a regulation's third level.</param>
/// <param name="Level4">（1） sections; a regulation's fourth level.</param>
/// <param name="Level5">None in a document; a regulation's fifth level (目 1. under 项 in 条 of 节).</param>
/// <param name="Level6">None in a document; a regulation's sixth level (目 under 项 in 条 of 节 of 章 of 编).</param>
public sealed record SectionCounts(int Level1, int Level2, int Level3, int Level4, int Level5, int Level6);

/// <param name="Line">1-based line number.</param>
/// <param name="Message">What happened to the line.</param>
public sealed record ImportWarning(int Line, string Message);

/// <summary>The footer of the page, read into the site's terms; applied to the site with <c>applyFooter=true</c>.</summary>
/// <param name="CopyrightHolder">Text before 版权所有.</param>
/// <param name="CopyrightNotice">版权所有 and what follows it.</param>
/// <param name="CopyrightLine">The "Copyright © …" line as printed.</param>
/// <param name="CopyrightStartYear">The year in the copyright line.</param>
/// <param name="IcpFiling">ICP备案号, canonical.</param>
/// <param name="IcpLicence">ICP证, canonical.</param>
/// <param name="PublicSecurityFiling">公安联网备案号, canonical.</param>
/// <param name="SiteCode">网站标识码.</param>
/// <param name="AppliedToSite">True when these were written to the site.</param>
public sealed record FooterReport(
    string? CopyrightHolder, string? CopyrightNotice, string? CopyrightLine, int? CopyrightStartYear,
    string? IcpFiling, string? IcpLicence, string? PublicSecurityFiling, string? SiteCode, bool AppliedToSite = false)
{
    [System.Text.Json.Serialization.JsonIgnore] // how the importer decides, not part of the report
    public bool IsEmpty => CopyrightHolder is null && CopyrightLine is null && IcpFiling is null && IcpLicence is null &&
                           PublicSecurityFiling is null && SiteCode is null;
}
