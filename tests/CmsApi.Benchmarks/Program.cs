using BenchmarkDotNet.Running;
using CmsApi.Benchmarks;

// generate sqlite|postgres FILE|CONNECTION COUNT BODY_CHARS: the load benchmark's data set, straight into a database the service created.
// micro [options]: BenchmarkDotNet over the hot pure code (e.g. micro --filter '*' --job short).
switch (args)
{
    case ["generate", "sqlite" or "postgres", var database, var count, var bodyChars]:
        await DataSet.GenerateAsync(args[1], database, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(bodyChars, System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case ["micro", .. var options]:
        BenchmarkSwitcher.FromTypes([typeof(HotPaths)]).Run(options);
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: generate sqlite|postgres FILE|CONNECTION COUNT BODY_CHARS | micro [BenchmarkDotNet options]");
        return 2;
}
