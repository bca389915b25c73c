using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ClaudeUsage.HelpBuilder;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// The help a user gets: Get-Help on the imported staged module, and the three sources of that help kept in
/// step: the cmdlets themselves, the markdown in docs/en-US and the committed MAML built from it.
/// </summary>
public partial class HelpTests
{
    private static readonly Lazy<IReadOnlyList<CmdletSignature>> Cmdlets = new(CmdletSignature.LoadAll);

    private static string Docs => Path.Combine(RepoRoot, "docs", "en-US");

    private static string MamlFolder => Path.Combine(RepoRoot, "docs", "maml", "en-US");

    /// <summary>
    /// pwsh's Microsoft.PowerShell.Utility cmdlets (Format-Table, Select-Object, ...), which the engine alone lacks,
    /// for the examples that pipe into them.
    /// </summary>
    private static string UtilityCmdlets => typeof(Microsoft.PowerShell.Commands.FormatTableCommand).Assembly.Location;

    [Fact]
    public void Get_help_full_gives_every_exported_cmdlet_its_synopsis_description_parameters_and_examples()
    {
        HelpBuild docs = HelpBuild.FromFolder(Docs);
        var problems = new List<string>();
        foreach (CmdletSignature cmdlet in Cmdlets.Value)
        {
            RunResult r = Run($$"""
                $h = Get-Help {{cmdlet.Name}} -Full
                [pscustomobject]@{
                    Synopsis = [string]$h.Synopsis
                    Description = @($h.description | ForEach-Object Text) -join ' '
                    Parameters = @($h.parameters.parameter | ForEach-Object name)
                    Examples = @($h.examples.example | ForEach-Object { [string]$_.code })
                    ExampleTitles = @((Get-Help {{cmdlet.Name}} -Examples).examples.example | ForEach-Object title)
                }
                """);
            Assert.Empty(r.Errors);
            dynamic help = Assert.Single(r.Output);
            CommandHelp page = docs.Commands.Single(c => c.Name == cmdlet.Name);

            // Without MAML, Get-Help makes up a synopsis from the syntax; this one must be the page's.
            if ((string)help.Synopsis != page.Synopsis[0])
            {
                problems.Add($"{cmdlet.Name}: Get-Help shows the synopsis '{help.Synopsis}', not the one in its page; is the MAML staged in out/ClaudeUsage/en-US?");
            }

            if (((string)help.Description).Length < 40)
            {
                problems.Add($"{cmdlet.Name}: Get-Help shows no description.");
            }

            string[] shown = ((object[])help.Parameters).Select(p => p.ToString()!).Order().ToArray();
            string[] declared = cmdlet.Parameters.Select(p => p.Name).Order().ToArray();
            if (!shown.SequenceEqual(declared))
            {
                problems.Add($"{cmdlet.Name}: Get-Help lists the parameters {string.Join(", ", shown)}; the cmdlet has {string.Join(", ", declared)}.");
            }

            object[] examples = (object[])help.Examples;
            if (examples.Length < 3 || examples.Any(e => string.IsNullOrWhiteSpace(e.ToString())))
            {
                problems.Add($"{cmdlet.Name}: Get-Help shows {examples.Length} example(s), each needing code; at least three are expected.");
            }

            if (((object[])help.ExampleTitles).Length != examples.Length)
            {
                problems.Add($"{cmdlet.Name}: Get-Help -Examples shows a different number of examples than -Full.");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Users_with_another_ui_language_get_the_english_help()
    {
        // Only en-US help ships; the engine falls back to it from any other UI culture.
        RunResult r = Run("[System.Threading.Thread]::CurrentThread.CurrentUICulture = [cultureinfo]'de-DE'; (Get-Help Get-ClaudeModelPrice).Synopsis");

        Assert.Equal("Lists the model prices in effect (USD per million tokens), so every cost can be audited.", Assert.Single(r.Output).ToString());
    }

    [Fact]
    public void Get_help_shows_the_about_topic_after_import()
    {
        RunResult r = Run("Get-Help about_ClaudeUsage | Out-Default");

        Assert.Empty(r.Errors);
        Assert.StartsWith("TOPIC", r.HostText.TrimStart());
        Assert.Contains("about_claudeusage", r.HostText);
        Assert.Contains("SHORT DESCRIPTION", r.HostText);
        Assert.Contains("How responses are counted once", r.HostText);
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_page_and_its_page_and_the_maml_match_what_the_cmdlet_declares()
    {
        HelpBuild docs = HelpBuild.FromFolder(Docs);
        Dictionary<string, XElement> maml = HelpDrift.MamlCommands(XDocument.Load(Path.Combine(MamlFolder, "ClaudeUsage.dll-Help.xml")));
        var problems = new List<string>();
        foreach (CmdletSignature cmdlet in Cmdlets.Value)
        {
            problems.AddRange(HelpDrift.InPage(cmdlet, docs.Commands.SingleOrDefault(c => c.Name == cmdlet.Name)));
            problems.AddRange(HelpDrift.InMaml(cmdlet, maml.GetValueOrDefault(cmdlet.Name)));
        }

        foreach (CommandHelp page in docs.Commands.Where(p => !Cmdlets.Value.Any(c => c.Name == p.Name)))
        {
            problems.Add($"{HelpDrift.DocsFolder}/{page.Name}.md documents a cmdlet the module does not export: add it to CmdletsToExport in ClaudeUsage.psd1, or delete the page.");
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void The_module_page_lists_every_exported_cmdlet_with_its_synopsis_and_the_manifest_guid()
    {
        string module = File.ReadAllText(Path.Combine(Docs, "ClaudeUsage.md"));
        HelpBuild docs = HelpBuild.FromFolder(Docs);
        var listed = ModulePageEntry().Matches(module).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["synopsis"].Value.Trim());
        var problems = new List<string>();
        foreach (CmdletSignature cmdlet in Cmdlets.Value)
        {
            string synopsis = docs.Commands.Single(c => c.Name == cmdlet.Name).Synopsis[0];
            if (!listed.TryGetValue(cmdlet.Name, out string? shown) || shown != synopsis)
            {
                problems.Add($"docs/en-US/ClaudeUsage.md must list:\n### [{cmdlet.Name}]({cmdlet.Name}.md)\n{synopsis}");
            }
        }

        problems.AddRange(listed.Keys.Where(n => !Cmdlets.Value.Any(c => c.Name == n)).Select(n => $"docs/en-US/ClaudeUsage.md lists {n}, which the module does not export."));
        RunResult manifest = Run($"(Test-ModuleManifest -Path {Q(ManifestPath)}).Guid.ToString()", importModule: false);
        Assert.Contains($"Module Guid: {manifest.Output.Single()}", module);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void The_committed_maml_and_about_text_are_exactly_what_the_builder_makes_of_the_markdown()
    {
        HelpBuild build = HelpBuild.FromFolder(Docs);
        var problems = new List<string>();
        foreach ((string name, string content) in build.Files)
        {
            string committed = Path.Combine(MamlFolder, name);
            if (!File.Exists(committed))
            {
                problems.Add($"docs/maml/en-US/{name} is missing.");
            }
            else if (File.ReadAllText(committed).ReplaceLineEndings("\n") != content)
            {
                problems.Add($"docs/maml/en-US/{name} is not what docs/en-US builds (edited by hand, or the markdown changed since it was built).");
            }
        }

        problems.AddRange(Directory.EnumerateFiles(MamlFolder).Select(Path.GetFileName).Where(f => !build.Files.ContainsKey(f!)).Select(f => $"docs/maml/en-US/{f} is built from no page: delete it."));
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\nRegenerate with {HelpDrift.RegenerateCommand} and commit the result with the markdown.");
    }

    [Fact]
    public void Every_example_output_in_the_docs_is_what_the_module_prints_for_it()
    {
        var problems = new List<string>();
        int checkedExamples = 0;
        foreach (CommandHelp page in HelpBuild.FromFolder(Docs).Commands)
        {
            foreach (ExampleHelp example in page.Examples)
            {
                CodeBlockHelp? output = example.Code.FirstOrDefault(c => c.Language.Equals("Output", StringComparison.OrdinalIgnoreCase));
                if (output is null)
                {
                    continue;
                }

                string[] commands = example.Code[0].Text.Split('\n').Where(l => l.StartsWith("PS> ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray();
                Assert.True(commands.Length == 1, $"{page.Name} '{example.Title}': an example with output runs one command, written 'PS> command'.");
                RunResult r = Run($"Import-Module {Q(UtilityCmdlets)}; $PSStyle.OutputRendering = 'PlainText'; $null = $ExecutionContext.SessionState.Path.SetLocation({Q(RepoRoot)}); {commands[0]} | Out-Default");
                string actual = Normalize(r.HostText);
                if (r.Errors.Count > 0 || actual != Normalize(output.Text))
                {
                    problems.Add($"docs/en-US/{page.Name}.md, '{example.Title}': the Output block must be what `{commands[0]}` prints from the repository root:\n{actual}\n{string.Join("\n", r.Errors)}");
                }

                checkedExamples++;
            }
        }

        Assert.True(checkedExamples >= 12, $"Only {checkedExamples} examples with output were found.");
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>Text as a console shows it: no colour codes, no trailing spaces, no blank lines around it.</summary>
    private static string Normalize(string text) =>
        string.Join("\n", AnsiEscape().Replace(text, string.Empty).ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim('\n');

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^### \[(?<name>[A-Za-z]+-[A-Za-z]+)\]\(\k<name>\.md\)\n(?<synopsis>[^\n]+)", RegexOptions.Multiline)]
    private static partial Regex ModulePageEntry();
}
