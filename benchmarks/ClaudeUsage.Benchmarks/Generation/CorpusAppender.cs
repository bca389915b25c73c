using System.Text.Json;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>
/// Appends new turns to existing transcripts, as agents do between two scheduled runs, and can put the corpus
/// back as it was (the files' old lengths are kept beside it), so a benchmark can be run again on the same bytes.
/// </summary>
internal static class CorpusAppender
{
    private static string RecordPath(string corpus) => Path.Combine(corpus, "appended.json");

    /// <summary>Appends about <paramref name="fraction"/> of the corpus's bytes to a seeded choice of transcripts.</summary>
    public static (TokenTotals Tokens, long Bytes, int Files) Append(string corpus, double fraction, int seed)
    {
        Restore(corpus);
        string home = CorpusGenerator.Home(corpus);
        string[] candidates = Directory.EnumerateFiles(home, "*.jsonl", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}subagents{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        long corpusBytes = candidates.Sum(p => new FileInfo(p).Length);
        long target = (long)(corpusBytes * fraction);
        var rng = new Random(seed);
        var text = new TextPool(seed, CorpusManifest.Load(corpus)?.TextScale ?? 1.0);
        var original = new Dictionary<string, long>(StringComparer.Ordinal);
        var tokens = new TokenTotals();
        long appended = 0;
        DateTimeOffset at = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        while (appended < target)
        {
            string path = candidates[rng.Next(candidates.Length)];
            if (original.ContainsKey(path))
            {
                continue;
            }

            original[path] = new FileInfo(path).Length;
            long bytes = Math.Min(target - appended, 50_000 + rng.Next(400_000));
            (TokenTotals t, long b) = path.Contains($"{Path.DirectorySeparatorChar}.claude{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? ClaudeCodeSessionWriter.Append(path, rng.Next(), bytes, text, at)
                : PiSessionWriter.Append(path, rng.Next(), bytes, text, at, openClaw: path.Contains(".openclaw", StringComparison.Ordinal));
            tokens.Add(t);
            appended += b;
            at = at.AddMinutes(3);
        }

        File.WriteAllText(RecordPath(corpus), JsonSerializer.Serialize(original));
        return (tokens, appended, original.Count);
    }

    /// <summary>Cuts appended files back to their old lengths.</summary>
    public static void Restore(string corpus)
    {
        if (!File.Exists(RecordPath(corpus)))
        {
            return;
        }

        var original = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(RecordPath(corpus)))!;
        foreach ((string path, long length) in original)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(length);
        }

        File.Delete(RecordPath(corpus));
    }
}
