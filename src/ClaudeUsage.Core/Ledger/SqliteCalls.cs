using System.Runtime.InteropServices;
using ClaudeUsage.Core.Parsing;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The few SQLite functions the ledger calls once per row or per column (step, reset, bind, column), called straight
/// into the native library the module loaded. Through SQLitePCLRaw each call also goes through its provider's
/// interface and counts a reference on the statement's handle, which costs more than most of these functions do:
/// a first ingest binds 32 values a copy, and a report reads 29 columns a row. When the module did not load the
/// library itself (another component in the process set SQLitePCLRaw up first), or SQLitePCLRaw has since been given
/// another provider (another SQLite, whose handles the module's library must never see), the calls go through
/// SQLitePCLRaw: <see cref="NativeSqlite.Prepare"/> asks which, before each statement.
/// </summary>
internal static unsafe class SqliteCalls
{
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int> StepFn, ResetFn;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, long> ColumnInt64Fn;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> ColumnTypeFn, ColumnBytesFn, BindNullFn;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> ColumnBlobFn;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, long, int> BindInt64Fn;
    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, char*, int, IntPtr, int> BindText16Fn;

    /// <summary>Whether the library's functions were found.</summary>
    private static readonly bool Available;

    /// <summary>True when the calls go straight to the library (see <see cref="Decide"/>).</summary>
    public static bool Direct { get; private set; }

    /// <summary>SQLite's SQLITE_TRANSIENT destructor: the library copies the value before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    static SqliteCalls()
    {
        SqliteNativeLibrary.EnsureInitialized();
        if (SqliteNativeLibrary.LoadedHandle is not { } library)
        {
            return;
        }

        IntPtr F(string name) => NativeLibrary.TryGetExport(library, name, out IntPtr f) ? f : IntPtr.Zero;
        IntPtr[] all =
        [
            F("sqlite3_step"), F("sqlite3_reset"), F("sqlite3_column_int64"), F("sqlite3_column_type"), F("sqlite3_column_bytes"),
            F("sqlite3_bind_null"), F("sqlite3_column_blob"), F("sqlite3_bind_int64"), F("sqlite3_bind_text16"),
        ];
        if (Array.IndexOf(all, IntPtr.Zero) >= 0)
        {
            return;
        }

        StepFn = (delegate* unmanaged[Cdecl]<IntPtr, int>)all[0];
        ResetFn = (delegate* unmanaged[Cdecl]<IntPtr, int>)all[1];
        ColumnInt64Fn = (delegate* unmanaged[Cdecl]<IntPtr, int, long>)all[2];
        ColumnTypeFn = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)all[3];
        ColumnBytesFn = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)all[4];
        BindNullFn = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)all[5];
        ColumnBlobFn = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)all[6];
        BindInt64Fn = (delegate* unmanaged[Cdecl]<IntPtr, int, long, int>)all[7];
        BindText16Fn = (delegate* unmanaged[Cdecl]<IntPtr, int, char*, int, IntPtr, int>)all[8];
        Available = true;
        Decide();
    }

    /// <summary>Goes straight to the library only while SQLitePCLRaw still calls the same one.</summary>
    public static void Decide() => Direct = Available && SqliteNativeLibrary.ProviderIsOurs();

    // The statement's handle stays open while its SafeHandle is held by the caller, as it is for every call here.
    private static IntPtr H(sqlite3_stmt statement) => statement.DangerousGetHandle();

    public static int Step(sqlite3_stmt statement) => Direct ? StepFn(H(statement)) : raw.sqlite3_step(statement);

    public static int Reset(sqlite3_stmt statement) => Direct ? ResetFn(H(statement)) : raw.sqlite3_reset(statement);

    public static long ColumnInt64(sqlite3_stmt statement, int column) =>
        Direct ? ColumnInt64Fn(H(statement), column) : raw.sqlite3_column_int64(statement, column);

    public static int ColumnType(sqlite3_stmt statement, int column) =>
        Direct ? ColumnTypeFn(H(statement), column) : raw.sqlite3_column_type(statement, column);

    /// <summary>The column's bytes (a text's UTF-8), valid until the statement steps again.</summary>
    public static ReadOnlySpan<byte> ColumnBytes(sqlite3_stmt statement, int column)
    {
        if (!Direct)
        {
            return raw.sqlite3_column_blob(statement, column);
        }

        IntPtr h = H(statement);
        IntPtr blob = ColumnBlobFn(h, column); // before its length, as SQLite asks
        return blob == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)blob, ColumnBytesFn(h, column));
    }

    public static int BindInt64(sqlite3_stmt statement, int index, long value) =>
        Direct ? BindInt64Fn(H(statement), index, value) : raw.sqlite3_bind_int64(statement, index, value);

    public static int BindNull(sqlite3_stmt statement, int index) =>
        Direct ? BindNullFn(H(statement), index) : raw.sqlite3_bind_null(statement, index);

    public static int BindText16(sqlite3_stmt statement, int index, string value)
    {
        if (!Direct)
        {
            return raw.sqlite3_bind_text16(statement, index, value);
        }

        fixed (char* text = value)
        {
            return BindText16Fn(H(statement), index, text, value.Length * sizeof(char), Transient);
        }
    }
}
