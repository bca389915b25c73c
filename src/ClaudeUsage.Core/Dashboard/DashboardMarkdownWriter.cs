using System.Text;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>Writes a dashboard as Markdown that renders well on GitHub and in editors.</summary>
internal static class DashboardMarkdownWriter
{
    public static string Render(DashboardModel m)
    {
        var md = new StringBuilder();
        string status = DashboardText.OverallStatus(m.Budgets);
        string icon = status switch { "Ok" => "✅", "Warning" => "⚠️", "Critical" => "🟥", "Exceeded" => "❌", _ => "ℹ️" };
        md.AppendLine("# Agent usage");
        md.AppendLine();
        md.Append($"**Status: {icon} {(status == "NoBudget" ? "no budget set" : status)}** — ");
        md.AppendLine(string.Join(" · ", new[] { m.Today, m.ThisWeek, m.ThisMonth }.Select(p => $"{DashboardText.PeriodLabel(p.Name)} {DashboardText.Cost(p.Totals.Cost)}")));
        md.AppendLine();
        md.AppendLine($"Generated {DashboardText.Time(m.GeneratedAt)} ({Escape(m.TimeZone)}).");
        md.AppendLine();

        md.AppendLine("## Periods");
        md.AppendLine();
        md.AppendLine("| Period | From | To | Requests | Sessions | Input | Output | Cache write 5m | Cache write 1h | Cache read | Total tokens | Cost |");
        md.AppendLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (DashboardPeriod p in new[] { m.Today, m.ThisWeek, m.ThisMonth })
        {
            DashboardTotals t = p.Totals;
            md.AppendLine($"| {DashboardText.PeriodLabel(p.Name)} | {DashboardText.Time(p.Start)} | {DashboardText.Time(p.End)} | {t.Requests:N0} | {t.Sessions:N0} | {DashboardText.Tokens(t.Input)} | {DashboardText.Tokens(t.Output)} | {DashboardText.Tokens(t.CacheWrite5m)} | {DashboardText.Tokens(t.CacheWrite1h)} | {DashboardText.Tokens(t.CacheRead)} | {DashboardText.Tokens(t.Total)} | {DashboardText.Cost(t.Cost)} |");
        }

        md.AppendLine();
        md.AppendLine("## Budgets");
        md.AppendLine();
        if (m.Budgets.Count == 0)
        {
            md.AppendLine("No budget was given.");
        }
        else
        {
            md.AppendLine("| Budget | Limit | Spent | Used | Status | Burn rate / day | Projected | Limit reached |");
            md.AppendLine("|---|--:|--:|--:|---|--:|--:|---|");
            foreach (DashboardBudget b in m.Budgets)
            {
                md.AppendLine($"| {b.Period} ({b.Unit}) | {Amount(b.Limit, b.Unit)} | {Amount(b.Spent, b.Unit)} | {DashboardText.Percent(b.PercentUsed)} | {b.Status} | {Amount(b.BurnRatePerDay, b.Unit)} | {Amount(b.ProjectedSpend, b.Unit)} | {DashboardText.Time(b.PredictedExhaustion)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Models this month");
        md.AppendLine();
        md.AppendLine("| Model | Requests | Total tokens | Cost |");
        md.AppendLine("|---|--:|--:|--:|");
        foreach (DashboardModelUsage u in m.ModelsThisMonth)
        {
            md.AppendLine($"| {Escape(u.Model)} | {u.Totals.Requests:N0} | {DashboardText.Tokens(u.Totals.Total)} | {DashboardText.Cost(u.Totals.Cost)} |");
        }

        md.AppendLine();
        md.AppendLine("## Top sessions this month");
        md.AppendLine();
        md.AppendLine("| Last activity | Project | Session | Source | Requests | Total tokens | Cost |");
        md.AppendLine("|---|---|---|---|--:|--:|--:|");
        foreach (DashboardSession s in m.TopSessions)
        {
            md.AppendLine($"| {DashboardText.Time(s.LastActivity)} | {Escape(s.Project)} | `{s.SessionId.Replace("`", "'", StringComparison.Ordinal)}` | {s.Source} | {s.Totals.Requests:N0} | {DashboardText.Tokens(s.Totals.Total)} | {DashboardText.Cost(s.Totals.Cost)} |");
        }

        md.AppendLine();
        md.AppendLine("## Top projects this month");
        md.AppendLine();
        md.AppendLine("| Project | Requests | Sessions | Total tokens | Cost |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        foreach (DashboardProject p in m.TopProjects)
        {
            md.AppendLine($"| {Escape(p.Project)} | {p.Totals.Requests:N0} | {p.Totals.Sessions:N0} | {DashboardText.Tokens(p.Totals.Total)} | {DashboardText.Cost(p.Totals.Cost)} |");
        }

        md.AppendLine();
        md.AppendLine("## By source this month");
        md.AppendLine();
        md.AppendLine("| Source | Agent | Requests | Total tokens | Cost |");
        md.AppendLine("|---|---|--:|--:|--:|");
        foreach (DashboardSourceRow r in m.BySource)
        {
            md.AppendLine($"| {r.Source} | {Escape(r.Agent ?? "")} | {r.Totals.Requests:N0} | {DashboardText.Tokens(r.Totals.Total)} | {DashboardText.Cost(r.Totals.Cost)} |");
        }

        md.AppendLine();
        md.AppendLine($"## Daily, last {m.HistoryDays} days");
        md.AppendLine();
        md.AppendLine("| Day | Requests | Total tokens | Cost | Models |");
        md.AppendLine("|---|--:|--:|--:|---|");
        foreach (DashboardDay d in m.Daily.Reverse())
        {
            string models = string.Join(", ", d.Models.Select(x => $"{Escape(x.Model)} {DashboardText.Cost(x.Totals.Cost)}"));
            md.AppendLine($"| {DashboardText.Day(d.Day)} | {d.Totals.Requests:N0} | {DashboardText.Tokens(d.Totals.Total)} | {DashboardText.Cost(d.Totals.Cost)} | {models} |");
        }

        if (m.Spikes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Spikes");
            md.AppendLine();
            foreach (DashboardSpike s in m.Spikes)
            {
                string drivers = string.Join("; ", s.Drivers.Select(d => $"{d.Kind} {Escape(d.Name)} {DashboardText.Percent(d.Share * 100)}"));
                md.AppendLine($"- **{DashboardText.Time(s.Start)}**: {s.Metric} {s.Value:N2} vs baseline {s.Baseline:N2} ({DashboardText.Factor(s.Factor)}) — {drivers}");
            }
        }

        if (m.Warnings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Warnings");
            md.AppendLine();
            foreach (DashboardWarning w in m.Warnings)
            {
                md.AppendLine($"- {w.Kind}: {Escape(w.Message)}");
            }
        }

        return md.ToString();
    }

    private static string Amount(decimal value, string unit) =>
        unit == "Tokens" ? DashboardText.Tokens((long)Math.Round(value)) : DashboardText.Cost(value);

    /// <summary>Makes log text inert in Markdown: table pipes, emphasis, links, HTML and line breaks.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '#' or '~':
                    sb.Append('\\').Append(c);
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '\r' or '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
