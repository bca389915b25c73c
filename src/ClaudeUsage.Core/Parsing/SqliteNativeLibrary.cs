using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Loads the native SQLite library (e_sqlite3) from the module's own <c>runtimes/&lt;rid&gt;/native</c> folder.
/// </summary>
/// <remarks>
/// An application finds that folder through its deps.json, but a PowerShell module is loaded into pwsh, whose
/// deps.json knows nothing of it, so the provider's <c>[DllImport("e_sqlite3")]</c> would fail. A resolver on the
/// provider assembly picks the folder for the platform the process runs on, then SQLitePCLRaw is pointed at that
/// provider. Both happen once, before the first database is opened, and only when nothing else in the process has
/// set SQLitePCLRaw up already.
/// </remarks>
internal static class SqliteNativeLibrary
{
    private const string LibraryName = "e_sqlite3";

    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the resolver and the SQLite provider; safe to call from any thread, any number of times.</summary>
    /// <exception cref="DllNotFoundException">No native SQLite library could be loaded for this platform.</exception>
    public static void EnsureInitialized() => _ = Initialized.Value;

    /// <summary>The native library as this class loaded it; null when something else in the process loaded it.</summary>
    internal static IntPtr? LoadedHandle { get; private set; }

    private static readonly FieldInfo? CurrentProviderField =
        typeof(raw).GetField("_imp", BindingFlags.NonPublic | BindingFlags.Static);

    /// <summary>
    /// True while SQLitePCLRaw's provider calls the library in <see cref="LoadedHandle"/>: another component in the
    /// process may give it another provider (another SQLite) later. Microsoft.Data.Sqlite sets a new instance of the
    /// same provider when it first opens a connection, which calls the same library: its imports were bound through
    /// this class's resolver. False when it cannot be told (SQLitePCLRaw keeps its provider in a private field).
    /// </summary>
    internal static bool ProviderIsOurs() => IsOurs(CurrentProviderField?.GetValue(null));

    internal static bool IsOurs(object? provider) => LoadedHandle is not null && provider?.GetType() == typeof(SQLite3Provider_e_sqlite3);

    /// <summary>The file name of the native library on this operating system.</summary>
    internal static string FileName =>
        OperatingSystem.IsWindows() ? "e_sqlite3.dll"
        : OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() ? "libe_sqlite3.dylib"
        : "libe_sqlite3.so";

    /// <summary>
    /// The runtime identifiers to try, best first: the one the runtime reports (e.g. <c>linux-musl-x64</c> on Alpine),
    /// then the portable one built from the OS and process architecture, since a distribution's own .NET build reports
    /// a distro-specific one (<c>ubuntu.24.04-x64</c>) that no package ships. On Linux both C libraries are tried.
    /// </summary>
    internal static IEnumerable<string> CandidateRuntimeIdentifiers()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string reported = RuntimeInformation.RuntimeIdentifier;
        if (seen.Add(reported))
        {
            yield return reported;
        }

        string? arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            _ => null,
        };
        if (arch is null)
        {
            yield break;
        }

        string[] systems = OperatingSystem.IsWindows() ? ["win"]
            : OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() ? ["osx"]
            : reported.Contains("musl", StringComparison.OrdinalIgnoreCase) || IsMusl() ? ["linux-musl", "linux"]
            : ["linux", "linux-musl"];
        foreach (string system in systems)
        {
            string rid = system + "-" + arch;
            if (seen.Add(rid))
            {
                yield return rid;
            }
        }
    }

    /// <summary>The places the native library is looked for, best first.</summary>
    internal static IEnumerable<string> CandidatePaths(Assembly requesting)
    {
        var folders = new List<string>();
        foreach (Assembly assembly in new[] { typeof(SqliteNativeLibrary).Assembly, requesting })
        {
            string? folder = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
            if (folder is not null && !folders.Contains(folder, StringComparer.Ordinal))
            {
                folders.Add(folder);
            }
        }

        foreach (string folder in folders)
        {
            foreach (string rid in CandidateRuntimeIdentifiers())
            {
                yield return Path.Combine(folder, "runtimes", rid, "native", FileName);
            }

            yield return Path.Combine(folder, FileName);
        }
    }

    private static bool Initialize()
    {
        if (ProviderIsWorking())
        {
            // Something in this process (an application's own SQLite use, another module) set SQLitePCLRaw up first and
            // its library is loaded. A resolver now would bind the provider's remaining imports to a second copy of the
            // library, and handles from one copy passed to the other crash the process: use theirs.
            return true;
        }

        Assembly provider = typeof(SQLite3Provider_e_sqlite3).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(provider, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set on this assembly (another copy of the module, or its host, set one): keep it.
        }

        try
        {
            raw.SetProvider(new SQLite3Provider_e_sqlite3());
            _ = raw.sqlite3_libversion_number(); // loads the library now, so a failure is reported here, once
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new DllNotFoundException(
                $"The native SQLite library could not be loaded for {RuntimeInformation.RuntimeIdentifier} ({RuntimeInformation.OSDescription}). Looked for: {string.Join(", ", CandidatePaths(provider))}. {ex.Message}",
                ex);
        }

        return true;
    }

    private static bool ProviderIsWorking()
    {
        try
        {
            return raw.sqlite3_libversion_number() > 0;
        }
        catch (Exception)
        {
            return false; // no provider yet ("call SetProvider"), or one whose library did not load
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, LibraryName, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (string path in CandidatePaths(assembly))
        {
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle))
            {
                LoadedHandle = handle;
                return handle;
            }
        }

        return IntPtr.Zero; // the runtime's own probing: an application's deps.json, then the system's paths
    }

    /// <summary>True on a musl-based Linux (Alpine), where glibc builds of the library do not load.</summary>
    private static bool IsMusl()
    {
        try
        {
            return Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
