using System.Globalization;
using ClaudeUsage.Benchmarks;
using ClaudeUsage.Benchmarks.Generation;
using ClaudeUsage.Benchmarks.Measuring;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/ClaudeUsage.Benchmarks -- run --size 1GB[,2GB] [--ccusage PATH] [--fresh 3] [--repeat 3] [--markdown FILE]
//   ... -- generate --size 1GB [--seed 42] [--corpus DIR] [--dense]
//   ... -- append --corpus DIR [--percent 1]      ... -- restore --corpus DIR
//   ... -- ledger --size 1GB[,2GB] [--ccusage PATH] [--fresh 3] [--repeat 10] [--responses 1000000] [--dense] [--markdown FILE]  (whole pwsh processes, the usage ledger)
//   ... -- measure --manifest out/ClaudeUsage/ClaudeUsage.psd1 --home DIR [--no-cache] [--repeat N] [--verbose]  (one run; --verbose prints stage timings)
// See docs/performance.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = new Options(args);
int seed = options.Int("seed", 42);
switch (options.Command)
{
    case "generate":
    {
        long size = Options.ParseSize(options.Get("size", "100MB"));
        double textScale = BenchmarkRunner.TextScale(options);
        string corpus = options.Get("corpus") ?? BenchmarkRunner.DefaultCorpus(size, seed, textScale);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CorpusManifest manifest = CorpusGenerator.Generate(corpus, size, seed, textScale);
        Console.WriteLine($"{corpus}: {manifest.Files:N0} files, {manifest.Bytes:N0} bytes, {manifest.Tokens.Responses:N0} responses ({manifest.Tokens}) in {watch.Elapsed.TotalSeconds:N1} s");
        return 0;
    }

    case "append":
    {
        string corpus = options.Get("corpus") ?? throw new ArgumentException("--corpus is required.");
        var (tokens, bytes, files) = CorpusAppender.Append(corpus, options.Double("percent", 1) / 100, seed + 1);
        Console.WriteLine($"Appended {bytes:N0} bytes to {files} file(s): {tokens.Responses:N0} responses ({tokens}).");
        return 0;
    }

    case "restore":
        CorpusAppender.Restore(options.Get("corpus") ?? throw new ArgumentException("--corpus is required."));
        return 0;

    case "measure":
        // The child side of `run`: one fresh process per measurement.
        return CmdletMeasurement.Run(
            options.Get("manifest")!,
            options.Get("home")!,
            long.Parse(options.Get("bytes", "0"), CultureInfo.InvariantCulture),
            options.Flag("no-cache"),
            options.Int("repeat", 1),
            options.Get("name", "Get-ClaudeUsage"),
            options.Flag("verbose"));

    case "run":
        return new BenchmarkRunner(options, seed).Run();

    case "ledger":
        return new LedgerBenchmark(options, seed).Run();

    default:
        Console.Error.WriteLine($"Unknown command '{options.Command}'. Commands: run, ledger, generate, append, restore.");
        return 2;
}
