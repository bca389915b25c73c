using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ClaudeUsage.Completers;

/// <summary>Offers Max for -TokenLimit (a number is typed as it is).</summary>
public sealed class TokenLimitCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        "Max".StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase)
            ? [new CompletionResult("Max", "Max", CompletionResultType.ParameterValue, "The most tokens any finished window used")]
            : [];
}
