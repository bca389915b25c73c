using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>The staged module folder is what build.ps1 -Task Package publishes: its manifest must be gallery-ready.</summary>
public class PackagingTests
{
    private static PSModuleInfo StagedManifest()
    {
        RunResult r = Run($"Test-ModuleManifest -Path {Q(ManifestPath)}", importModule: false);
        Assert.Empty(r.Errors);
        return (PSModuleInfo)Assert.Single(r.Output).BaseObject;
    }

    /// <summary>The source manifest's data, read with the PowerShell parser as Import-PowerShellDataFile would.</summary>
    private static System.Collections.Hashtable SourceManifest()
    {
        ScriptBlockAst ast = Parser.ParseFile(Path.Combine(RepoRoot, "ClaudeUsage.psd1"), out _, out ParseError[] errors);
        Assert.Empty(errors);
        var table = (HashtableAst)ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false)!;
        return (System.Collections.Hashtable)table.SafeGetValue();
    }

    [Fact]
    public void The_staged_manifest_has_the_metadata_a_gallery_package_needs()
    {
        PSModuleInfo module = StagedManifest();

        Assert.True(module.Description.Length > 80, "Description: a sentence or two saying what the module does.");
        Assert.False(string.IsNullOrWhiteSpace(module.Author), "Author");
        Assert.Equal(["Core"], module.CompatiblePSEditions);
        Assert.Equal(new Version(7, 4), module.PowerShellVersion);
        Assert.Contains("PSEdition_Core", module.Tags);
        Assert.Contains("ClaudeCode", module.Tags);
        Assert.All(module.Tags, t => Assert.DoesNotContain(' ', t));
        Assert.Contains("CHANGELOG.md", module.ReleaseNotes);
        Assert.Equal("ClaudeUsage.dll", Path.GetFileName(module.RootModule));
    }

    [Fact]
    public void Cmdlets_are_exported_by_an_explicit_list_that_matches_what_the_module_exports()
    {
        System.Collections.Hashtable source = SourceManifest();
        string[] listed = ((object[])source["CmdletsToExport"]!).Cast<string>().ToArray();

        Assert.All(listed, name => Assert.False(WildcardPattern.ContainsWildcardCharacters(name), $"CmdletsToExport lists '{name}': name each cmdlet."));
        Assert.Empty((object[])source["FunctionsToExport"]!);
        Assert.Empty((object[])source["AliasesToExport"]!);
        Assert.Empty((object[])source["VariablesToExport"]!);
        RunResult imported = Run("(Get-Module ClaudeUsage).ExportedCmdlets.Keys");
        Assert.Equal(listed.Order(), imported.Output.Select(o => (string)o.BaseObject).Order());
        Assert.Equal(listed.Order(), StagedManifest().ExportedCmdlets.Keys.Order());
    }

    [Fact]
    public void The_manifest_version_is_the_assembly_version()
    {
        Version manifest = StagedManifest().Version;
        Version assembly = AssemblyName.GetAssemblyName(Path.Combine(ModuleFolder, "ClaudeUsage.dll")).Version!;
        Version core = AssemblyName.GetAssemblyName(Path.Combine(ModuleFolder, "ClaudeUsage.Core.dll")).Version!;

        Assert.Equal(manifest, new Version(assembly.Major, assembly.Minor, assembly.Build));
        Assert.Equal(assembly, core);
    }

    [Fact]
    public void The_license_and_changelog_ship_in_the_module_folder_and_any_project_links_are_absolute()
    {
        PSModuleInfo module = StagedManifest();
        string license = File.ReadAllText(Path.Combine(ModuleFolder, "LICENSE"));
        string changelog = File.ReadAllText(Path.Combine(ModuleFolder, "CHANGELOG.md"));

        Assert.StartsWith("MIT License", license);
        Assert.Contains("MIT License", module.Copyright);
        Assert.Contains("## [Unreleased]", changelog);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot, "CHANGELOG.md")), changelog);
        Assert.Equal(new Uri("https://opensource.org/license/mit"), module.LicenseUri);
        // ProjectUri is stamped in by build.ps1 -Task Package -ProjectUri; one committed later must be absolute https.
        foreach (Uri? uri in new[] { module.ProjectUri, module.IconUri })
        {
            Assert.True(uri is null || (uri.IsAbsoluteUri && uri.Scheme == "https"), $"'{uri}' must be an absolute https address.");
        }
    }

    [Fact]
    public void The_staged_folder_ships_the_help()
    {
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "en-US", "ClaudeUsage.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "en-US", "about_ClaudeUsage.help.txt")));
    }
}
