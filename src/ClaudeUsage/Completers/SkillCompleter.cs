using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ClaudeUsage.Completers;

/// <summary>Completes -Skill with the skills found in the logs, and <c>(none)</c>.</summary>
internal sealed class SkillCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(CompletionValues.Get(fakeBoundParameters).Skills, wordToComplete);
}
