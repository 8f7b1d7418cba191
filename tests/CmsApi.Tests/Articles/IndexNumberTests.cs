using System.Net;
using CmsApi.Articles;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class IndexNumberFormatTests
{
    [Theory]
    [InlineData("000014349/{year}-{seq:5}", 2022, 28, "000014349/2022-00028")]
    [InlineData("11440100MB2C92238X/{year}-{seq:6}", 2023, 1, "11440100MB2C92238X/2023-000001")]
    [InlineData("{year}{seq:4}号", 2022, 12345, "202212345号")] // a number wider than its padding keeps its digits
    [InlineData("gzsjgdj-{seq}", 2022, 7, "gzsjgdj-7")] // no year: one count for all years
    public void A_format_renders_the_running_number_of_a_year(string template, int year, long sequence, string rendered)
    {
        var format = IndexNumberFormat.Parse(template)!;
        Assert.Equal(rendered, format.Render(year, sequence));
        Assert.Equal(sequence, format.SequenceOf(rendered, year));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("000014349/{year}")] // no running number
    [InlineData("{seq}-{seq}")]
    [InlineData("{year}-{year}-{seq}")]
    [InlineData("{seq:0}")]
    [InlineData("{seq:11}")]
    [InlineData("{seq:x}")]
    [InlineData("{机构}/{seq}")]
    [InlineData("{seq}}")]
    public void A_template_without_exactly_one_running_number_or_with_other_braces_is_no_format(string? template) =>
        Assert.Null(IndexNumberFormat.Parse(template));

    [Theory]
    [InlineData("000014349/2021-00028")] // another year
    [InlineData("000014349/2022-")]
    [InlineData("000014349/2022-0002A")]
    [InlineData("000014350/2022-00028")]
    public void Numbers_of_another_form_or_year_have_no_running_number_in_it(string indexNumber) =>
        Assert.Null(IndexNumberFormat.Parse("000014349/{year}-{seq:5}")!.SequenceOf(indexNumber, 2022));
}

public sealed class IndexNumberTestsOnSqlite(SqliteDatabase database) : IndexNumberTests(database), IClassFixture<SqliteDatabase>;

public sealed class IndexNumberTestsOnPostgres(PostgresDatabase database) : IndexNumberTests(database), IClassFixture<PostgresDatabase>;

/// <summary>索引号 given by the site: documents of 政府信息公开 numbered as they are published, by year, none twice.</summary>
public abstract class IndexNumberTests(TestDatabase database) : ApiTest(database)
{
    private const string Format = "000014349/{year}-{seq:5}";

    private static readonly DateTimeOffset In2022 = new(2022, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A document (an article with a disclosure) published at <paramref name="at"/>; answers its 索引号.</summary>
    private async Task<string?> PublishedDocumentAsync(string site, DateTimeOffset at, string? indexNumber = null, string? channel = null)
    {
        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = channel ?? "notices", title = $"关于印发某办法的通知 {at:O}", publishedAt = at,
            disclosure = new { indexNumber, issuingAgency = "市人民政府办公室" },
        })).Id();
        return (await ContentApi.PublishAsync(Admin, site, id))["disclosure"]!["indexNumber"]?.GetValue<string>();
    }

    [Fact]
    public async Task A_document_published_without_an_index_number_gets_the_next_of_its_year_and_none_is_given_twice()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        // numbered by hand before the site had a format: the count goes on after the highest
        Assert.Equal("000014349/2022-00027", await PublishedDocumentAsync(site, In2022, "000014349/2022-00027"));
        Assert.Null(await PublishedDocumentAsync(site, In2022)); // no format yet: by hand
        var patched = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = Format }, "*")).OkJsonAsync();
        Assert.Equal(Format, patched.Text("indexNumberFormat"));

        Assert.Equal("000014349/2022-00028", await PublishedDocumentAsync(site, In2022));
        Assert.Equal("000014349/2022-00030", await PublishedDocumentAsync(site, In2022, "000014349/2022-00030")); // by hand: kept
        Assert.Equal("000014349/2022-00029", await PublishedDocumentAsync(site, In2022.AddDays(1)));
        Assert.Equal("000014349/2022-00031", await PublishedDocumentAsync(site, In2022.AddDays(2))); // 30 is taken: passed over
        // the year of its 发布时间 in the site's time zone: 2023-01-01 00:30 in Beijing is still 2022 in UTC
        Assert.Equal("000014349/2023-00001", await PublishedDocumentAsync(site, new DateTimeOffset(2022, 12, 31, 16, 30, 0, TimeSpan.Zero)));

        // an article that is no document gets none; a draft gets none until published (a schedule publishes)
        var news = await ContentApi.PublishedAsync(Admin, site, "新闻", In2022);
        Assert.Null((await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{news}")).OkJsonAsync())["disclosure"]);
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "草稿", disclosure = new { validity = "有效" } })).Id();
        Assert.Null((await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{draft}")).OkJsonAsync())["disclosure"]!["indexNumber"]);
        var scheduled = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{draft}/schedule",
            new { publishedAt = App.Clock.GetUtcNow().AddDays(3) })).OkJsonAsync();
        Assert.Equal("000014349/2022-00032", scheduled["disclosure"]!.Text("indexNumber"));
        // the revision the publishing wrote says so
        var revision = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{draft}/revisions/{scheduled["version"]}")).OkJsonAsync();
        Assert.Equal("000014349/2022-00032", revision["article"]!["disclosure"]!.Text("indexNumber"));

        // a published document whose number is taken away gets the next one; another site counts on its own
        var replaced = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{draft}",
            new { disclosure = new { indexNumber = (string?)null } }, "*")).OkJsonAsync();
        Assert.Equal("000014349/2022-00033", replaced["disclosure"]!.Text("indexNumber"));
        var other = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{other}", new { indexNumberFormat = Format }, "*")).OkJsonAsync();
        Assert.Equal("000014349/2022-00001", await PublishedDocumentAsync(other, In2022));

        // the 信息公开目录 finds a document by its 索引号 (the public its published ones)
        async Task<string[]> FoundAsync(string indexNumber) =>
            (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?indexNumber={Uri.EscapeDataString(indexNumber)}")).OkJsonAsync())["items"]!
                .AsArray().Select(item => item!.Text("title")).ToArray();
        Assert.Single(await FoundAsync(" 000014349/2022-00029 "));
        Assert.Empty(await FoundAsync("000014349/2022-00033")); // scheduled: not public yet
        Assert.Empty(await FoundAsync("000014349/2022-00034"));

        // "" removes the format: documents are numbered by hand again
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = "" }, "*")).OkJsonAsync();
        Assert.Null(await PublishedDocumentAsync(site, In2022));
    }

    [Fact]
    public async Task Documents_published_at_the_same_moment_get_one_number_each()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = Format }, "*")).OkJsonAsync();
        var numbers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PublishedDocumentAsync(site, In2022)));
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"000014349/2022-{n:D5}"), numbers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_format_without_one_running_number_is_refused_and_the_site_left_as_it_was()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var (before, etag) = await Admin.ReadWithETagAsync($"/api/v1/sites/{site}");
        foreach (var format in new[] { "000014349/{year}", "{seq}-{seq}", "{seq:0}", "{机构代码}/{seq}", new string('0', 101) + "{seq}", "{seq}\u0007" })
        {
            var problem = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = format }, etag))
                .ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["indexNumberFormat"]);
        }
        Assert.Equal(before.ToJsonString(), (await (await Admin.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync()).ToJsonString());
    }
}
