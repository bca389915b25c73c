using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>
/// Writes a dashboard as JSON with stable camelCase keys, numbers as numbers and ISO-8601 times
/// (the schema is described in docs/dashboard-schema.md).
/// </summary>
internal static class DashboardJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Log strings are data: keep them readable (non-ASCII as is), still escaping what JSON requires.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, DashboardModel model)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", DashboardModel.SchemaVersion);
        w.WriteString("generatedAt", model.GeneratedAt);
        w.WriteString("timeZone", model.TimeZone);
        w.WriteNumber("refreshSeconds", model.RefreshSeconds);
        w.WriteNumber("historyDays", model.HistoryDays);

        w.WriteStartObject("periods");
        foreach (DashboardPeriod period in new[] { model.Today, model.ThisWeek, model.ThisMonth })
        {
            w.WriteStartObject(period.Name);
            w.WriteString("start", period.Start);
            w.WriteString("end", period.End);
            WriteTotals(w, period.Totals);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        w.WriteStartArray("budgets");
        foreach (DashboardBudget b in model.Budgets)
        {
            w.WriteStartObject();
            w.WriteString("period", b.Period);
            w.WriteString("unit", b.Unit);
            w.WriteString("periodStart", b.PeriodStart);
            w.WriteString("periodEnd", b.PeriodEnd);
            w.WriteNumber("limit", b.Limit);
            w.WriteNumber("spent", b.Spent);
            w.WriteNumber("remaining", b.Remaining);
            w.WriteNumber("percentUsed", b.PercentUsed);
            w.WriteString("status", b.Status);
            w.WriteNumber("burnRatePerDay", b.BurnRatePerDay);
            w.WriteNumber("projectedSpend", b.ProjectedSpend);
            w.WriteNumber("projectedOverage", b.ProjectedOverage);
            WriteTime(w, "predictedExhaustion", b.PredictedExhaustion);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("daily");
        foreach (DashboardDay day in model.Daily)
        {
            w.WriteStartObject();
            w.WriteString("day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteTotals(w, day.Totals);
            w.WriteStartArray("models");
            foreach (DashboardModelUsage m in day.Models)
            {
                w.WriteStartObject();
                w.WriteString("model", m.Model);
                WriteTotals(w, m.Totals);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("modelsThisMonth");
        foreach (DashboardModelUsage m in model.ModelsThisMonth)
        {
            w.WriteStartObject();
            w.WriteString("model", m.Model);
            WriteTotals(w, m.Totals);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("topSessions");
        foreach (DashboardSession s in model.TopSessions)
        {
            w.WriteStartObject();
            w.WriteString("sessionId", s.SessionId);
            w.WriteString("source", s.Source.ToString());
            WriteNullableString(w, "agent", s.Agent);
            w.WriteString("project", s.Project);
            WriteNullableString(w, "projectPath", s.ProjectPath);
            w.WriteString("firstActivity", s.FirstActivity);
            w.WriteString("lastActivity", s.LastActivity);
            w.WriteStartArray("models");
            foreach (string name in s.Models)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            WriteTotals(w, s.Totals);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("topProjects");
        foreach (DashboardProject p in model.TopProjects)
        {
            w.WriteStartObject();
            w.WriteString("project", p.Project);
            w.WriteString("projectPath", p.ProjectPath);
            WriteTotals(w, p.Totals);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("bySource");
        foreach (DashboardSourceRow row in model.BySource)
        {
            w.WriteStartObject();
            w.WriteString("source", row.Source.ToString());
            WriteNullableString(w, "agent", row.Agent);
            WriteTotals(w, row.Totals);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("spikes");
        foreach (DashboardSpike spike in model.Spikes)
        {
            w.WriteStartObject();
            w.WriteString("start", spike.Start);
            w.WriteString("end", spike.End);
            w.WriteString("metric", spike.Metric);
            w.WriteNumber("value", spike.Value);
            w.WriteNumber("baseline", spike.Baseline);
            if (spike.Factor is { } factor)
            {
                w.WriteNumber("factor", factor);
            }
            else
            {
                w.WriteNull("factor");
            }

            w.WriteStartArray("drivers");
            foreach (DashboardSpikeDriver d in spike.Drivers)
            {
                w.WriteStartObject();
                w.WriteString("kind", d.Kind);
                w.WriteString("name", d.Name);
                w.WriteNumber("increase", d.Increase);
                w.WriteNumber("share", d.Share);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("warnings");
        foreach (DashboardWarning warning in model.Warnings)
        {
            w.WriteStartObject();
            w.WriteString("kind", warning.Kind);
            w.WriteString("message", warning.Message);
            WriteNullableString(w, "target", warning.Target);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTotals(Utf8JsonWriter w, DashboardTotals t)
    {
        w.WriteStartObject("tokens");
        w.WriteNumber("input", t.Input);
        w.WriteNumber("output", t.Output);
        w.WriteNumber("cacheWrite5m", t.CacheWrite5m);
        w.WriteNumber("cacheWrite1h", t.CacheWrite1h);
        w.WriteNumber("cacheRead", t.CacheRead);
        w.WriteNumber("total", t.Total);
        w.WriteEndObject();
        w.WriteNumber("webSearchRequests", t.WebSearchRequests);
        w.WriteNumber("requests", t.Requests);
        w.WriteNumber("sessions", t.Sessions);
        if (t.Cost is { } cost)
        {
            w.WriteNumber("cost", cost);
        }
        else
        {
            w.WriteNull("cost");
        }

        w.WriteNumber("unpricedRequests", t.UnpricedRequests);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
