using System.Management.Automation;

namespace ClaudeUsage.Internal;

/// <summary>
/// Lets a <c>DateTime</c> parameter take a <c>DateTimeOffset</c> (every time the module emits is one: a spike's or
/// a billing block's Start and End, a budget's PeriodStart) as the instant it is: it becomes a UTC DateTime. A
/// DateTime or a string is left to PowerShell's own conversion, so a time without a zone is still read in -TimeZone.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class InstantTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is DateTimeOffset instant ? instant.UtcDateTime : inputData;
}
