using CmsApi.Caching;
using CmsApi.Data;
using CmsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Caching;

/// <summary>
/// The keys of kept answers, apart from the eviction that usually hides a wrong key: an answer computed before a write
/// but stored after it is stored under the key of its time, so only a changed key keeps it from being served.
/// </summary>
public sealed class SiteGenerationsTests(SqliteDatabase database) : ApiTest(database), IClassFixture<SqliteDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_articles_key_changes_with_its_own_writes_and_the_sites_not_with_other_articles()
    {
        var generations = App.Services.GetRequiredService<SiteGenerations>();
        var changes = App.Services.GetRequiredService<ContentChanges>();
        var site = await ContentApi.NewSiteAsync(Admin);
        var key = await generations.ForArticleAsync(site, 1, Cancel);
        Assert.Equal(key, await generations.ForArticleAsync(site, 1, Cancel));

        changes.Announce(new ContentChange(site, ArticleId: 2));
        changes.Announce(new ContentChange(ContentApi.NewKey()));
        Assert.Equal(key, await generations.ForArticleAsync(site, 1, Cancel));

        changes.Announce(new ContentChange(site, ArticleId: 1));
        Assert.NotEqual(key, key = await generations.ForArticleAsync(site, 1, Cancel));

        changes.Announce(new ContentChange(site)); // the site's settings or channels
        Assert.NotEqual(key, key = await generations.ForArticleAsync(site, 1, Cancel));

        generations.ChangedAll(); // change notices from other instances may have been missed
        Assert.NotEqual(key, await generations.ForArticleAsync(site, 1, Cancel));
    }

    [Fact]
    public async Task The_sites_key_changes_with_every_write_to_it()
    {
        var generations = App.Services.GetRequiredService<SiteGenerations>();
        var changes = App.Services.GetRequiredService<ContentChanges>();
        var site = await ContentApi.NewSiteAsync(Admin);
        var key = await generations.CurrentAsync(site, Cancel);

        changes.Announce(new ContentChange(ContentApi.NewKey(), ArticleId: 3));
        Assert.Equal(key, await generations.CurrentAsync(site, Cancel));

        changes.Announce(new ContentChange(site, ArticleId: 3));
        Assert.NotEqual(key, key = await generations.CurrentAsync(site, Cancel));

        changes.Announce(new ContentChange(site));
        Assert.NotEqual(key, await generations.CurrentAsync(site, Cancel));
    }

    [Fact]
    public async Task Made_up_site_keys_are_not_remembered()
    {
        var generations = App.Services.GetRequiredService<SiteGenerations>();
        var site = ContentApi.NewKey(); // no such site

        // Each asks again and gets a number of its own: nothing was kept for the key (answers for it are 404s).
        Assert.NotEqual(await generations.CurrentAsync(site, Cancel), await generations.CurrentAsync(site, Cancel));
        Assert.NotEqual(await generations.ForArticleAsync(site, 1, Cancel), await generations.ForArticleAsync(site, 1, Cancel));
    }
}
