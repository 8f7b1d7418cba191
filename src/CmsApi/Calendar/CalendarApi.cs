using System.Globalization;
using CmsApi.Caching;
using CmsApi.Http;
using CmsApi.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Calendar;

public static class CalendarApi
{
    public static RouteGroupBuilder MapCalendar(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/").WithTags("Calendar");

        group.MapGet("/calendar/{date}", Results<Ok<CalendarDay>, ProblemHttpResult> (string date, HttpContext http) =>
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return Problems.BadRequest("invalid_date", $"'{date}' is not a date of the form yyyy-MM-dd (e.g. 2022-06-28).");
                }
                if (!ChineseCalendar.IsSupported(day))
                {
                    return OutOfRange(day);
                }
                // A past or future day's calendar never changes.
                http.Response.Headers.CacheControl = "public, max-age=86400";
                return TypedResults.Ok(ChineseCalendar.For(day));
            })
            .WithName("GetCalendarDay")
            .WithSummary("Gregorian date, weekday, lunar date and festivals of one day (1901-02-19 to 2100-12-31)")
            .WithCachedRead()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/sites/{site}/calendar/today", async Task<Results<Ok<CalendarDay>, ProblemHttpResult>> (
                string site, SiteStore sites, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var found = await sites.FindAsync(site, ct);
                if (found is null)
                {
                    return Problems.NotFound("site", site);
                }
                var today = SiteTimeZone.Today(clock, SiteTimeZone.Find(found.TimeZone));
                if (!ChineseCalendar.IsSupported(today))
                {
                    return OutOfRange(today);
                }
                http.Response.Headers.CacheControl = "public, max-age=60";
                return TypedResults.Ok(ChineseCalendar.For(today));
            })
            .WithName("GetSiteCalendarToday")
            .WithSummary("Today's page-header date in the site's time zone")
            .WithConditionalGet() // not kept in memory: it changes at midnight without a write
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static ProblemHttpResult OutOfRange(DateOnly day) =>
        Problems.BadRequest("date_out_of_range",
            $"{day:yyyy-MM-dd} is outside the supported range {ChineseCalendar.First:yyyy-MM-dd} to {ChineseCalendar.Last:yyyy-MM-dd}.");
}
