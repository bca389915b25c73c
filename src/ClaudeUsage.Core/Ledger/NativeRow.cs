using System.IO.Hashing;
using System.Text;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The current row of a statement stepped through SQLite's own interface, read by column position. Microsoft.Data.Sqlite
/// asks each column's type (a call into SQLite) before reading it and makes a new string of every text; here a column
/// that cannot be null is read with one call, and a text becomes a string once per distinct value (found by a hash of
/// its bytes): a ledger repeats the same session, project and model ids thousands of times, and the summing's fast
/// paths compare them by reference.
/// </summary>
internal sealed class NativeRow(sqlite3_stmt statement)
{
    private readonly Dictionary<UInt128, string> _known = [];

    public long Int(int column) => SqliteCalls.ColumnInt64(statement, column);

    public bool IsNull(int column) => SqliteCalls.ColumnType(statement, column) == raw.SQLITE_NULL;

    public long? IntOrNull(int column) => IsNull(column) ? null : Int(column);

    /// <summary>The column's bytes (a text's UTF-8).</summary>
    public ReadOnlySpan<byte> Bytes(int column) => SqliteCalls.ColumnBytes(statement, column);

    public string? TextOrNull(int column) => IsNull(column) ? null : Text(column);

    /// <summary>The column's text, which is not null.</summary>
    public string Text(int column)
    {
        ReadOnlySpan<byte> utf8 = Bytes(column);
        UInt128 key = XxHash128.HashToUInt128(utf8);
        if (!_known.TryGetValue(key, out string? text))
        {
            _known[key] = text = Encoding.UTF8.GetString(utf8);
        }

        return text;
    }

    /// <summary>A text each row has its own of (an id): made into a string, not remembered.</summary>
    public string? UniqueTextOrNull(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(Bytes(column));
}
