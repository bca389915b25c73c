using System.Management.Automation;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Pricing;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Internal;

/// <summary>
/// On import, reads the built-in price table and loads and opens SQLite (in memory) on a pool thread, while PowerShell
/// goes on to bind the first command: every report needs both, and in a new process they took about 80 ms of an
/// unchanged re-run's half second.
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

            // A connection to no file runs the code the ledger's own opening runs first.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            _ = command.ExecuteScalar();
        }
        catch (Exception)
        {
            // The command that needs them meets the same failure and reports it.
        }
    }
}
