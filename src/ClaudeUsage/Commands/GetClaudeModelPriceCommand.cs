using System.Management.Automation;
using ClaudeUsage.Completers;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Lists the model prices in effect (USD per million tokens), so every cost can be audited.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeModelPrice")]
[OutputType(typeof(ModelPrice))]
public sealed class GetClaudeModelPriceCommand : PSCmdlet
{
    /// <summary>Model names to show, in any spelling (date suffix, provider prefix); wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PricedModelCompleter))]
    public string[]? Model { get; set; }

    /// <summary>A JSON price file whose models are added to, or replace, the built-in prices.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PricingPath { get; set; }

    private PriceTable? _table;

    protected override void BeginProcessing() => _table = PriceTableLoader.Load(this, PricingPath);

    protected override void ProcessRecord()
    {
        PriceTable table = _table!;
        if (Model is null || Model.Length == 0)
        {
            foreach (ModelPrice price in table.Prices)
            {
                WriteObject(price);
            }

            return;
        }

        foreach (string name in Model)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                Func<string, bool> match = NameMatcher.Create([name])!;
                foreach (ModelPrice price in table.Prices.Where(p => match(p.Model) || p.Aliases.Any(match)))
                {
                    WriteObject(price);
                }
            }
            else if (table.Find(name) is { } price)
            {
                WriteObject(price);
            }
            else
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"No price is known for model '{name}'."),
                    "ModelPriceNotFound",
                    ErrorCategory.ObjectNotFound,
                    name));
            }
        }
    }
}
