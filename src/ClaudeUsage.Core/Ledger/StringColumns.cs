using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Text columns read back as one string object per distinct value: a ledger read repeats the same session, project
/// and model ids thousands of times, and the summing's fast paths compare them by reference.
/// </summary>
internal sealed class StringColumns(SqliteDataReader reader)
{
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>The column's text, or null when it is null.</summary>
    public string? Read(int column) => reader.IsDBNull(column) ? null : Known(reader.GetString(column));

    /// <summary>The column's text; null when <paramref name="isNull"/> (the column holds '' for it).</summary>
    public string? Read(int column, bool isNull) => isNull ? null : Known(reader.GetString(column));

    private string Known(string value)
    {
        if (!_known.TryGetValue(value, out string? known))
        {
            _known[value] = known = value;
        }

        return known;
    }
}
