using ClaudeUsage.HelpBuilder;

// Usage: ClaudeUsage.HelpBuilder [--check] <docs folder> <output folder>
//   Builds the MAML and about_*.help.txt files from the markdown in <docs folder> into <output folder>.
//   --check writes nothing and exits 1 when a file in <output folder> differs from what would be written.
bool check = args.Contains("--check");
string[] folders = args.Where(a => a != "--check").ToArray();
if (folders.Length != 2)
{
    Console.Error.WriteLine("usage: ClaudeUsage.HelpBuilder [--check] <docs folder> <output folder>");
    return 2;
}

HelpBuild build;
try
{
    build = HelpBuild.FromFolder(folders[0]);
}
catch (HelpSchemaException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

int stale = 0;
Directory.CreateDirectory(folders[1]);
foreach ((string name, string content) in build.Files)
{
    string target = Path.Combine(folders[1], name);
    bool same = File.Exists(target) && File.ReadAllText(target).ReplaceLineEndings("\n") == content;
    if (check)
    {
        if (!same)
        {
            Console.Error.WriteLine($"stale: {target}");
            stale++;
        }
    }
    else if (!same)
    {
        File.WriteAllText(target, content);
        Console.WriteLine($"wrote {target}");
    }
    else
    {
        Console.WriteLine($"unchanged {target}");
    }
}

return stale == 0 ? 0 : 1;
