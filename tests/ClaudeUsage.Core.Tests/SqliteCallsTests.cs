using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Tests;

/// <summary>
/// The ledger's direct calls into the native SQLite library against the same calls through SQLitePCLRaw: the same
/// values bound and read back, for numbers at their limits, nulls, empty and non-ASCII texts.
/// </summary>
public class SqliteCallsTests
{
    private static readonly string?[] Texts = ["", null, "caf\u00e9 \u2615", "\U0001F600 emoji", new string('x', 5000), "nul\u0000inside"];

    private static readonly long[] Numbers = [0, 1, -1, long.MaxValue, long.MinValue, 1L << 40];

    private static SqliteConnection InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    [Fact]
    public void The_library_the_module_loaded_is_called_directly()
    {
        // The tests load the library as the module does (nothing else in the process sets SQLitePCLRaw up first), so
        // the comparison below is of the direct calls, not of SQLitePCLRaw with itself.
        SqliteNativeLibrary.EnsureInitialized();
        Assert.NotNull(SqliteNativeLibrary.LoadedHandle);
        Assert.True(SqliteCalls.Direct);
    }

    [Fact]
    public void A_new_instance_of_the_same_provider_keeps_the_calls_direct_and_another_provider_does_not()
    {
        using SqliteConnection connection = InMemory();
        sqlite3 db = NativeSqlite.Handle(connection);

        // Microsoft.Data.Sqlite's own set-up gives SQLitePCLRaw a new instance of the provider: the same library.
        raw.SetProvider(new SQLite3Provider_e_sqlite3());
        using (sqlite3_stmt select = NativeSqlite.Prepare(db, "SELECT 40 + 2;"))
        {
            Assert.True(SqliteCalls.Direct);
            Assert.Equal(raw.SQLITE_ROW, SqliteCalls.Step(select));
            Assert.Equal(42, SqliteCalls.ColumnInt64(select, 0));
        }

        // A provider of another kind calls another library, or none that can be told.
        Assert.False(SqliteNativeLibrary.IsOurs(new object()));
        Assert.False(SqliteNativeLibrary.IsOurs(null));
        Assert.True(SqliteNativeLibrary.IsOurs(new SQLite3Provider_e_sqlite3()));
    }

    [Fact]
    public void Values_bound_and_read_directly_equal_those_bound_and_read_through_SQLitePCLRaw()
    {
        using SqliteConnection connection = InMemory();
        sqlite3 db = NativeSqlite.Handle(connection);
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (k INTEGER, n INTEGER, s TEXT, via INTEGER);";
            create.ExecuteNonQuery();
        }

        // Each value written twice: once through the direct calls (via 1), once through SQLitePCLRaw (via 0).
        using (sqlite3_stmt insert = NativeSqlite.Prepare(db, "INSERT INTO t (k, n, s, via) VALUES (?1, ?2, ?3, ?4);"))
        {
            for (int i = 0; i < Texts.Length; i++)
            {
                foreach (bool direct in new[] { true, false })
                {
                    string? text = Texts[i];
                    if (direct)
                    {
                        Assert.Equal(raw.SQLITE_OK, SqliteCalls.BindInt64(insert, 1, i));
                        Assert.Equal(raw.SQLITE_OK, SqliteCalls.BindInt64(insert, 2, Numbers[i]));
                        Assert.Equal(raw.SQLITE_OK, text is null ? SqliteCalls.BindNull(insert, 3) : SqliteCalls.BindText16(insert, 3, text));
                        Assert.Equal(raw.SQLITE_OK, SqliteCalls.BindInt64(insert, 4, 1));
                        Assert.Equal(raw.SQLITE_DONE, SqliteCalls.Step(insert));
                        Assert.Equal(raw.SQLITE_OK, SqliteCalls.Reset(insert));
                    }
                    else
                    {
                        raw.sqlite3_bind_int64(insert, 1, i);
                        raw.sqlite3_bind_int64(insert, 2, Numbers[i]);
                        _ = text is null ? raw.sqlite3_bind_null(insert, 3) : raw.sqlite3_bind_text16(insert, 3, text);
                        raw.sqlite3_bind_int64(insert, 4, 0);
                        Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(insert));
                        raw.sqlite3_reset(insert);
                    }
                }
            }
        }

        // Every row read both ways; the two rows of each value read the same.
        var read = new List<string>();
        using (sqlite3_stmt select = NativeSqlite.Prepare(db, "SELECT k, n, s, via FROM t ORDER BY k, via;"))
        {
            int rc;
            while ((rc = SqliteCalls.Step(select)) == raw.SQLITE_ROW)
            {
                Assert.Equal(raw.sqlite3_column_int64(select, 0), SqliteCalls.ColumnInt64(select, 0));
                Assert.Equal(raw.sqlite3_column_type(select, 2), SqliteCalls.ColumnType(select, 2));
                byte[] direct = SqliteCalls.ColumnBytes(select, 2).ToArray();
                Assert.Equal(raw.sqlite3_column_blob(select, 2).ToArray(), direct);
                string text = SqliteCalls.ColumnType(select, 2) == raw.SQLITE_NULL ? "(null)" : System.Text.Encoding.UTF8.GetString(direct);
                read.Add($"{SqliteCalls.ColumnInt64(select, 0)} {SqliteCalls.ColumnInt64(select, 1)} {text}");
            }

            Assert.Equal(raw.SQLITE_DONE, rc);
        }

        var expected = new List<string>();
        for (int i = 0; i < Texts.Length; i++)
        {
            string text = Texts[i] ?? "(null)";
            expected.Add($"{i} {Numbers[i]} {text}");
            expected.Add($"{i} {Numbers[i]} {text}");
        }

        Assert.Equal(expected, read);
    }
}
