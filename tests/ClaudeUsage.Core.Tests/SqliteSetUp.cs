using System.Runtime.CompilerServices;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Tests;

/// <summary>
/// Sets SQLite up as the module does, before any test runs: the module loads the native library through its own
/// resolver before it opens any database, so the tests do too, whichever test happens to open one first.
/// </summary>
internal static class SqliteSetUp
{
    [ModuleInitializer]
    internal static void Initialize() => SqliteNativeLibrary.EnsureInitialized();
}
