using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Completers;

/// <summary>Completes Get-ClaudeModelPrice -Model with the models in the built-in price table.</summary>
internal sealed class PricedModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(PriceTable.BuiltIn.Models.Select(m => m.Model), wordToComplete);
}
