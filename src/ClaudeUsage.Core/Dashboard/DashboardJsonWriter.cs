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

        Objects(w, "budgets", model.Budgets, (w, b) =>
        {
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
        });
        Objects(w, "daily", model.Daily, (w, day) =>
        {
            w.WriteString("day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteTotals(w, day.Totals);
            Objects(w, "models", day.Models, WriteModelUsage);
        });
        Objects(w, "modelsThisMonth", model.ModelsThisMonth, WriteModelUsage);
        Objects(w, "topSessions", model.TopSessions, (w, s) =>
        {
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
        });
        Objects(w, "topProjects", model.TopProjects, (w, p) =>
        {
            w.WriteString("project", p.Project);
            w.WriteString("projectPath", p.ProjectPath);
            WriteTotals(w, p.Totals);
        });
        Objects(w, "bySource", model.BySource, (w, row) =>
        {
            w.WriteString("source", row.Source.ToString());
            WriteNullableString(w, "agent", row.Agent);
            WriteTotals(w, row.Totals);
        });
        Objects(w, "spikes", model.Spikes, (w, spike) =>
        {
            w.WriteString("start", spike.Start);
            w.WriteString("end", spike.End);
            w.WriteString("metric", spike.Metric);
            w.WriteNumber("value", spike.Value);
            w.WriteNumber("baseline", spike.Baseline);
            WriteNullableNumber(w, "factor", spike.Factor);
            w.WriteString("explanation", spike.Explanation);
            Objects(w, "drivers", spike.Drivers, WriteDriver);
            Objects(w, "factors", spike.Factors, (w, f) =>
            {
                w.WriteString("factor", f.Factor);
                w.WriteNumber("increase", f.Increase);
                w.WriteNumber("share", f.Share);
                WriteNullableNumber(w, "baseline", f.Baseline);
                WriteNullableNumber(w, "current", f.Current);
                Objects(w, "drivers", f.Drivers, WriteDriver);
            });
        });
        Objects(w, "warnings", model.Warnings, (w, warning) =>
        {
            w.WriteString("kind", warning.Kind);
            w.WriteString("message", warning.Message);
            WriteNullableString(w, "target", warning.Target);
        });
        w.WriteEndObject();
    }

    private static void WriteDriver(Utf8JsonWriter w, DashboardSpikeDriver d)
    {
        w.WriteString("kind", d.Kind);
        w.WriteString("name", d.Name);
        w.WriteNumber("increase", d.Increase);
        w.WriteNumber("share", d.Share);
    }

    /// <summary>An array named <paramref name="name"/> with one object per item.</summary>
    private static void Objects<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        w.WriteStartArray(name);
        foreach (T item in items)
        {
            w.WriteStartObject();
            writeItem(w, item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteModelUsage(Utf8JsonWriter w, DashboardModelUsage usage)
    {
        w.WriteString("model", usage.Model);
        WriteTotals(w, usage.Totals);
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
        WriteNullableNumber(w, "cost", t.Cost);
        w.WriteNumber("unpricedRequests", t.UnpricedRequests);
        WriteNullableNumber(w, "cacheHitRate", t.CacheHitRate);
        WriteNullableNumber(w, "cacheWriteCost", t.CacheWriteCost);
        WriteNullableNumber(w, "cacheSavings", t.CacheSavings);
    }

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
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
