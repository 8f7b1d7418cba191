using System.Text.Json;

namespace CmsApi.Tests.Foundation;

/// <summary>Settings of the service's build that docs/operations.md promises, read from what the SDK wrote.</summary>
public sealed class BuildSettingsTests
{
    [Fact]
    public void The_service_runs_the_workstation_garbage_collector()
    {
        // The Web SDK defaults to the server collector; a misspelt property in CmsApi.csproj once left it on unnoticed.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CmsApi.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
