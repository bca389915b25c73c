using System.Globalization;

namespace ClaudeUsage.Benchmarks;

/// <summary>The command line: a command word followed by <c>--name value</c> pairs and <c>--flag</c>s.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public Options(string[] args)
    {
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Command = args[0];
            i = 1;
        }

        for (; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            string name = args[i][2..];
            string? value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            _values[name] = value;
        }
    }

    public string Command { get; } = "run";

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out string? v) ? v : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A size such as 100MB, 1GB, 1.5GB or a plain byte count (decimal units: 1 GB = 10^9 bytes).</summary>
    public static long ParseSize(string text)
    {
        text = text.Trim().ToUpperInvariant();
        (string digits, long unit) = text.EndsWith("GB", StringComparison.Ordinal) ? (text[..^2], 1_000_000_000L)
            : text.EndsWith("MB", StringComparison.Ordinal) ? (text[..^2], 1_000_000L)
            : (text, 1L);
        return (long)(double.Parse(digits, CultureInfo.InvariantCulture) * unit);
    }
}
