using System.Management.Automation;

namespace ClaudeUsage.Internal;

/// <summary>Matches a name against any of several PowerShell wildcard patterns, ignoring case.</summary>
internal static class NameMatcher
{
    /// <summary>
    /// The matcher of a parameter's patterns; null when there are none. A pattern that is not a valid wildcard
    /// (<c>'['</c>) ends the command with an InvalidWildcardPattern error that names the parameter.
    /// </summary>
    public static Func<string, bool>? Create(PSCmdlet cmdlet, string parameter, IEnumerable<string>? patterns)
    {
        string[] texts = patterns?.Where(p => !string.IsNullOrEmpty(p)).ToArray() ?? [];
        if (texts.Length == 0)
        {
            return null;
        }

        var compiled = new WildcardPattern[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            compiled[i] = WildcardPattern.Get(texts[i], WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                _ = compiled[i].IsMatch(string.Empty); // a pattern is parsed on first use
            }
            catch (WildcardPatternException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{parameter} '{texts[i]}' is not a valid wildcard pattern: {ex.Message} Escape a literal [ or ] with a backtick (`[).", ex),
                    ErrorIds.InvalidWildcardPattern,
                    ErrorCategory.InvalidArgument,
                    texts[i]));
            }
        }

        return name => Array.Exists(compiled, p => p.IsMatch(name));
    }

    /// <summary>What a report shows for a response without a skill, plugin, subagent or MCP server.</summary>
    public const string None = "(none)";

    /// <summary>
    /// The matcher of a filter on what caused a response; null when there are no patterns. The patterns match the
    /// names; a response without one (given as null) is matched by the pattern <c>(none)</c> alone, so <c>*</c>
    /// keeps the responses that have one.
    /// </summary>
    public static Func<string?, bool>? CreateAttribution(PSCmdlet cmdlet, string parameter, IEnumerable<string>? patterns)
    {
        string[] texts = patterns?.Where(p => !string.IsNullOrEmpty(p)).ToArray() ?? [];
        if (Create(cmdlet, parameter, texts.Where(t => !IsNone(t))) is not { } names)
        {
            return texts.Any(IsNone) ? name => name is null : null;
        }

        bool none = texts.Any(IsNone);
        return name => name is null ? none : names(name);
    }

    private static bool IsNone(string pattern) => string.Equals(pattern.Trim(), None, StringComparison.OrdinalIgnoreCase);
}
