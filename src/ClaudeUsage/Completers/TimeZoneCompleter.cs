using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ClaudeUsage.Completers;

/// <summary>Completes -TimeZone with the zone ids this system knows.</summary>
internal sealed class TimeZoneCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(
            new[] { "Local", "UTC" }.Concat(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order(StringComparer.OrdinalIgnoreCase)),
            wordToComplete);
}
