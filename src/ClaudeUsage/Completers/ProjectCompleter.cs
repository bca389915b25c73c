using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ClaudeUsage.Completers;

/// <summary>Completes -Project with the project names found in the logs.</summary>
internal sealed class ProjectCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(CompletionValues.Get(fakeBoundParameters).Projects, wordToComplete);
}
