using System.Collections.ObjectModel;
using System.Management.Automation;

namespace ClaudeUsage.Internal;

/// <summary>Resolves -Path (wildcards) and -LiteralPath arguments to file system paths; a path that is not there is a PathNotFound error.</summary>
internal static class LogPaths
{
    public static void AddWildcard(PSCmdlet cmdlet, string pattern, List<string> into)
    {
        try
        {
            Collection<string> resolved = cmdlet.GetResolvedProviderPathFromPSPath(pattern, out ProviderInfo provider);
            if (provider.Name != "FileSystem")
            {
                WriteNotFound(cmdlet, pattern, $"'{pattern}' is not a file system path.");
                return;
            }

            if (resolved.Count == 0)
            {
                // A wildcard that matches nothing, or a name with [ ] that is taken as one (x[1].jsonl).
                WriteNotFound(cmdlet, pattern, $"No file or folder matches '{pattern}'. A name with [ or ] in it is read as a wildcard: pass it with -LiteralPath.");
                return;
            }

            into.AddRange(resolved);
        }
        catch (ItemNotFoundException)
        {
            WriteNotFound(cmdlet, pattern, $"Cannot find path '{pattern}' because it does not exist.");
        }
    }

    public static void AddLiteral(PSCmdlet cmdlet, string literal, List<string> into)
    {
        string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(literal);
        if (File.Exists(path) || Directory.Exists(path))
        {
            into.Add(path);
        }
        else
        {
            WriteNotFound(cmdlet, literal, $"Cannot find path '{literal}' because it does not exist.");
        }
    }

    private static void WriteNotFound(PSCmdlet cmdlet, string path, string message) => cmdlet.WriteError(new ErrorRecord(
        new ItemNotFoundException(message),
        ErrorIds.PathNotFound,
        ErrorCategory.ObjectNotFound,
        path));
}
