using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CmsApi.Data;

public static class DataSetup
{
    /// <summary>Anonymous GET and HEAD requests are public reads, which a caught-up replica may serve (see <see cref="ReplicaLag"/>).</summary>
    public static WebApplication UseCmsReadRouting(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (Caching.PublicReads.IsAnonymousRead(http.Request))
            {
                ReplicaLag.MarkPublicRead();
            }
            return next(http);
        });
        return app;
    }

    public static IServiceCollection AddCmsData(this IServiceCollection services, IConfiguration configuration)
    {
        // Columns are snake_case, properties PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // SQLite's calls hold their thread until they return: a query over many rows per core at most
        // (Database.LongReadTurnAsync), the writer, point reads. The pool starts with a thread per core and adds more
        // slowly, so while searches ran, answers that needed no database waited for a thread (p99 125-140 ms, against
        // 10-12 ms with this floor). Four per core did no better, and each thread's stack adds to the resident memory.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 2 * Environment.ProcessorCount), completionPorts);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddSingleton<ReplicaLag>();
        services.AddSingleton<Database>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddHostedService<SqliteCopy>(); // after the migrations, before the search index's check (AddSearch)
        // Several instances may share PostgreSQL: they tell each other of changes; public reads may use a replica.
        // Both do nothing on SQLite (they ask Database.Dialect, the one place the engine is decided).
        services.AddHostedService<ChangeFeed>();
        services.AddHostedService<ReplicaMonitor>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}

/// <summary>Ready means the database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>("SELECT 1");
            return HealthCheckResult.Healthy($"{database.Dialect} answers");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect} does not answer", ex);
        }
    }
}
