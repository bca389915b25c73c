using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>
/// Writes a dashboard as one self-contained HTML page: inline CSS and script, an inline SVG chart, no request
/// of any kind (a Content-Security-Policy forbids them), light and dark themes from the system setting. Every
/// string from the logs is HTML-encoded here; the script only reads data attributes and sets textContent.
/// </summary>
internal static class DashboardHtmlWriter
{
    private static readonly string[] Palette =
    [
        "#5a55d6", "#1f9d8f", "#e0672c", "#c23f8e", "#3b82c4", "#8a9a1f", "#b7791f", "#6b7280", "#9f5bd6", "#2f9e44",
    ];

    private static readonly Lazy<string> Css = new(() => Resource("dashboard.css"));
    private static readonly Lazy<string> Script = new(() => Resource("dashboard.js"));

    public static string Render(DashboardModel m)
    {
        var h = new StringBuilder(64 * 1024);
        string status = DashboardText.OverallStatus(m.Budgets);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
         .Append("<title>Agent usage — ").Append(E(DashboardText.Cost(m.ThisMonth.Totals.Cost))).Append(" this month</title>\n")
         .Append("<style>\n").Append(Css.Value).Append("</style>\n</head>\n")
         .Append("<body data-generated=\"").Append(E(m.GeneratedAt.ToString("O", CultureInfo.InvariantCulture)))
         .Append("\" data-refresh=\"").Append(m.RefreshSeconds.ToString(CultureInfo.InvariantCulture)).Append("\" data-status=\"").Append(E(status)).Append("\">\n<main>\n");

        h.Append("<header>\n<h1>Agent usage</h1>\n<p class=\"meta\">Generated <time data-field=\"generatedAt\" datetime=\"")
         .Append(E(m.GeneratedAt.ToString("O", CultureInfo.InvariantCulture))).Append("\">").Append(E(DashboardText.Time(m.GeneratedAt)))
         .Append("</time> · time zone ").Append(E(m.TimeZone));
        if (m.RefreshSeconds > 0)
        {
            h.Append(" · refreshes every ").Append(m.RefreshSeconds).Append(" s");
        }

        h.Append("</p>\n<p id=\"stale\" class=\"stale\" hidden></p>\n</header>\n");

        WriteCards(h, m);
        WriteBudgets(h, m);
        WriteChart(h, m);
        h.Append("<div class=\"grid2\">\n");
        WriteTable(h, "Models this month", "models", ["Model", "Requests", "Total tokens", "Cost"], m.ModelsThisMonth.Select(u => new[]
        {
            Text(u.Model), Num(u.Totals.Requests), Num(u.Totals.Total), Money(u.Totals.Cost),
        }));
        WriteTable(h, "Top projects this month", "projects", ["Project", "Requests", "Sessions", "Total tokens", "Cost"], m.TopProjects.Select(p => new[]
        {
            Wrapping(p.Project, p.ProjectPath), Num(p.Totals.Requests), Num(p.Totals.Sessions), Num(p.Totals.Total), Money(p.Totals.Cost),
        }));
        h.Append("</div>\n");
        WriteTable(h, "Top sessions this month", "sessions", ["Last activity", "Project", "Session", "Source", "Models", "Requests", "Total tokens", "Cost"], m.TopSessions.Select(s => new[]
        {
            Text(DashboardText.Time(s.LastActivity)), Wrapping(s.Project, s.ProjectPath), Text(s.SessionId), Text(s.Source + (s.Agent is null ? "" : " / " + s.Agent)),
            Wrapping(string.Join(", ", s.Models)), Num(s.Totals.Requests), Num(s.Totals.Total), Money(s.Totals.Cost),
        }));
        WriteTable(h, "By source and agent this month", "sources", ["Source", "Agent", "Requests", "Total tokens", "Cost"], m.BySource.Select(r => new[]
        {
            Text(r.Source.ToString()), Text(r.Agent ?? ""), Num(r.Totals.Requests), Num(r.Totals.Total), Money(r.Totals.Cost),
        }));
        WriteTable(h, $"Daily, last {m.HistoryDays} days", "daily", ["Day", "Requests", "Input", "Output", "Cache write 5m", "Cache write 1h", "Cache read", "Total tokens", "Cost"], m.Daily.Reverse().Select(d => new[]
        {
            Text(DashboardText.Day(d.Day)), Num(d.Totals.Requests), Num(d.Totals.Input), Num(d.Totals.Output), Num(d.Totals.CacheWrite5m),
            Num(d.Totals.CacheWrite1h), Num(d.Totals.CacheRead), Num(d.Totals.Total), Money(d.Totals.Cost),
        }));
        WriteSpikes(h, m);
        WriteWarnings(h, m);

        h.Append("</main>\n<script>\n").Append(Script.Value).Append("</script>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void WriteCards(StringBuilder h, DashboardModel m)
    {
        h.Append("<section class=\"cards\" aria-label=\"Periods\">\n");
        foreach (DashboardPeriod p in new[] { m.Today, m.ThisWeek, m.ThisMonth })
        {
            DashboardTotals t = p.Totals;
            h.Append("<div class=\"card\" data-period=\"").Append(p.Name).Append("\">\n<div class=\"label\">").Append(E(DashboardText.PeriodLabel(p.Name)))
             .Append("</div>\n<div class=\"cost\" data-field=\"cost\">").Append(E(DashboardText.Cost(t.Cost))).Append("</div>\n<dl>")
             .Append("<dt>Total tokens</dt><dd data-field=\"total\">").Append(DashboardText.Tokens(t.Total)).Append("</dd>")
             .Append("<dt>Input</dt><dd data-field=\"input\">").Append(DashboardText.Tokens(t.Input)).Append("</dd>")
             .Append("<dt>Output</dt><dd data-field=\"output\">").Append(DashboardText.Tokens(t.Output)).Append("</dd>")
             .Append("<dt>Cache write 5m</dt><dd data-field=\"cacheWrite5m\">").Append(DashboardText.Tokens(t.CacheWrite5m)).Append("</dd>")
             .Append("<dt>Cache write 1h</dt><dd data-field=\"cacheWrite1h\">").Append(DashboardText.Tokens(t.CacheWrite1h)).Append("</dd>")
             .Append("<dt>Cache read</dt><dd data-field=\"cacheRead\">").Append(DashboardText.Tokens(t.CacheRead)).Append("</dd>")
             .Append("<dt>Requests</dt><dd data-field=\"requests\">").Append(DashboardText.Tokens(t.Requests)).Append("</dd>")
             .Append("<dt>Sessions</dt><dd data-field=\"sessions\">").Append(DashboardText.Tokens(t.Sessions)).Append("</dd>")
             .Append("<dt>Cache hit rate</dt><dd data-field=\"cacheHitRate\">").Append(E(DashboardText.Rate(t.CacheHitRate))).Append("</dd>")
             .Append("<dt>Cache writes cost</dt><dd data-field=\"cacheWriteCost\">").Append(E(DashboardText.Cost(t.CacheWriteCost))).Append("</dd>")
             .Append("<dt>Cache saved</dt><dd data-field=\"cacheSavings\">").Append(E(DashboardText.Cost(t.CacheSavings))).Append("</dd>")
             .Append("</dl>\n</div>\n");
        }

        h.Append("</section>\n");
    }

    private static void WriteBudgets(StringBuilder h, DashboardModel m)
    {
        h.Append("<section aria-label=\"Budgets\">\n<h2>Budgets</h2>\n");
        if (m.Budgets.Count == 0)
        {
            h.Append("<p class=\"empty\">No budget was given (Export-ClaudeDashboard -Monthly 50, for example).</p>\n");
        }

        foreach (DashboardBudget b in m.Budgets)
        {
            bool tokens = b.Unit == "Tokens";
            string Amount(decimal v) => tokens ? DashboardText.Tokens((long)Math.Round(v)) + " tokens" : DashboardText.Cost(v);
            decimal width = Math.Clamp(b.PercentUsed, 0m, 100m);
            h.Append("<div class=\"budget status-").Append(E(b.Status)).Append("\" data-budget=\"").Append(E(b.Period + "-" + b.Unit)).Append("\">\n")
             .Append("<div class=\"budget-head\"><strong>").Append(E(b.Period)).Append(tokens ? " token budget" : " budget").Append("</strong>")
             .Append("<span><span data-field=\"spent\">").Append(E(Amount(b.Spent))).Append("</span> of <span data-field=\"limit\">").Append(E(Amount(b.Limit)))
             .Append("</span> · <span data-field=\"percentUsed\">").Append(E(DashboardText.Percent(b.PercentUsed))).Append("</span> <span class=\"badge\" data-field=\"status\">")
             .Append(E(b.Status)).Append("</span></span></div>\n")
             .Append("<div class=\"bar\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"").Append(b.PercentUsed.ToString("0.#", CultureInfo.InvariantCulture))
             .Append("\"><span style=\"width:").Append(width.ToString("0.##", CultureInfo.InvariantCulture)).Append("%\"></span></div>\n")
             .Append("<div class=\"budget-facts\">Burn rate <span data-field=\"burnRatePerDay\">").Append(E(Amount(b.BurnRatePerDay))).Append("</span>/day · projected <span data-field=\"projectedSpend\">")
             .Append(E(Amount(b.ProjectedSpend))).Append("</span> by ").Append(E(DashboardText.Time(b.PeriodEnd)))
             .Append(" · limit reached <span data-field=\"predictedExhaustion\">").Append(E(DashboardText.Time(b.PredictedExhaustion))).Append("</span></div>\n</div>\n");
        }

        h.Append("</section>\n");
    }

    private static void WriteChart(StringBuilder h, DashboardModel m)
    {
        const double width = 1000, height = 260, left = 56, bottom = 24, top = 10;
        string[] models = m.Daily.SelectMany(d => d.Models).GroupBy(u => u.Model)
            .OrderByDescending(g => g.Sum(u => u.Totals.Cost ?? 0m)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        decimal max = m.Daily.Select(d => d.Models.Sum(u => u.Totals.Cost ?? 0m)).DefaultIfEmpty(0m).Max();
        double scale = max > 0 ? (height - bottom - top) / (double)max : 0;
        double slot = (width - left) / Math.Max(1, m.Daily.Count);

        h.Append("<section aria-label=\"Daily cost by model\">\n<h2>Daily cost by model, last ").Append(m.HistoryDays).Append(" days</h2>\n<div class=\"chart-wrap\">\n")
         .Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Daily cost stacked by model\">\n");
        for (int i = 0; i <= 4; i++)
        {
            double y = height - bottom - ((height - bottom - top) * i / 4);
            h.Append("<line x1=\"").Append(left).Append("\" x2=\"").Append(width).Append("\" y1=\"").Append(F(y)).Append("\" y2=\"").Append(F(y)).Append("\" stroke=\"currentColor\" stroke-opacity=\".12\"/>")
             .Append("<text x=\"").Append(left - 6).Append("\" y=\"").Append(F(y + 4)).Append("\" text-anchor=\"end\">").Append(E(DashboardText.Cost(max * i / 4))).Append("</text>\n");
        }

        for (int i = 0; i < m.Daily.Count; i++)
        {
            DashboardDay day = m.Daily[i];
            double x = left + (i * slot) + (slot * 0.1);
            double y = height - bottom;
            foreach (DashboardModelUsage u in day.Models.OrderBy(u => Array.IndexOf(models, u.Model)))
            {
                double barHeight = (double)(u.Totals.Cost ?? 0m) * scale;
                y -= barHeight;
                string tip = $"{DashboardText.Day(day.Day)}\n{u.Model}\n{DashboardText.Cost(u.Totals.Cost)} · {DashboardText.Tokens(u.Totals.Total)} tokens · {u.Totals.Requests:N0} requests";
                h.Append("<rect class=\"seg\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" width=\"").Append(F(slot * 0.8)).Append("\" height=\"").Append(F(barHeight))
                 .Append("\" fill=\"").Append(Palette[Array.IndexOf(models, u.Model) % Palette.Length]).Append("\" data-day=\"").Append(DashboardText.Day(day.Day))
                 .Append("\" data-model=\"").Append(E(u.Model)).Append("\" data-cost=\"").Append(E((u.Totals.Cost ?? 0m).ToString(CultureInfo.InvariantCulture)))
                 .Append("\" data-tip=\"").Append(E(tip)).Append("\"><title>").Append(E(tip)).Append("</title></rect>\n");
            }

            if (m.Daily.Count <= 14 || i % (int)Math.Ceiling(m.Daily.Count / 10.0) == 0)
            {
                h.Append("<text x=\"").Append(F(x + (slot * 0.4))).Append("\" y=\"").Append(F(height - 6)).Append("\" text-anchor=\"middle\">")
                 .Append(day.Day.ToString("MM-dd", CultureInfo.InvariantCulture)).Append("</text>\n");
            }
        }

        h.Append("</svg>\n<div id=\"tooltip\" class=\"tooltip\" hidden></div>\n</div>\n<div class=\"legend\">");
        for (int i = 0; i < models.Length; i++)
        {
            h.Append("<span><i style=\"background:").Append(Palette[i % Palette.Length]).Append("\"></i>").Append(E(models[i])).Append("</span>");
        }

        if (models.Length == 0)
        {
            h.Append("<span class=\"empty\">No usage in this window.</span>");
        }

        h.Append("</div>\n</section>\n");
    }

    private static void WriteSpikes(StringBuilder h, DashboardModel m)
    {
        h.Append("<section aria-label=\"Spikes\">\n<h2>Spikes</h2>\n");
        if (m.Spikes.Count == 0)
        {
            h.Append("<p class=\"empty\">No spike above the baseline.</p>\n");
        }
        else
        {
            h.Append("<ul>\n");
            foreach (DashboardSpike s in m.Spikes)
            {
                h.Append("<li><strong>").Append(E(DashboardText.Time(s.Start))).Append("</strong>: ").Append(E(s.Metric)).Append(' ')
                 .Append(E(s.Value.ToString("N2", CultureInfo.InvariantCulture))).Append(" vs baseline ").Append(E(s.Baseline.ToString("N2", CultureInfo.InvariantCulture)))
                 .Append(" (").Append(E(DashboardText.Factor(s.Factor))).Append(") — ")
                 .Append(E(string.Join("; ", s.Drivers.Select(d => $"{d.Kind} {d.Name} {DashboardText.Percent(d.Share * 100)}"))))
                 .Append("<br><span class=\"explanation\">").Append(E(s.Explanation)).Append("</span></li>\n");
            }

            h.Append("</ul>\n");
        }

        h.Append("</section>\n");
    }

    private static void WriteWarnings(StringBuilder h, DashboardModel m)
    {
        if (m.Warnings.Count == 0)
        {
            return;
        }

        h.Append("<section aria-label=\"Warnings\" class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
        foreach (DashboardWarning w in m.Warnings)
        {
            h.Append("<li><strong>").Append(E(w.Kind)).Append("</strong>: ").Append(E(w.Message)).Append("</li>\n");
        }

        h.Append("</ul>\n</section>\n");
    }

    private readonly record struct Cell(string Html, bool Numeric, string? Sort, bool Wrap = false);

    private static Cell Text(string value, string? title = null) =>
        new(title is null ? E(value) : $"<span title=\"{E(title)}\">{E(value)}</span>", false, null);

    /// <summary>Free text that may be long (project names, model lists): allowed to wrap.</summary>
    private static Cell Wrapping(string value, string? title = null) => Text(value, title) with { Wrap = true };

    private static Cell Num(long value) => new(DashboardText.Tokens(value), true, value.ToString(CultureInfo.InvariantCulture));

    private static Cell Money(decimal? value) => new(E(DashboardText.Cost(value)), true, (value ?? 0m).ToString(CultureInfo.InvariantCulture));

    private static void WriteTable(StringBuilder h, string title, string id, string[] headers, IEnumerable<Cell[]> rows)
    {
        List<Cell[]> list = rows.ToList();
        h.Append("<section aria-label=\"").Append(E(title)).Append("\">\n<h2>").Append(E(title)).Append("</h2>\n");
        if (list.Count == 0)
        {
            h.Append("<p class=\"empty\">Nothing in this period.</p>\n</section>\n");
            return;
        }

        bool[] numeric = headers.Select((_, i) => list[0][i].Numeric).ToArray();
        h.Append("<div class=\"table-wrap\"><table class=\"sortable\" id=\"table-").Append(id).Append("\">\n<thead><tr>");
        for (int i = 0; i < headers.Length; i++)
        {
            h.Append(numeric[i] ? "<th class=\"num\">" : "<th>").Append(E(headers[i])).Append("</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        foreach (Cell[] row in list)
        {
            h.Append("<tr>");
            foreach (Cell c in row)
            {
                h.Append(c.Numeric ? "<td class=\"num\"" : c.Wrap ? "<td class=\"wrap\"" : "<td");
                if (c.Sort is not null)
                {
                    h.Append(" data-sort=\"").Append(c.Sort).Append('"');
                }

                h.Append('>').Append(c.Html).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody></table></div>\n</section>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ClaudeUsage.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
