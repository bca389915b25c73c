using System.Text.Json;

namespace ClaudeUsage.Tests;

/// <summary>
/// A deliberately plain second implementation of Claude Code accounting, used to check the module on whole
/// folders: every assistant line with message.usage, keyed on message.id + requestId, the copy with the most
/// tokens kept, sidechain replays of a parent's message dropped. Prices are the reference list prices, typed in
/// here rather than read from the module.
/// </summary>
internal static class IndependentCount
{
    public sealed record Totals(long Input, long Output, long Write5m, long Write1h, long Read, decimal Cost);

    // USD per million tokens: input, output, 5m write, 1h write, read (Anthropic list prices).
    private static readonly Dictionary<string, decimal[]> Prices = new()
    {
        ["claude-sonnet-4-5-20250929"] = [3m, 15m, 3.75m, 6m, 0.30m],
        ["claude-haiku-4-5-20251001"] = [1m, 5m, 1.25m, 2m, 0.10m],
        ["claude-opus-4-5-20251101"] = [5m, 25m, 6.25m, 10m, 0.50m],
    };

    public static Dictionary<string, Totals> ByModel(string folder)
    {
        var best = new Dictionary<(string Msg, string Req), (JsonElement Usage, string Model, bool Side, long Total)>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadLines(file))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                JsonElement root = doc.RootElement;
                if (!root.TryGetProperty("type", out JsonElement type) || type.GetString() != "assistant"
                    || !root.GetProperty("message").TryGetProperty("usage", out JsonElement usage))
                {
                    continue;
                }

                string msg = root.GetProperty("message").GetProperty("id").GetString()!;
                string req = root.GetProperty("requestId").GetString()!;
                long total = usage.GetProperty("input_tokens").GetInt64() + usage.GetProperty("output_tokens").GetInt64()
                    + usage.GetProperty("cache_creation_input_tokens").GetInt64() + usage.GetProperty("cache_read_input_tokens").GetInt64();
                bool side = root.GetProperty("isSidechain").GetBoolean();
                if (!best.TryGetValue((msg, req), out var current) || total > current.Total)
                {
                    best[(msg, req)] = (usage.Clone(), root.GetProperty("message").GetProperty("model").GetString()!, side, total);
                }
            }
        }

        // Replays: the same message id under another request id in a sidechain copy.
        var parents = best.Where(b => !b.Value.Side).Select(b => b.Key.Msg).ToHashSet();
        var result = new Dictionary<string, Totals>();
        foreach (var ((msg, _), (usage, model, side, _)) in best)
        {
            if (side && parents.Contains(msg))
            {
                continue;
            }

            long input = usage.GetProperty("input_tokens").GetInt64();
            long output = usage.GetProperty("output_tokens").GetInt64();
            JsonElement split = usage.GetProperty("cache_creation");
            long w5 = split.GetProperty("ephemeral_5m_input_tokens").GetInt64();
            long w1 = split.GetProperty("ephemeral_1h_input_tokens").GetInt64();
            long read = usage.GetProperty("cache_read_input_tokens").GetInt64();
            decimal[] p = Prices[model];
            decimal cost = ((input * p[0]) + (output * p[1]) + (w5 * p[2]) + (w1 * p[3]) + (read * p[4])) / 1_000_000m;
            Totals t = result.GetValueOrDefault(model) ?? new Totals(0, 0, 0, 0, 0, 0m);
            result[model] = new Totals(t.Input + input, t.Output + output, t.Write5m + w5, t.Write1h + w1, t.Read + read, t.Cost + cost);
        }

        return result;
    }
}
