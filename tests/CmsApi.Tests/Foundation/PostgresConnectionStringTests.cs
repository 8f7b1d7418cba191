using CmsApi.Data;
using Npgsql;

namespace CmsApi.Tests.Foundation;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Automatic_preparation_is_on_unless_the_connection_string_sets_it()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;Database=cms;Username=cms"));
        Assert.Equal(64, defaulted.MaxAutoPrepare);
        Assert.Equal(2, defaulted.AutoPrepareMinUsages);
        Assert.Equal("db", defaulted.Host);

        var off = new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;Database=cms;Max Auto Prepare=0"));
        Assert.Equal(0, off.MaxAutoPrepare);
        var own = new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;Database=cms;MaxAutoPrepare=8"));
        Assert.Equal(8, own.MaxAutoPrepare);
    }
}
