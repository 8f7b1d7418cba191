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

    [Fact]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_asks()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;Database=cms")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;No Reset On Close=false")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;NoResetOnClose=false")).NoResetOnClose);
    }
}
