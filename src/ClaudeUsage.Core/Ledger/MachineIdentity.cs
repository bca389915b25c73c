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
        string path = Path.Combine(ledgerFolder, LedgerLocation.MachineIdFileName);
        string? id = null;
        if (File.Exists(path))
        {
            id = File.ReadAllText(path, Encoding.UTF8).Trim();
        }

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
}
