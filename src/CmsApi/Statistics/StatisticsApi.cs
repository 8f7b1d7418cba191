using CmsApi.Auth;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Statistics;

/// <summary>发稿统计: a site's articles published and read in a period, grouped, for its 年度报表 and 信息报送考核.</summary>
public static class StatisticsApi
{
    private static readonly TextAlternatives Export = new("text/csv");

    public static IServiceCollection AddStatistics(this IServiceCollection services) => services.AddSingleton<StatisticsStore>();

    public static RouteGroupBuilder MapStatistics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/statistics").WithTags("Statistics").RequireScope(Scopes.ReadDrafts);

        group.MapGet("/", async Task<Results<Ok<SiteStatistics>, PushStreamHttpResult, ProblemHttpResult>> (
                string site, [AsParameters] StatisticsQuery query, StatisticsStore store, HttpContext http, CancellationToken ct) =>
            {
                var (outcome, statistics) = await store.ReadAsync(site, query, ct);
                switch (outcome)
                {
                    case StatisticsStore.Outcome.SiteNotFound:
                        return Problems.NotFound("site", site);
                    case StatisticsStore.Outcome.BadPeriod:
                        return Problems.FieldError("to", StatisticsQueryValidator.PeriodMessage);
                }
                http.Response.Headers.Vary = "Accept";
                if (Export.Choose(http.Request) is not null)
                {
                    return TypedResults.Stream(stream => Csv.WriteAsync(stream, StatisticsItem.CsvHeader, statistics!.Items.Select(i => i.CsvLine()).ToAsyncEnumerable()),
                        Csv.MediaType, $"{site}-{statistics!.By}-{statistics.From:yyyyMMdd}-{statistics.To:yyyyMMdd}.csv");
                }
                return TypedResults.Ok(statistics!);
            })
            .WithName("GetStatistics")
            .WithSummary("发稿统计: articles published and views counted in a period (days in the site's time zone, a year at most), by channel, 来源, 责任编辑, 作者 or month")
            .WithDescription(
                "from defaults to the first of January of this year, to to today, by to channel. Published counts the articles " +
                "published in the period (by their 发布时间) that are public now; views counts the views of the period, of any of " +
                "the site's articles (grouped where each article is now). By channel every channel is listed in the order of the " +
                "tree, with the figures of the channels below it (publishedWithin, viewsWithin); by month every month of the " +
                "period; otherwise each 来源, 责任编辑 or 作者 with any, most published first. With Accept: text/csv the items " +
                "come as a spreadsheet (UTF-8 with a byte-order mark). Needs content:read-drafts.")
            .WithMetadata(Export)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
