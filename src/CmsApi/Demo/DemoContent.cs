using CmsApi.Channels;
using CmsApi.Import;
using CmsApi.Sites;

namespace CmsApi.Demo;

/// <summary>
/// With <c>Demo:Seed=true</c> (the Development default, so a fresh clone has something to show) an empty database
/// gets the demo site: the portal of the reference page in <c>shared/fixtures</c>, with its footer, channels and that
/// page imported and published as its first article. The importer is resolved only to seed: building it builds the
/// article validator, some 20 ms of every start-up.
/// </summary>
public sealed class DemoContent(SiteStore sites, ChannelStore channels, IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public static readonly SiteInput Site = new(
        Key: "gzsjgdj",
        Name: "广州市直属机关党建网",
        Domains: ["www.gzsjgdj.gov.cn"],
        Sponsor: "中共广州市直属机关工作委员会",
        Organiser: null,
        Contact: null,
        TimeZone: "Asia/Shanghai",
        Copyright: new SiteCopyright("中共广州市直属机关工作委员会", "版权所有,未经书面授权禁止使用", 2016,
            "Copyright © 2016 by www.gzsjgdj.gov.cn. all rights reserved"),
        IcpFiling: "粤ICP备14006357号",
        IcpLicence: null,
        PublicSecurityFiling: "粤公网安备 44010402000201号",
        SiteCode: null);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("Demo:Seed") || await sites.AnyAsync(cancellationToken))
        {
            return;
        }
        var site = await sites.CreateAsync(Site.Normalized(), cancellationToken);
        if (site is null)
        {
            return; // another instance seeded it first
        }
        await channels.CreateAsync(site.Key, new ChannelInput("news", "工作动态", null, 1, UpdateDays: 14), cancellationToken);
        await channels.CreateAsync(site.Key, new ChannelInput("departments", "部门动态", "news", 1), cancellationToken);
        await channels.CreateAsync(site.Key, new ChannelInput("grassroots", "基层党建", "news", 2), cancellationToken);
        await channels.CreateAsync(site.Key, new ChannelInput("notices", "通知公告", null, 2, UpdateDays: 183), cancellationToken);
        await channels.CreateAsync(site.Key, new ChannelInput("study", "学习园地", null, 3), cancellationToken);
        var importer = services.GetRequiredService<PageImporter>();
        await importer.ImportAsync(site.Key, ReferencePage(), new ImportOptions("news", Publish: true, Update: false, ApplyFooter: false),
            "demo", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The reference page of shared/fixtures, embedded in the service.</summary>
    public static string ReferencePage()
    {
        using var stream = typeof(DemoContent).Assembly.GetManifestResourceStream("CmsApi.Demo.legacy-article-page.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
