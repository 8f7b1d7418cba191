using System.Runtime.CompilerServices;

namespace CmsApi.Tests.Infrastructure;

internal static class TestEnvironment
{
    /// <summary>
    /// Each in-process host would watch appsettings.json for changes (one inotify instance each, 128 per user here);
    /// the tests start hundreds of hosts and never edit configuration files, so they do without the watchers.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
