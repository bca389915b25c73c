using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ClaudeUsage.Completers;

/// <summary>Completes -Plugin with the plugins found in the logs, and <c>(none)</c>.</summary>
internal sealed class PluginCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(CompletionValues.Get(fakeBoundParameters).Plugins, wordToComplete);
}
