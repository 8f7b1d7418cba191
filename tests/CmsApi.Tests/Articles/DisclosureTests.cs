using CmsApi.Articles;

namespace CmsApi.Tests.Articles;

public sealed class DisclosureTests
{
    [Theory]
    [InlineData("国办发〔2022〕15号", "国办发〔2022〕15号")]
    [InlineData("国办发[2022]15号", "国办发〔2022〕15号")]
    [InlineData("国办发［２０２２］15号", "国办发〔2022〕15号")]
    [InlineData("粤府办（2022）3号", "粤府办〔2022〕3号")]
    [InlineData("穗环【 2021 】8号", "穗环〔2021〕8号")]
    [InlineData("京政发﹝2020﹞1号", "京政发〔2020〕1号")]
    [InlineData("国务院令第752号", "国务院令第752号")] // a 令 has no year and keeps its 第
    [InlineData("某发(22)5号", "某发(22)5号")] // not a whole year: left as written
    [InlineData("（一）2022年第3号", "（一）2022年第3号")]
    public void A_document_numbers_year_is_put_in_the_brackets_of_GB_T_9704(string sent, string stored) =>
        Assert.Equal(stored, Disclosure.StandardDocumentNumber(sent));

    [Fact]
    public void A_disclosure_with_nothing_in_it_is_none() =>
        Assert.Null(new Disclosure(" ", "", null, null, "\t", null).Normalized());
}
