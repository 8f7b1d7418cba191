using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using CmsApi.Articles;
using CmsApi.Data;
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
    public async Task A_number_typed_by_hand_names_one_document_and_is_refused_for_another()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        const string Number = "000014349/2022-00028";
        const string Fixed = "000014349/2022-00030";
        var document = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "notices", title = "关于印发某办法的通知", publishedAt = In2022, disclosure = new { indexNumber = Number, validity = "有效" },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, document);
        async Task<int> CountAsync() => (await ContentApi.PageThroughAsync(Admin, $"{articles}?status=draft")).Count;
        var drafts = await CountAsync();

        // another article given the number, on create or by a change (typed with spaces around it): a 409, nothing written
        var refused = await (await Admin.PostJsonAsync(articles, new
        {
            channel = "notices", title = "另一份通知", disclosure = new { indexNumber = $" {Number} " },
        })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("index_number_taken", refused.Text("code"));
        Assert.Contains($"article {document}'s", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(drafts, await CountAsync());
        var other = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "notices", title = "另一份通知", disclosure = new { indexNumber = "000014349/2022-00029" },
        })).Id();
        var (before, etag) = await Admin.ReadWithETagAsync($"{articles}/{other}");
        await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{other}", new { disclosure = new { indexNumber = Number } }, etag))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before.ToJsonString(), (await (await Admin.GetAsync($"{articles}/{other}")).OkJsonAsync()).ToJsonString());

        // the document's own versions share its number: its 修改稿, which corrects it (the number it had is free then)
        var revision = (await (await Admin.PostJsonAsync($"{articles}/{document}/revise", new { })).OkJsonAsync(HttpStatusCode.Created)).Id();
        await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{revision}",
            new { title = "关于印发某办法的通知（修订）", disclosure = new { indexNumber = Fixed } }, "*")).OkJsonAsync();
        Assert.Equal(Fixed, (await ContentApi.PublishAsync(Admin, site, revision))["disclosure"]!.Text("indexNumber"));
        await (await Admin.PostJsonAsync(articles, new { channel = "notices", title = "第四份", disclosure = new { indexNumber = Number } }))
            .OkJsonAsync(HttpStatusCode.Created);
        var elsewhere = await ContentApi.NewSiteAsync(Admin); // another site numbers on its own
        Assert.Equal(Fixed, await PublishedDocumentAsync(elsewhere, In2022, Fixed));

        // a copy in the site is another entry of the 目录: it keeps the catalogue but not the number
        var copy = await (await Admin.PostJsonAsync($"{articles}/{document}/copy", new { site, channel = "notices" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal((null, "有效"), (copy["disclosure"]!["indexNumber"]?.GetValue<string>(), copy["disclosure"]!.Text("validity")));

        // a document in the trash keeps its number until it is purged
        await (await Admin.PostJsonAsync($"{articles}/{document}/trash", new { })).OkJsonAsync();
        var trashed = await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{other}", new { disclosure = new { indexNumber = Fixed } }, "*"))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("trash", trashed.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"{articles}/{document}")).StatusCode);
        var renumbered = await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{other}", new { disclosure = new { indexNumber = Fixed } }, "*")).OkJsonAsync();
        Assert.Equal(Fixed, renumbered["disclosure"]!.Text("indexNumber"));

        // two articles that had one number before this check (an older import) stay editable; neither gives it to a third
        var database = App.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("UPDATE articles SET index_number = @Fixed WHERE id = @copy", new { Fixed, copy = copy.Id() });
        }
        var edited = await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{copy.Id()}", new { title = "副本（已改）" }, "*")).OkJsonAsync();
        Assert.Equal(("副本（已改）", Fixed), (edited.Text("title"), edited["disclosure"]!.Text("indexNumber")));
        await (await Admin.PostJsonAsync(articles, new { channel = "notices", title = "第三份", disclosure = new { indexNumber = Fixed } }))
            .ProblemAsync(HttpStatusCode.Conflict);
        // they are listed to be renumbered; a 修改稿, which shares its article's number, is not a duplicate
        await (await Admin.PostJsonAsync($"{articles}/{other}/publish", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{articles}/{other}/revise", new { })).OkJsonAsync(HttpStatusCode.Created);
        var duplicates = await (await Admin.GetAsync($"{articles}/index-numbers/duplicates")).OkJsonAsync();
        Assert.Equal($$"""{"items":[{"indexNumber":"{{Fixed}}","articles":[{{other}},{{copy.Id()}}]}]}""", duplicates.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync($"{articles}/index-numbers/duplicates")).StatusCode);
        await (await Admin.GetAsync("/api/v1/sites/nosuchsite/articles/index-numbers/duplicates")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_number_being_typed_is_not_given_by_the_site_meanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = Format }, "*")).OkJsonAsync();
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "待发布", disclosure = new { validity = "有效" } })).Id();

        // a write typing the number the site gives next, not committed yet (on SQLite it holds the turn to write)
        var database = App.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(ct);
        await using var typing = await database.BeginWriteAsync(connection, ct);
        var typed = new ArticleInput("notices", "手填索引号", null, null, null, null, null, null, null, null, null, null, null,
            new Disclosure("000014349/2022-00001", null, null, null, null, null), null, null);
        Assert.Equal(ArticleStore.Outcome.Done,
            (await App.Services.GetRequiredService<ArticleStore>().CreateAsync(connection, typing.Transaction, site, typed, "create", null)).Outcome);

        var publishing = ContentApi.PublishAsync(Admin, site, draft);
        await Task.Delay(300, ct);
        Assert.False(publishing.IsCompleted, "the site numbered a document while the number was being typed");
        await typing.Transaction.CommitAsync(ct);
        await typing.DisposeAsync(); // gives SQLite's turn back
        Assert.Equal("000014349/2022-00002", (await publishing)["disclosure"]!.Text("indexNumber"));
    }

    [Fact]
    public async Task Documents_published_before_the_site_had_a_format_are_numbered_on_request_the_oldest_first()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var numbering = $"{articles}/index-numbers";
        async Task<long> DocumentAsync(DateTimeOffset at, string? indexNumber = null, bool publish = true)
        {
            var id = (await ContentApi.CreateAsync(Admin, site, new
            {
                channel = "notices", title = $"文件 {at:O}", publishedAt = at, disclosure = new { indexNumber, validity = "有效" },
            })).Id();
            return publish ? (await ContentApi.PublishAsync(Admin, site, id)).Id() : id;
        }
        var later = await DocumentAsync(In2022.AddDays(2));
        var earlier = await DocumentAsync(In2022);
        var lastYear = await DocumentAsync(In2022.AddMonths(-6));
        await DocumentAsync(In2022.AddDays(1), "000014349/2022-00005"); // by hand
        var draft = await DocumentAsync(In2022, publish: false);
        var news = await ContentApi.PublishedAsync(Admin, site, "新闻", In2022);
        var (seen, etag) = await Anonymous.ReadWithETagAsync($"{articles}/{earlier}"); // kept in the cache
        Assert.Null(seen["disclosure"]!["indexNumber"]);

        var refused = await (await Admin.PostJsonAsync(numbering, new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("no_index_number_format", refused.Text("code"));
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = Format }, "*")).OkJsonAsync();

        var first = await (await Admin.PostJsonAsync($"{numbering}?limit=2", new { })).OkJsonAsync();
        Assert.Equal([(lastYear, "000014349/2021-00001"), (earlier, "000014349/2022-00006")],
            first["items"]!.AsArray().Select(item => (item!.Id(), item!.Text("indexNumber"))));
        Assert.Equal(1, first["remaining"]!.GetValue<long>());
        // each is a write: a new version with its revision, and the public sees it at once
        var (now, newTag) = await Anonymous.ReadWithETagAsync($"{articles}/{earlier}");
        Assert.Equal("000014349/2022-00006", now["disclosure"]!.Text("indexNumber"));
        Assert.NotEqual(etag, newTag);
        var revision = await (await Admin.GetAsync($"{articles}/{earlier}/revisions/{first["items"]![1]!["version"]}")).OkJsonAsync();
        Assert.Equal("number", revision.Text("action"));

        var rest = await (await Admin.PostJsonAsync(numbering, new { })).OkJsonAsync();
        Assert.Equal([(later, "000014349/2022-00007")], rest["items"]!.AsArray().Select(item => (item!.Id(), item!.Text("indexNumber"))));
        Assert.Equal(0, rest["remaining"]!.GetValue<long>());
        var none = await (await Admin.PostJsonAsync(numbering, new { })).OkJsonAsync();
        Assert.Equal((0, 0L), (none["items"]!.AsArray().Count, none["remaining"]!.GetValue<long>()));
        // a draft waits for its publishing; an article that is no document gets none
        foreach (var id in new[] { draft, news })
        {
            Assert.Null((await (await Admin.GetAsync($"{articles}/{id}")).OkJsonAsync())["disclosure"]?["indexNumber"]);
        }

        await (await Admin.PostJsonAsync($"{numbering}?limit=0", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.PostJsonAsync(numbering, new { })).StatusCode);
        await (await Admin.PostJsonAsync("/api/v1/sites/nosuchsite/articles/index-numbers", new { })).ProblemAsync(HttpStatusCode.NotFound);
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
