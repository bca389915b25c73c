using System.Management.Automation.Language;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// The shape of the Pester suite in tests/pester (<see cref="PwshTests"/> runs it): one file per exported cmdlet,
/// every script parses, and the files keep to Pester 5's rules (all code inside BeforeAll/Describe/It blocks, Should
/// with dashed operators, the staged module imported through common.ps1), which a run alone would not all show.
/// </summary>
public class PesterSuiteTests
{
    private static string PesterFolder => Path.Combine(RepoRoot, "tests", "pester");

    private static readonly string[] TopLevel = ["BeforeAll", "AfterAll", "BeforeDiscovery", "Describe"];
    private static readonly string[] InBlocks = ["BeforeAll", "AfterAll", "BeforeEach", "AfterEach", "Context", "Describe", "It"];

    private static ScriptBlockAst Parse(string path)
    {
        ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
        Assert.True(errors.Length == 0, $"{path}: {string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"))}");
        return ast;
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_pester_file()
    {
        RunResult r = Run("(Get-Module ClaudeUsage).ExportedCmdlets.Keys");

        string[] missing = r.Output.Select(o => (string)o.BaseObject).Where(name => !File.Exists(Path.Combine(PesterFolder, name + ".Tests.ps1"))).ToArray();

        Assert.True(missing.Length == 0, $"Add tests/pester/<Cmdlet>.Tests.ps1 for: {string.Join(", ", missing)} (copy the layout of Get-ClaudeModelPrice.Tests.ps1).");
    }

    [Fact]
    public void Every_script_parses_and_build_ps1_too()
    {
        foreach (string path in Directory.EnumerateFiles(PesterFolder, "*.ps1").Append(Path.Combine(RepoRoot, "build.ps1")))
        {
            Parse(path);
        }
    }

    [Fact]
    public void Test_files_keep_to_pester_5_and_import_the_staged_module_through_common_ps1()
    {
        var problems = new List<string>();
        foreach (string path in Directory.EnumerateFiles(PesterFolder, "*.Tests.ps1"))
        {
            string file = Path.GetFileName(path);
            ScriptBlockAst ast = Parse(path);

            foreach (StatementAst statement in ast.EndBlock.Statements)
            {
                if (CommandName(statement) is not { } name || !TopLevel.Contains(name))
                {
                    problems.Add($"{file} line {statement.Extent.StartLineNumber}: Pester 5 runs top-level code during discovery; move it into BeforeAll.");
                }
            }

            foreach (CommandAst block in ast.FindAll(a => a is CommandAst c && InBlocks.Contains(c.GetCommandName()), true).Cast<CommandAst>())
            {
                if (block.GetCommandName() is "Describe" or "Context")
                {
                    ScriptBlockAst body = block.CommandElements.OfType<ScriptBlockExpressionAst>().Single().ScriptBlock;
                    foreach (StatementAst statement in body.EndBlock.Statements.Where(s => CommandName(s) is not { } n || !InBlocks.Contains(n)))
                    {
                        problems.Add($"{file} line {statement.Extent.StartLineNumber}: inside {block.GetCommandName()}, code belongs in BeforeAll or It.");
                    }
                }
            }

            foreach (CommandAst should in ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "Should", true).Cast<CommandAst>())
            {
                if (should.CommandElements.Count < 2 || should.CommandElements[1] is not CommandParameterAst)
                {
                    problems.Add($"{file} line {should.Extent.StartLineNumber}: Pester 5 assertions take a dashed operator (Should -Be).");
                }
            }

            bool importsCommon = ast.FindAll(a => a is CommandAst c && c.InvocationOperator == TokenKind.Dot && c.Extent.Text.Contains("common.ps1", StringComparison.Ordinal), true)
                .Any(dot => dot.Parent?.Parent?.Parent?.Parent is ScriptBlockExpressionAst { Parent: CommandAst owner } && owner.GetCommandName() == "BeforeAll" && owner.Parent?.Parent?.Parent == ast);
            if (!importsCommon)
            {
                problems.Add($"{file}: dot-source common.ps1 in the top-level BeforeAll: . (Join-Path $PSScriptRoot 'common.ps1').");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Common_ps1_imports_the_staged_module_from_out()
    {
        ScriptBlockAst ast = Parse(Path.Combine(PesterFolder, "common.ps1"));

        Assert.Contains(ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "Import-Module", true), c => c.Extent.Text.Contains("$StagedManifest", StringComparison.Ordinal));
        Assert.Contains("'out/ClaudeUsage/ClaudeUsage.psd1'", ast.Extent.Text);
    }

    private static string? CommandName(StatementAst statement) =>
        statement is PipelineAst { PipelineElements: [CommandAst command] } ? command.GetCommandName() : null;
}
