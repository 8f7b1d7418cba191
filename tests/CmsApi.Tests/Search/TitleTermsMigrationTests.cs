using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Search;

/// <summary>PostgreSQL's title terms (migration 0006) are filled from the articles already indexed when it runs.</summary>
public sealed class TitleTermsMigrationTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task An_upgrade_fills_the_title_terms_of_the_articles_there()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var inTitle = await ContentApi.PublishedAsync(Admin, site, "党建引领发展", ContentApi.Published);
        var inBody = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title = "工作动态", publishedAt = "2022-05-02T09:00:00+08:00", body = new { lead = new[] { "推进党建工作。" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, inBody);
        await ContentApi.ImportOthersAsync(Admin, site); // so that the title matches are read, not found by walking
        await using (var connection = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync())
        {
            // The database as it was before the upgrade: neither the table nor the script's record.
            await connection.ExecuteAsync("DROP TABLE article_title_terms; DELETE FROM schemaversions WHERE scriptname LIKE '%0006_title_terms.sql'");
        }

        await using var upgraded = Database.NewApp();
        using var client = upgraded.CreateClient();
        var found = await (await client.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("党建")}")).OkJsonAsync();

        Assert.Equal([inTitle, inBody], found["items"]!.AsArray().Select(a => a!.Id())); // older, but its title matches
    }
}
