using System.Management.Automation;

namespace ClaudeUsage.Internal;

/// <summary>Matches a name against any of several PowerShell wildcard patterns, ignoring case.</summary>
internal static class NameMatcher
{
    public static Func<string, bool>? Create(IEnumerable<string>? patterns)
    {
        WildcardPattern[]? compiled = patterns?
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
            .ToArray();
        if (compiled is null || compiled.Length == 0)
        {
            return null;
        }

        return name => Array.Exists(compiled, p => p.IsMatch(name));
    }
}
