using System.Management.Automation;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Internal;

/// <summary>Loads the price table a cmdlet uses: the built-in one, with a -PricingPath file laid over it.</summary>
internal static class PriceTableLoader
{
    public static PriceTable Load(PSCmdlet cmdlet, string? pricingPath)
    {
        if (pricingPath is null)
        {
            return PriceTable.BuiltIn;
        }

        string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(pricingPath);
        try
        {
            return PriceTable.BuiltIn.WithOverrides(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException($"Cannot use the price file '{path}': {ex.Message}", ex),
                ErrorIds.InvalidPriceFile,
                ErrorCategory.InvalidData,
                path));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }
}
