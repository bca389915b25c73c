using System.Globalization;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>How figures read in the HTML and Markdown dashboards (the JSON keeps raw numbers).</summary>
internal static class DashboardText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>USD to the cent; a negative amount (cache savings can be) as "-$0.03".</summary>
    public static string Cost(decimal? value) => value switch
    {
        null => "n/a",
        < 0m => "-$" + (-value.Value).ToString("N2", Invariant),
        _ => "$" + value.Value.ToString("N2", Invariant),
    };

    public static string Tokens(long value) => value.ToString("N0", Invariant);

    /// <summary>Percent with one decimal, never capped: 150% over budget reads 150.0%.</summary>
    public static string Percent(decimal value) => value.ToString("N1", Invariant) + "%";

    /// <summary>A fraction from 0 to 1 as a percentage; "n/a" when there is none (no prompt tokens).</summary>
    public static string Rate(decimal? fraction) => fraction is { } f ? Percent(f * 100m) : "n/a";

    /// <summary>How many times the baseline a spike is; "new" when there was no baseline to compare with.</summary>
    public static string Factor(decimal? value) => value is { } v ? "×" + v.ToString("N1", Invariant) : "new";

    public static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd HH:mm", Invariant);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "never";

    public static string Day(DateTime value) => value.ToString("yyyy-MM-dd", Invariant);

    /// <summary>The worst budget status, for the one-line summary at the top.</summary>
    public static string OverallStatus(IReadOnlyList<DashboardBudget> budgets)
    {
        string[] order = ["Ok", "Warning", "Critical", "Exceeded"];
        return budgets.Count == 0 ? "NoBudget" : budgets.Select(b => b.Status).MaxBy(s => Array.IndexOf(order, s))!;
    }

    public static string PeriodLabel(string name) => name switch
    {
        "today" => "Today",
        "thisWeek" => "This week",
        "thisMonth" => "This month",
        _ => name,
    };
}
