using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// What the ledger's hot readers and writers share when they go through SQLite's own interface instead of
/// Microsoft.Data.Sqlite's (for speed): the connection's handle, preparing and binding, and result codes reported as
/// Microsoft.Data.Sqlite reports them, so the store's error handling sees the same exceptions.
/// </summary>
internal static class NativeSqlite
{
    public static sqlite3 Handle(SqliteConnection connection) =>
        connection.Handle ?? throw new InvalidOperationException("The ledger connection is not open.");

    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        SqliteCalls.Decide(); // a statement prepared through SQLitePCLRaw now is stepped through the same library
        Check(raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement), db);
        return statement;
    }

    public static void Bind(sqlite3 db, sqlite3_stmt statement, string name, long value) =>
        Bind(db, statement, ParameterIndex(statement, name), value);

    public static void Bind(sqlite3 db, sqlite3_stmt statement, string name, string value) =>
        Bind(db, statement, ParameterIndex(statement, name), (string?)value);

    /// <summary>The position of the statement's parameter <paramref name="name"/>, to bind it by position in a loop.</summary>
    public static int ParameterIndex(sqlite3_stmt statement, string name) =>
        raw.sqlite3_bind_parameter_index(statement, name) is var i and > 0
            ? i
            : throw new InvalidOperationException($"The statement has no parameter {name}.");

    public static void Bind(sqlite3 db, sqlite3_stmt statement, int index, long value) =>
        Check(SqliteCalls.BindInt64(statement, index, value), db);

    public static void Bind(sqlite3 db, sqlite3_stmt statement, int index, long? value) =>
        Check(value is { } v ? SqliteCalls.BindInt64(statement, index, v) : SqliteCalls.BindNull(statement, index), db);

    /// <summary>Binds a text (SQLite copies it) or, for null, SQL's null.</summary>
    public static void Bind(sqlite3 db, sqlite3_stmt statement, int index, string? value) =>
        Check(value is null ? SqliteCalls.BindNull(statement, index) : SqliteCalls.BindText16(statement, index, value), db);

    /// <summary>
    /// Steps a statement that gives at most one row of one number (an id): the number, or null for no row. The
    /// statement is reset for its next use.
    /// </summary>
    public static long? StepForNumber(sqlite3 db, sqlite3_stmt statement)
    {
        try
        {
            int rc = SqliteCalls.Step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                return SqliteCalls.ColumnInt64(statement, 0);
            }

            Check(rc, db);
            return null;
        }
        finally
        {
            SqliteCalls.Reset(statement);
        }
    }

    /// <summary>Throws SQLite's error for a code other than OK, or DONE (a statement stepped to its end).</summary>
    public static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
