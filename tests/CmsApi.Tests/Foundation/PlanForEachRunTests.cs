using CmsApi.Data;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Foundation;

/// <summary>
/// <see cref="Database.PlanForEachRunAsync"/>: a search's statements are planned for their values, and the connection
/// goes back to the pool as it came, so point reads on it keep their generic plans.
/// </summary>
public sealed class PlanForEachRunTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Statements_are_planned_for_their_values_until_it_is_disposed()
    {
        var cms = App.Services.GetRequiredService<Database>();
        await using var connection = await cms.OpenAsync();

        await using (await cms.PlanForEachRunAsync(connection))
        {
            Assert.Equal("force_custom_plan", await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
        }

        Assert.Equal("auto", await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
    }
}
