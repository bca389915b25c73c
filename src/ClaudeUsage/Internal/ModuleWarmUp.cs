using System.Management.Automation;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Internal;

/// <summary>
/// On import, reads the built-in price table and loads SQLite on a pool thread, while PowerShell goes on to bind the
/// first command: every report needs both, and in a new process they are a tenth of an unchanged re-run.
/// </summary>
public sealed class ModuleWarmUp : IModuleAssemblyInitializer
{
    public void OnImport() => ThreadPool.QueueUserWorkItem(static _ => WarmUp());

    private static void WarmUp()
    {
        try
        {
            _ = PriceTable.BuiltIn;
            SqliteNativeLibrary.EnsureInitialized();

        }
        catch (Exception)
        {
            // The command that needs them meets the same failure and reports it.
        }
    }
}
