using System.Text;
using System.Text.RegularExpressions;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Logs of every source with a third of their lines damaged every way a line gets damaged (bytes flipped, cut,
/// inserted or removed; numbers made huge, negative or infinite; values nested a thousand deep; invalid UTF-8; a
/// byte-order mark; NUL bytes): the read never throws, and every untouched line counts exactly as written — against
/// the count kept while writing them, not the module's — with no response the logs did not hold. Seeded, bounded.
/// </summary>
public partial class FuzzTests
{
    private static readonly byte[] Interesting = "\"\\{}[],: 0-.etn1x"u8.ToArray().Concat(new byte[] { 0x00, 0x01, 0x80, 0xC3, 0xFF }).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Damaged_lines_never_stop_the_count_and_every_untouched_line_counts_exactly(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempFolder();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal); // the id of each untouched line → its tokens
        var damaged = new HashSet<string>(StringComparer.Ordinal);
        for (int file = 0; file < 6; file++)
        {
            var lines = new List<byte[]>();
            string path = (file % 3) switch
            {
                0 => $".claude/projects/-home-user-work-p{file}/s{file}.jsonl",
                1 => $".pi/agent/sessions/--home-user-work-p{file}--/s{file}.jsonl",
                _ => $".openclaw/agents/main/sessions/s{file}.jsonl",
            };
            if (file % 3 != 0)
            {
                lines.Add(Encoding.UTF8.GetBytes(PiSession($"session-{seed}-{file}", "2026-11-20T10:00:00.000Z", cwd: $"/home/user/work/p{file}")));
            }

            for (int i = 0; i < 200; i++)
            {
                string id = "id" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())); // a flipped byte makes another id, never a neighbour's
                long input = random.Next(0, 50_000), output = random.Next(1, 5_000), read = random.Next(0, 90_000);
                DateTimeOffset at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddSeconds(i * 37 + file);
                string line = file % 3 == 0
                    ? ClaudeAssistant(at.ToString("o"), "msg_" + id, "req_" + id, input: input, output: output, cacheRead: read, sessionId: $"cc-{seed}-{file}")
                    : PiAssistant(at.ToString("o"), at.ToUnixTimeMilliseconds(), input: input, output: output, cacheRead: read, costTotal: 0.001m, responseId: "resp_" + id);
                byte[] bytes = Encoding.UTF8.GetBytes(line);
                if (random.Next(3) == 0)
                {
                    bytes = Harm(bytes, random);
                    damaged.Add(id);
                }
                else
                {
                    expected[id] = input + output + read;
                }

                lines.Add(bytes);
            }

            string full = Path.Combine(dir.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, [.. lines.SelectMany(l => l.Append((byte)'\n'))]);
        }

        // The plain read, and the same logs through a ledger: neither throws, both count the same.
        List<UsageEntry> read1 = UsageScanner.Scan(new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None).Responses;
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        List<UsageEntry> fromLedger = store.ReadCounted(null, null, null, withIds: true);

        foreach (List<UsageEntry> counted in new[] { read1, fromLedger })
        {
            var byId = counted.GroupBy(e => IdOf(e.ResponseId)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach ((string id, long tokens) in expected)
            {
                List<UsageEntry> copies = Assert.Contains(id, byId);
                Assert.True(copies.Count == 1 && copies[0].Tokens.Total == tokens, $"seed {seed}: {id} counted {copies.Count} time(s), {string.Join("/", copies.Select(c => c.Tokens.Total))} tokens; written {tokens}");
            }

            // Anything else counted came from a damaged line that still parsed (its id may be damaged too): never from nowhere.
            Assert.True(counted.Count >= expected.Count);
            Assert.True(counted.Count <= expected.Count + damaged.Count, $"seed {seed}: {counted.Count} counted from {expected.Count} untouched and {damaged.Count} damaged lines");
        }
    }

    /// <summary>The id a line was written with, from its response id (Claude Code's msg_…, pi's identity holding resp_…).</summary>
    private static string IdOf(string? responseId) => responseId is not null && Id().Match(responseId) is { Success: true } m ? m.Value : responseId ?? string.Empty;

    [GeneratedRegex("id[0-9A-F]{16}")]
    private static partial Regex Id();

    /// <summary>One of the ways a line is damaged, at random.</summary>
    private static byte[] Harm(byte[] line, Random random)
    {
        string text = Encoding.UTF8.GetString(line);
        switch (random.Next(7))
        {
            case 0:
                return Damage.Once(line, random, Interesting);
            case 1:
                // A number no agent writes.
                string[] numbers = ["-5", "9223372036854775808", "1e400", "-1e300", "1e29", "18446744073709551616", "0.5e999"];
                return Encoding.UTF8.GetBytes(Regex.Replace(text, "\"(input|output|input_tokens|output_tokens|total)\":[0-9.]+", m => m.Value[..(m.Value.IndexOf(':') + 1)] + numbers[random.Next(numbers.Length)], RegexOptions.None, TimeSpan.FromSeconds(1)));
            case 2:
                // A value nested a thousand deep.
                return Encoding.UTF8.GetBytes(text.Replace("\"content\":[", "\"content\":" + new string('[', 1000) + new string(']', 999) + "[", StringComparison.Ordinal));
            case 3:
                // Invalid UTF-8 inside a string that is read.
                int quote = text.IndexOf("\"model\":\"", StringComparison.Ordinal);
                var bytes = new List<byte>(line);
                bytes.InsertRange(quote < 0 ? bytes.Count / 2 : Encoding.UTF8.GetByteCount(text[..(quote + 9)]), new byte[] { 0xC3, 0x28, 0xFF });
                return [.. bytes];
            case 4:
                return [0xEF, 0xBB, 0xBF, .. line[..(line.Length / 2)]]; // a BOM, and the line cut
            case 5:
                return [.. line[..(line.Length / 3)], 0x00, 0x00, .. line[(line.Length / 3)..]];
            default:
                return Damage.Once(Damage.Once(line, random, Interesting), random, Interesting);
        }
    }
}
