using System.Management.Automation;
using ClaudeUsage.Completers;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Lists the model prices in effect (USD per million tokens), so every cost can be audited.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeModelPrice", DefaultParameterSetName = AtSet)]
[OutputType(typeof(ModelPrice))]
public sealed class GetClaudeModelPriceCommand : PSCmdlet
{
    private const string AtSet = "At";
    private const string AllSet = "All";

    /// <summary>Model names to show, in any spelling (date suffix, provider prefix); wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PricedModelCompleter))]
    public string[]? Model { get; set; }

    /// <summary>The moment whose prices to show; now by default. A time without a zone is read as UTC, as price periods are dated in UTC.</summary>
    [Parameter(ParameterSetName = AtSet)]
    [InstantTransformation]
    public DateTime? At { get; set; }

    /// <summary>Lists every price period of each model, past and present, instead of the prices in effect at one moment.</summary>
    [Parameter(ParameterSetName = AllSet, Mandatory = true)]
    public SwitchParameter All { get; set; }

    /// <summary>A JSON price file whose models and periods are laid over the built-in prices.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PricingPath { get; set; }

    private PriceTable? _table;
    private DateTimeOffset _at;

    protected override void BeginProcessing()
    {
        _table = PriceTableLoader.Load(this, PricingPath);
        _at = At is not { } at ? DateTimeOffset.UtcNow
            : at.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(at, TimeSpan.Zero)
            : new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero);
    }

    protected override void ProcessRecord()
    {
        PriceTable table = _table!;
        if (Model is null || Model.Length == 0)
        {
            WriteModels(table.Models);
            return;
        }

        foreach (string name in Model)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                Func<string, bool> match = NameMatcher.Create(this, nameof(Model), [name])!;
                WriteModels(table.Models.Where(m => match(m.Model) || m.Aliases.Any(match)));
            }
            else if (table.FindModel(name) is { } model && (All || model.At(_at) is not null))
            {
                WriteModels([model]);
            }
            else
            {
                string when = table.FindModel(name) is null ? string.Empty : $" at {_at:yyyy-MM-dd HH:mm} UTC";
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"No price is known for model '{name}'{when}."),
                    ErrorIds.ModelPriceNotFound,
                    ErrorCategory.ObjectNotFound,
                    name));
            }
        }
    }

    private void WriteModels(IEnumerable<ModelPriceHistory> models)
    {
        foreach (ModelPriceHistory model in models)
        {
            if (All)
            {
                foreach (ModelPrice period in model.Periods.OrderBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue))
                {
                    WriteObject(period);
                }
            }
            else if (model.At(_at) is { } price)
            {
                WriteObject(price);
            }
        }
    }
}
