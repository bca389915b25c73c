namespace ClaudeUsage.HelpBuilder;

/// <summary>
/// The whole help build of one culture folder: every cmdlet page into one MAML file named by the pages'
/// <c>external help file</c>, every about topic into <c>about_Name.help.txt</c>. The module page
/// (front matter with <c>Module Guid</c>) is a table of contents for readers and produces no file.
/// </summary>
public sealed class HelpBuild
{
    public required IReadOnlyList<CommandHelp> Commands { get; init; }

    /// <summary>Output file name → content, for every file the build writes.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public static HelpBuild FromFolder(string docsFolder)
    {
        var commands = new List<CommandHelp>();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(docsFolder, "*.md").Order(StringComparer.Ordinal))
        {
            string markdown = File.ReadAllText(path);
            string fileName = Path.GetFileName(path);
            if (fileName.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                (string topic, string text) = AboutTopicWriter.Write(path, markdown);
                files.Add(topic + ".help.txt", text);
                continue;
            }

            Dictionary<string, string> frontMatter;
            try
            {
                frontMatter = CommandPageReader.ReadFrontMatter(markdown);
            }
            catch (FormatException ex)
            {
                throw new HelpSchemaException(path, 1, $"Front matter: {ex.Message}");
            }

            if (frontMatter.ContainsKey("Module Guid"))
            {
                continue;
            }

            CommandHelp command = CommandPageReader.Read(path, markdown);
            if (!string.Equals(Path.GetFileNameWithoutExtension(path), command.Name, StringComparison.Ordinal))
            {
                throw new HelpSchemaException(path, 1, $"The page of {command.Name} must be named {command.Name}.md.");
            }

            commands.Add(command);
        }

        foreach (IGrouping<string, CommandHelp> helpFile in commands.GroupBy(ExternalHelpFile, StringComparer.Ordinal))
        {
            files.Add(helpFile.Key, MamlWriter.Write(helpFile));
        }

        return new HelpBuild { Commands = commands, Files = files };
    }

    private static string ExternalHelpFile(CommandHelp command) =>
        command.FrontMatter.TryGetValue("external help file", out string? file) && file.EndsWith("-Help.xml", StringComparison.Ordinal)
            ? file
            : throw new HelpSchemaException(command.SourcePath, 1, "The front matter must name the MAML file: 'external help file: <Assembly>.dll-Help.xml'.");
}
