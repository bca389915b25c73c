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

        Table(md, "Periods", ["Period", "From", "To", "Requests:", "Sessions:", "Input:", "Output:", "Cache write 5m:", "Cache write 1h:", "Cache read:", "Total tokens:", "Cost:", "Cache hit:", "Cache writes cost:", "Cache saved:"],
            new[] { m.Today, m.ThisWeek, m.ThisMonth }.Select(p => new[]
            {
                DashboardText.PeriodLabel(p.Name), DashboardText.Time(p.Start), DashboardText.Time(p.End), Count(p.Totals.Requests), Count(p.Totals.Sessions),
                DashboardText.Tokens(p.Totals.Input), DashboardText.Tokens(p.Totals.Output), DashboardText.Tokens(p.Totals.CacheWrite5m),
                DashboardText.Tokens(p.Totals.CacheWrite1h), DashboardText.Tokens(p.Totals.CacheRead), DashboardText.Tokens(p.Totals.Total), DashboardText.Cost(p.Totals.Cost),
                DashboardText.Rate(p.Totals.CacheHitRate), DashboardText.Cost(p.Totals.CacheWriteCost), DashboardText.Cost(p.Totals.CacheSavings),
            }));

        if (m.Budgets.Count == 0)
        {
            md.AppendLine("## Budgets").AppendLine().AppendLine("No budget was given.").AppendLine();
        }
        else
        {
            Table(md, "Budgets", ["Budget", "Limit:", "Spent:", "Used:", "Status", "Burn rate / day:", "Projected:", "Limit reached"], m.Budgets.Select(b => new[]
            {
                $"{b.Period} ({b.Unit})", Amount(b.Limit, b.Unit), Amount(b.Spent, b.Unit), DashboardText.Percent(b.PercentUsed), b.Status,
                Amount(b.BurnRatePerDay, b.Unit), Amount(b.ProjectedSpend, b.Unit), DashboardText.Time(b.PredictedExhaustion),
            }));
        }

        Table(md, "Models this month", ["Model", "Requests:", "Total tokens:", "Cost:"], m.ModelsThisMonth.Select(u => new[]
        {
            Escape(u.Model), Count(u.Totals.Requests), DashboardText.Tokens(u.Totals.Total), DashboardText.Cost(u.Totals.Cost),
        }));
        Table(md, "Top sessions this month", ["Last activity", "Project", "Session", "Source", "Requests:", "Total tokens:", "Cost:"], m.TopSessions.Select(s => new[]
        {
            DashboardText.Time(s.LastActivity), Escape(s.Project), Escape(s.SessionId), s.Source.ToString(), Count(s.Totals.Requests), DashboardText.Tokens(s.Totals.Total), DashboardText.Cost(s.Totals.Cost),
        }));
        Table(md, "Top projects this month", ["Project", "Requests:", "Sessions:", "Total tokens:", "Cost:"], m.TopProjects.Select(p => new[]
        {
            Escape(p.Project), Count(p.Totals.Requests), Count(p.Totals.Sessions), DashboardText.Tokens(p.Totals.Total), DashboardText.Cost(p.Totals.Cost),
        }));
        Table(md, "By source this month", ["Source", "Agent", "Requests:", "Total tokens:", "Cost:"], m.BySource.Select(r => new[]
        {
            r.Source.ToString(), Escape(r.Agent ?? ""), Count(r.Totals.Requests), DashboardText.Tokens(r.Totals.Total), DashboardText.Cost(r.Totals.Cost),
        }));
        Table(md, $"Daily, last {m.HistoryDays} days", ["Day", "Requests:", "Total tokens:", "Cost:", "Models"], m.Daily.Reverse().Select(d => new[]
        {
            DashboardText.Day(d.Day), Count(d.Totals.Requests), DashboardText.Tokens(d.Totals.Total), DashboardText.Cost(d.Totals.Cost),
            string.Join(", ", d.Models.Select(x => $"{Escape(x.Model)} {DashboardText.Cost(x.Totals.Cost)}")),
        }));

        if (m.Spikes.Count > 0)
        {
            md.AppendLine("## Spikes");
            md.AppendLine();
            foreach (DashboardSpike s in m.Spikes)
            {
                string drivers = string.Join("; ", s.Drivers.Select(d => $"{d.Kind} {Escape(d.Name)} {DashboardText.Percent(d.Share * 100)}"));
                md.AppendLine($"- **{DashboardText.Time(s.Start)}**: {s.Metric} {s.Value:N2} vs baseline {s.Baseline:N2} ({DashboardText.Factor(s.Factor)}) — {drivers}");
                md.AppendLine($"  {Escape(s.Explanation)}");
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

    /// <summary>
    /// A section with a table. A header ending in ':' marks a right-aligned (numeric) column; cells are already
    /// escaped text.
    /// </summary>
    private static void Table(StringBuilder md, string title, string[] headers, IEnumerable<string[]> rows)
    {
        md.AppendLine("## " + title).AppendLine();
        md.Append("| ").AppendJoin(" | ", headers.Select(h => h.TrimEnd(':'))).AppendLine(" |");
        md.Append('|').AppendJoin('|', headers.Select(h => h.EndsWith(':') ? "--:" : "---")).AppendLine("|");
        foreach (string[] row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        md.AppendLine();
    }

    private static string Count(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

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
