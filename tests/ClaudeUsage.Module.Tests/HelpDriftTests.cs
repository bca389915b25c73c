using System.Xml.Linq;
using ClaudeUsage.HelpBuilder;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>The consistency checks fail on each kind of drift, and say what to fix.</summary>
public class HelpDriftTests
{
    private static readonly Lazy<IReadOnlyList<CmdletSignature>> Cmdlets = new(CmdletSignature.LoadAll);

    private static CmdletSignature Cmdlet(string name) => Cmdlets.Value.Single(c => c.Name == name);

    private static string PagePath(string name) => Path.Combine(RepoRoot, "docs", "en-US", name + ".md");

    /// <summary>The real page of a cmdlet with one edit applied (the edit must change it).</summary>
    private static CommandHelp Page(string name, Func<string, string>? edit = null)
    {
        string markdown = File.ReadAllText(PagePath(name)).ReplaceLineEndings("\n");
        string edited = edit?.Invoke(markdown) ?? markdown;
        Assert.True(edit is null || edited != markdown, "The edit did not change the page.");
        return CommandPageReader.Read(PagePath(name), edited);
    }

    /// <summary>Removes one '### -Name' entry (up to the next ### heading) from a page.</summary>
    private static string WithoutParameter(string markdown, string name)
    {
        int start = markdown.IndexOf($"### -{name}\n", StringComparison.Ordinal);
        int end = markdown.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        return markdown[..start] + markdown[(end + 1)..];
    }

    [Fact]
    public void The_real_pages_have_no_drift()
    {
        foreach (CmdletSignature cmdlet in Cmdlets.Value)
        {
            Assert.Empty(HelpDrift.InPage(cmdlet, Page(cmdlet.Name)));
        }
    }

    [Fact]
    public void A_parameter_missing_from_the_page_is_reported_with_the_block_to_add()
    {
        List<string> problems = HelpDrift.InPage(Cmdlet("Get-ClaudeUsage"), Page("Get-ClaudeUsage", md => WithoutParameter(md, "PricingPath")));

        string problem = Assert.Single(problems);
        Assert.Contains("parameter -PricingPath is not documented", problem);
        Assert.Contains("Type: String\nParameter Sets: (All)", problem);
    }

    [Fact]
    public void A_documented_parameter_the_cmdlet_lacks_is_reported_and_progress_action_is_named_a_common_parameter()
    {
        string extra = "### -ProgressAction\nShows progress.\n\n```yaml\nType: ActionPreference\nParameter Sets: (All)\nAliases: proga\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n### CommonParameters";

        List<string> problems = HelpDrift.InPage(Cmdlet("Get-ClaudeModelPrice"), Page("Get-ClaudeModelPrice", md => md.Replace("### CommonParameters", extra, StringComparison.Ordinal)));

        Assert.Contains(problems, p => p.Contains("remove '### -ProgressAction': it is a common parameter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_type_is_reported_naming_the_declared_type()
    {
        List<string> problems = HelpDrift.InPage(Cmdlet("Get-ClaudeSession"), Page("Get-ClaudeSession", md => md.Replace("### -Since\n", "### -Since\n", StringComparison.Ordinal)
            .Replace("Type: DateTime\nParameter Sets: (All)\nAliases: Start\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False\n```\n\n### -Skill", "Type: String\nParameter Sets: (All)\nAliases: Start\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False\n```\n\n### -Skill", StringComparison.Ordinal)));

        string problem = Assert.Single(problems);
        Assert.Contains("-Since", problem);
        Assert.Contains("Type is DateTime, not String", problem);
    }

    [Fact]
    public void A_changed_default_pipeline_binding_or_alias_is_reported()
    {
        CmdletSignature usage = Cmdlet("Get-ClaudeUsage");

        List<string> defaultChanged = HelpDrift.InPage(usage, Page("Get-ClaudeUsage", md => md.Replace("Default value: Day", "Default value: Total", StringComparison.Ordinal)));
        const string SessionIdBinding = "selects the sessions to read.\n\n```yaml\nType: String[]\nParameter Sets: (All)\nAliases:\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: ";
        List<string> pipelineChanged = HelpDrift.InPage(usage, Page("Get-ClaudeUsage", md => md.Replace(SessionIdBinding + "True (ByPropertyName)", SessionIdBinding + "False", StringComparison.Ordinal)));
        List<string> aliasDropped = HelpDrift.InPage(usage, Page("Get-ClaudeUsage", md => md.Replace("Aliases: PSPath, LP, FilePath", "Aliases: PSPath, LP", StringComparison.Ordinal)));

        Assert.Contains("Default value is Day, not Total", Assert.Single(defaultChanged));
        Assert.Contains("-SessionId", Assert.Single(pipelineChanged));
        Assert.Contains("Aliases are 'PSPath, LP, FilePath'", Assert.Single(aliasDropped));
    }

    [Fact]
    public void A_stale_syntax_line_and_a_wrong_output_type_are_reported()
    {
        List<string> problems = HelpDrift.InPage(Cmdlet("Get-ClaudeModelPrice"), Page("Get-ClaudeModelPrice", md => md
            .Replace("Get-ClaudeModelPrice [[-Model] <String[]>] [-At <DateTime>] [-PricingPath <String>]", "Get-ClaudeModelPrice [[-Model] <String[]>] [-At <DateTime>]", StringComparison.Ordinal)
            .Replace("### ClaudeUsage.ModelPrice", "### ClaudeUsage.Price", StringComparison.Ordinal)));

        Assert.Equal(2, problems.Count);
        Assert.Contains("SYNTAX does not match", problems[0]);
        Assert.Contains("OUTPUTS must name exactly '### ClaudeUsage.ModelPrice'", problems[1]);
    }

    [Fact]
    public void A_cmdlet_without_a_page_gets_a_skeleton_that_already_matches_it()
    {
        CmdletSignature usage = Cmdlet("Get-ClaudeUsage");

        string problem = Assert.Single(HelpDrift.InPage(usage, page: null));
        string skeleton = HelpDrift.Skeleton(usage);

        Assert.Contains("docs/en-US/Get-ClaudeUsage.md is missing", problem);
        Assert.Contains(skeleton, problem);
        // Only the prose is left to write: the generated parts already pass every check.
        Assert.Empty(HelpDrift.InPage(usage, CommandPageReader.Read("Get-ClaudeUsage.md", skeleton)));
    }

    [Fact]
    public void Maml_that_lost_a_parameter_or_kept_a_removed_one_is_reported()
    {
        XDocument maml = XDocument.Load(Path.Combine(RepoRoot, "docs", "maml", "en-US", "ClaudeUsage.dll-Help.xml"));
        XElement command = HelpDrift.MamlCommands(maml)["Get-ClaudeSession"];
        XNamespace ns = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml2004 = "http://schemas.microsoft.com/maml/2004/10";
        command.Element(ns + "parameters")!.Elements(ns + "parameter").First(p => (string)p.Element(maml2004 + "name")! == "Until").Remove();
        command.Element(ns + "parameters")!.Add(new XElement(ns + "parameter", new XElement(maml2004 + "name", "Offline")));

        List<string> problems = HelpDrift.InMaml(Cmdlet("Get-ClaudeSession"), command);

        Assert.Equal(2, problems.Count);
        Assert.Contains("lacks parameter -Until", problems[0]);
        Assert.Contains("documents -Offline", problems[1]);
        Assert.All(problems, p => Assert.Contains("build.ps1 -Task Docs", p));
    }
}
