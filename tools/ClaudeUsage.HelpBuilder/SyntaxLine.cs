using System.Text.RegularExpressions;

namespace ClaudeUsage.HelpBuilder;

/// <summary>Reads a platyPS syntax line such as <c>Get-X [[-Path] &lt;String[]&gt;] -Name &lt;String&gt; [&lt;CommonParameters&gt;]</c>.</summary>
public static partial class SyntaxLine
{
    /// <summary>The parameter names in the order the line lists them (without the dash).</summary>
    public static IReadOnlyList<string> ParameterNames(string code) =>
        ParameterPattern().Matches(code).Select(m => m.Groups["name"].Value).ToList();

    // A dash that starts a parameter: after a space or an opening bracket, never inside a type name.
    [GeneratedRegex(@"(?<=[\s\[])-(?<name>[A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex ParameterPattern();
}
