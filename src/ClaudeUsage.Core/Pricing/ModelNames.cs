using System.Text.RegularExpressions;

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// Reduces the many spellings of a model name to the canonical one the price table uses:
/// <c>claude-sonnet-4-5-20250929</c>, <c>anthropic/claude-sonnet-4.5</c>,
/// <c>us.anthropic.claude-sonnet-4-5-20250929-v1:0</c> and <c>claude-sonnet-4-5@20250929</c> are all
/// <c>claude-sonnet-4-5</c>.
/// </summary>
internal static partial class ModelNames
{
    public static string Normalize(string model)
    {
        string s = model.Trim().ToLowerInvariant();
        int bracket = s.IndexOf('[');
        if (bracket > 0)
        {
            s = s[..bracket]; // "claude-sonnet-4-5[1m]"
        }

        int slash = s.LastIndexOf('/');
        if (slash >= 0)
        {
            s = s[(slash + 1)..]; // "anthropic/claude-…", "openrouter/anthropic/claude-…"
        }

        int claude = s.IndexOf("claude", StringComparison.Ordinal);
        if (claude > 0)
        {
            s = s[claude..]; // Bedrock "us.anthropic.claude-…"
        }

        int at = s.IndexOf('@');
        if (at > 0)
        {
            s = s[..at]; // Vertex "claude-…@20250929"
        }

        s = BedrockVersionSuffix().Replace(s, string.Empty);
        s = DateSuffix().Replace(s, string.Empty);
        if (s.EndsWith("-latest", StringComparison.Ordinal))
        {
            s = s[..^"-latest".Length];
        }

        return DottedVersion().Replace(s, "$1-$2"); // "claude-sonnet-4.5" → "claude-sonnet-4-5"
    }

    [GeneratedRegex(@"-v\d+(:\d+)?$")]
    private static partial Regex BedrockVersionSuffix();

    [GeneratedRegex(@"-\d{8}$")]
    private static partial Regex DateSuffix();

    [GeneratedRegex(@"(\d)\.(\d)")]
    private static partial Regex DottedVersion();
}
