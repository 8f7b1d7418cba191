using CmsApi.Sites;

namespace CmsApi.Tests.Sites;

public sealed class FilingsTests
{
    /// <summary>What real footers print, and the canonical form it is stored in.</summary>
    [Theory]
    [InlineData("粤ICP备14006357号", "粤ICP备14006357号")]
    [InlineData("湘ICP备2026037508号-1", "湘ICP备2026037508号-1")]
    [InlineData("京ICP备123456号", "京ICP备123456号")]
    [InlineData("粤ＩＣＰ备１４００６３５７号", "粤ICP备14006357号")]
    [InlineData("  粤ICP备 14006357号 ", "粤ICP备14006357号")]
    [InlineData("粤icp备14006357号－2", "粤ICP备14006357号-2")]
    [InlineData("蜀ICP备12345678号", "蜀ICP备12345678号")]
    [InlineData("黔ICP备12345678号", "黔ICP备12345678号")]
    [InlineData("陇ICP备12345678号", "陇ICP备12345678号")]
    [InlineData("滇ICP备12345678号", "滇ICP备12345678号")]
    [InlineData("秦ICP备12345678号", "秦ICP备12345678号")]
    public void Icp_filings_are_accepted_and_canonical(string input, string canonical) =>
        Assert.Equal(canonical, Filings.Icp(input));

    [Theory]
    [InlineData("粤公网安备 44010402000201号", "粤公网安备 44010402000201号")]
    [InlineData("粤公网安备44010402000201号", "粤公网安备 44010402000201号")]
    [InlineData("粤公网安备\u00a044010402000201号", "粤公网安备 44010402000201号")]
    [InlineData("粤公网安备\u3000４４０１０４０２０００２０１号", "粤公网安备 44010402000201号")]
    [InlineData("蜀公网安备 51010402000201号", "蜀公网安备 51010402000201号")]
    [InlineData("秦公网安备 61010402000201号", "秦公网安备 61010402000201号")]
    [InlineData("京公网安备 11010802020326号", "京公网安备 11010802020326号")]
    public void Public_security_filings_are_accepted_and_canonical(string input, string canonical) =>
        Assert.Equal(canonical, Filings.PublicSecurity(input));

    [Theory]
    [InlineData("京ICP证030173号", "京ICP证030173号")]
    [InlineData("京ICP证 030173号", "京ICP证030173号")]
    public void Icp_licences_are_accepted(string input, string canonical) =>
        Assert.Equal(canonical, Filings.IcpLicence(input));

    [Theory]
    [InlineData("4401000001", "4401000001")]
    [InlineData("BM09000001", "bm09000001")]
    [InlineData("bm09000001", "bm09000001")]
    public void Site_codes_are_accepted(string input, string canonical) =>
        Assert.Equal(canonical, Filings.SiteCode(input));

    [Fact]
    public void All_31_provinces_are_known_with_their_division_codes()
    {
        Assert.Equal(31, Filings.Provinces.Values.Distinct().Count());
        Assert.Equal("44", Filings.Provinces['粤']);
        Assert.Equal(Filings.Provinces['川'], Filings.Provinces['蜀']);
        Assert.Equal(Filings.Provinces['陕'], Filings.Provinces['秦']);
    }

    [Fact]
    public void Query_links_point_at_the_official_sites()
    {
        Assert.Equal("https://beian.miit.gov.cn/", Filings.QueryUrl(FilingKind.Icp, "粤ICP备14006357号"));
        Assert.Equal("https://beian.mps.gov.cn/#/query/webSearch?code=44010402000201",
            Filings.QueryUrl(FilingKind.PublicSecurity, "粤公网安备 44010402000201号"));
    }

    [Fact]
    public void A_province_mismatch_names_the_owner_of_the_division_code()
    {
        Assert.Null(Filings.PublicSecurity("京公网安备 44010402000201号"));
        Assert.Contains("belongs to 粤", Filings.PublicSecurityProvinceMismatch("京公网安备 44010402000201号"));
    }
}
