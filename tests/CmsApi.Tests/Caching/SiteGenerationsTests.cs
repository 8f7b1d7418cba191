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
    [Fact]
    public void An_articles_key_changes_with_its_own_writes_and_the_sites_not_with_other_articles()
    {
        var generations = App.Services.GetRequiredService<SiteGenerations>();
        var changes = App.Services.GetRequiredService<ContentChanges>();
        var site = ContentApi.NewKey();
        var key = generations.ForArticle(site, 1);
        Assert.Equal(key, generations.ForArticle(site, 1));

        changes.Announce(new ContentChange(site, ArticleId: 2));
        changes.Announce(new ContentChange(ContentApi.NewKey()));
        Assert.Equal(key, generations.ForArticle(site, 1));

        changes.Announce(new ContentChange(site, ArticleId: 1));
        Assert.NotEqual(key, key = generations.ForArticle(site, 1));

        changes.Announce(new ContentChange(site)); // the site's settings or channels
        Assert.NotEqual(key, key = generations.ForArticle(site, 1));

        generations.ChangedAll(); // change notices from other instances may have been missed
        Assert.NotEqual(key, generations.ForArticle(site, 1));
    }

    [Fact]
    public async Task The_sites_key_changes_with_every_write_to_it()
    {
        var generations = App.Services.GetRequiredService<SiteGenerations>();
        var changes = App.Services.GetRequiredService<ContentChanges>();
        var site = ContentApi.NewKey();
        var key = await generations.CurrentAsync(site, TestContext.Current.CancellationToken);

        changes.Announce(new ContentChange(ContentApi.NewKey(), ArticleId: 3));
        Assert.Equal(key, await generations.CurrentAsync(site, TestContext.Current.CancellationToken));

        changes.Announce(new ContentChange(site, ArticleId: 3));
        Assert.NotEqual(key, key = await generations.CurrentAsync(site, TestContext.Current.CancellationToken));

        changes.Announce(new ContentChange(site));
        Assert.NotEqual(key, await generations.CurrentAsync(site, TestContext.Current.CancellationToken));
    }
}
