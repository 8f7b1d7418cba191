namespace CmsApi.Http;

/// <summary>How the service reads its <c>appsettings*.json</c>.</summary>
public static class ConfigurationFiles
{
    /// <summary>
    /// The host's arguments with the files read once, not watched: the watcher (a thread, and a recursive scan of the
    /// content root) took 30-50 ms of start-up. A later <c>--hostBuilder:reloadConfigOnChange=true</c> on the command
    /// line turns watching back on.
    /// </summary>
    public static string[] ReadOnce(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];
}
