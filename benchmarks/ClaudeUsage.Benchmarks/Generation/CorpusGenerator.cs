using System.Text.Json;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>What a generated corpus holds: its size, and the tokens of every response counted once.</summary>
internal sealed record CorpusManifest
{
    public required int Seed { get; init; }

    public required long Bytes { get; set; }

    public required int Files { get; init; }

    public required TokenTotals Tokens { get; init; }

    /// <summary>The content texts' share of their usual length (<see cref="TextPool.Scale"/>); 1 in manifests written before it.</summary>
    public double TextScale { get; init; } = 1.0;

    public static string PathIn(string corpus) => Path.Combine(corpus, "manifest.json");

    public static CorpusManifest? Load(string corpus) =>
        File.Exists(PathIn(corpus)) ? JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllText(PathIn(corpus))) : null;

    public void Save(string corpus) => File.WriteAllText(PathIn(corpus), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
}

/// <summary>
/// Generates a log folder laid out as a home directory (<c>home/.claude/projects</c>, <c>home/.pi/agent/sessions</c>,
/// <c>home/.openclaw/agents/main/sessions</c>), deterministically from a seed: the same seed and size give the
/// same bytes. Sessions are planned in order from the seed, then written in parallel, each from its own seed.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly DateTimeOffset First = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Last = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The content texts' share of their usual length in a dense corpus: about 200,000 responses per GB, as heavy users' logs have (the harness corpus has about 55,000).</summary>
    public const double DenseTextScale = 0.08;

    public static string Home(string corpus) => Path.Combine(corpus, "home");

    /// <summary>
    /// The corpus at <paramref name="corpus"/> (any appended lines cut back first), generated when it is missing, of
    /// another seed or text scale, or <paramref name="regenerate"/> asks.
    /// </summary>
    public static CorpusManifest LoadOrGenerate(string corpus, long targetBytes, int seed, double textScale, bool regenerate)
    {
        CorpusAppender.Restore(corpus);
        CorpusManifest? truth = CorpusManifest.Load(corpus);
        if (truth is null || truth.Seed != seed || truth.TextScale != textScale || regenerate)
        {
            Console.WriteLine($"Generating {targetBytes / 1e9:0.##} GB corpus in {corpus} ...");
            truth = Generate(corpus, targetBytes, seed, textScale);
        }

        return truth;
    }

    public static CorpusManifest Generate(string corpus, long targetBytes, int seed, double textScale = 1.0)
    {
        if (Directory.Exists(corpus))
        {
            Directory.Delete(corpus, recursive: true);
        }

        string home = Home(corpus);
        var rng = new Random(seed);
        var text = new TextPool(seed, textScale);
        var work = new List<Func<(TokenTotals Tokens, long Bytes, int Files)>>();
        string projects = Path.Combine(home, ".claude", "projects");
        string[] slugs = Enumerable.Range(0, 24).Select(i => $"-home-user-work-project{i:00}").ToArray();

        // A few huge files of file-history snapshots: about 6% of the bytes, lines of several MB.
        long planned = 0;
        for (int i = 0; i < 3; i++)
        {
            long size = targetBytes / 50;
            var plan = new ClaudeCodeSessionPlan(rng.Next(), projects, slugs[i], Cwd(slugs[i]), Start(rng), size, [], SnapshotHeavy: true);
            work.Add(() => new ClaudeCodeSessionWriter(plan, text).Write());
            planned += size;
        }

        // pi and OpenClaw: about 8% of the bytes.
        long piBytes = targetBytes * 5 / 100, openClawBytes = targetBytes * 3 / 100;
        for (long done = 0; done < piBytes;)
        {
            long size = SessionSize(rng);
            string slug = slugs[rng.Next(slugs.Length)];
            DateTimeOffset start = Start(rng);
            string sessionId = Ids.Uuid(rng);
            string path = Path.Combine(home, ".pi", "agent", "sessions", $"-{slug}--", $"{start.UtcDateTime:yyyy-MM-dd'T'HH-mm-ss-fff'Z'}_{sessionId}.jsonl");
            var plan = new PiSessionPlan(rng.Next(), path, sessionId, Cwd(slug), start, size, OpenClaw: false);
            work.Add(() => { var r = new PiSessionWriter(plan, text).Write(); return (r.Tokens, r.Bytes, 1); });
            done += size;
            planned += size;
        }

        for (long done = 0; done < openClawBytes;)
        {
            long size = SessionSize(rng);
            string sessionId = Ids.Uuid(rng);
            string agent = rng.Next(3) == 0 ? "ops" : "main";
            string path = Path.Combine(home, ".openclaw", "agents", agent, "sessions", sessionId + ".jsonl");
            var plan = new PiSessionPlan(rng.Next(), path, sessionId, "/home/user/.openclaw/workspace", Start(rng), size, OpenClaw: true);
            work.Add(() => { var r = new PiSessionWriter(plan, text).Write(); return (r.Tokens, r.Bytes, 1); });
            done += size;
            planned += size;
        }

        // Claude Code sessions for the rest; about a third have subagent transcripts.
        while (planned < targetBytes)
        {
            long size = SessionSize(rng);
            long[] subagents = rng.Next(3) == 0
                ? Enumerable.Range(0, 1 + rng.Next(4)).Select(_ => Math.Max(20_000, size / (2 + rng.Next(6)))).ToArray()
                : [];
            string slug = slugs[rng.Next(slugs.Length)];
            var plan = new ClaudeCodeSessionPlan(rng.Next(), projects, slug, Cwd(slug), Start(rng), size, subagents, SnapshotHeavy: false);
            work.Add(() => new ClaudeCodeSessionWriter(plan, text).Write());
            planned += size + subagents.Sum();
        }

        var results = new (TokenTotals Tokens, long Bytes, int Files)[work.Count];
        Parallel.For(0, work.Count, i => results[i] = work[i]());

        var tokens = new TokenTotals();
        foreach (var r in results)
        {
            tokens.Add(r.Tokens);
        }

        var manifest = new CorpusManifest { Seed = seed, Bytes = results.Sum(r => r.Bytes), Files = results.Sum(r => r.Files), Tokens = tokens, TextScale = textScale };
        manifest.Save(corpus);
        return manifest;
    }

    /// <summary>Session sizes: median 250 KB, a long tail up to 40 MB.</summary>
    private static long SessionSize(Random rng) => (long)Math.Clamp(Ids.LogNormal(rng, 250_000, 1.3), 8_000, 40_000_000);

    private static DateTimeOffset Start(Random rng) => First.AddSeconds(rng.NextDouble() * (Last - First).TotalSeconds);

    private static string Cwd(string slug) => slug.Replace('-', '/');
}
