using System.Text;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// This machine's stable id, kept in a file beside the ledger (made once, a random GUID), and its host name: the
/// rows a ledger holds say which machine recorded them, so several machines can one day share one store.
/// </summary>
internal static class MachineIdentity
{
    public static LedgerMachine For(string ledgerFolder)
    {
        string path = IdFile(ledgerFolder);
        string? id = ReadText(path);
        if (!Guid.TryParse(id, out _))
        {
            // Written whole to a temporary file and moved into place only if no other process got there first, so
            // two first runs at once still agree on one id.
            string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Guid.NewGuid().ToString("D") + "\n", Encoding.UTF8);
            try
            {
                File.Move(temp, path, overwrite: id is not null); // overwrite only an unreadable id
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }

            id = File.ReadAllText(path, Encoding.UTF8).Trim();
        }

        return new LedgerMachine(id, Environment.MachineName);
    }

    /// <summary>The id kept beside the ledger in <paramref name="ledgerFolder"/>, read only; null when there is none yet or it is not one.</summary>
    public static string? Read(string ledgerFolder)
    {
        string? id = ReadText(IdFile(ledgerFolder));
        return Guid.TryParse(id, out _) ? id : null;
    }

    private static string IdFile(string ledgerFolder) => Path.Combine(ledgerFolder, LedgerLocation.MachineIdFileName);

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : null;
}
