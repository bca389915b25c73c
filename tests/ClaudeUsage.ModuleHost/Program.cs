using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: ClaudeUsage.ModuleHost <script>
// Runs the script in a fresh runspace and prints each output object as "Property=Value" lines with a blank line
// between objects; warnings ("WARNING: ...") and errors go to standard error. Exit code: 0 on success, 1 when any error was written.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ClaudeUsage.ModuleHost <script>");
    return 2;
}

using PowerShell ps = PowerShell.Create(InitialSessionState.CreateDefault2());
ps.AddScript(args[0]);
try
{
    foreach (PSObject result in ps.Invoke())
    {
        if (result.BaseObject is string or ValueType)
        {
            Console.WriteLine(result.BaseObject);
        }
        else
        {
            foreach (PSPropertyInfo property in result.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueInvocationException)
                {
                    continue;
                }

                Console.WriteLine($"{property.Name}={(value is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : value)}");
            }
        }

        Console.WriteLine();
    }
}
catch (RuntimeException ex)
{
    Console.Error.WriteLine($"terminating: {ex.ErrorRecord.FullyQualifiedErrorId}: {ex.Message}");
    return 1;
}

foreach (WarningRecord warning in ps.Streams.Warning)
{
    Console.Error.WriteLine($"WARNING: {warning.Message}");
}

foreach (ErrorRecord error in ps.Streams.Error)
{
    Console.Error.WriteLine($"{error.FullyQualifiedErrorId}: {error}");
}

return ps.Streams.Error.Count > 0 ? 1 : 0;
