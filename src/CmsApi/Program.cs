using CmsApi.Articles;
using CmsApi.Audit;
using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Calendar;
using CmsApi.Changes;
using CmsApi.Channels;
using CmsApi.Data;
using CmsApi.Demo;
using CmsApi.Http;
using CmsApi.Import;
using CmsApi.Keys;
using CmsApi.Search;
using CmsApi.Sections;
using CmsApi.Sites;
using CmsApi.Statistics;
using CmsApi.Terms;
using CmsApi.Views;
using CmsApi.Webhooks;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(ConfigurationFiles.ReadOnce(args));

// Hosting: http://localhost:5080 unless --urls / ASPNETCORE_URLS say otherwise; JSON logs outside Development.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}
if (!builder.Environment.IsDevelopment())
{
    builder.Logging.ClearProviders().AddJsonConsole();
}
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ContentChanges>();

// Cross-cutting: storage and migrations, errors, JSON, validation, keys, OpenAPI.
builder.Services.AddCmsData(builder.Configuration);
builder.Services.AddCmsProblemDetails();
builder.Services.AddCmsJson();
builder.Services.AddCmsValidation();
builder.Services.AddCmsAuth();
builder.Services.AddCmsOpenApi();
builder.Services.AddCmsRateLimits(builder.Configuration);
builder.Services.AddCmsCors();
builder.Services.AddCmsHardening(builder.Configuration);
builder.Services.AddCmsProxies(builder.Configuration);
builder.Services.AddCmsCaching(builder.Configuration);

// Features.
builder.Services.AddSites();
builder.Services.AddChannels();
builder.Services.AddArticles();
builder.Services.AddTerms();
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddImport();
builder.Services.AddViews(builder.Configuration);
builder.Services.AddChanges(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration, builder.Environment);
builder.Services.AddAudit(builder.Configuration);
builder.Services.AddStatistics();
builder.Services.AddHostedService<DemoContent>();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseCmsProblemDetails();
app.UseCmsReadRouting();
app.UseRouting();
app.UseCmsHardening();
app.UseCors();
app.UseAuthentication();
app.UseCmsAudit();
app.UseCmsPresentedKeys();
app.UseAuthorization();
app.UseCmsRateLimits();
app.UseCmsCaching();
app.MapCmsOpenApi();

app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

var api = app.MapGroup("/api/v1").RequireCors(SiteCorsPolicies.Policy).AnswerHeadLikeGet().NameMissingSites()
    .ProducesProblem(StatusCodes.Status401Unauthorized); // a key that is sent must be valid, on every route (UseCmsPresentedKeys)
api.MapSites();
api.MapChannels();
api.MapArticles();
api.MapTerms();
api.MapSections();
api.MapImport();
api.MapViews();
api.MapCalendar();
api.MapKeys();
api.MapSearch();
api.MapChanges();
api.MapWebhooks();
api.MapAudit();
api.MapStatistics();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
