using ClaudeUsage.Core;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

public class UsageReportTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    [Fact]
    public void A_row_names_each_of_its_models_once_in_ordinal_order_and_rows_share_their_key_names()
    {
        // One day's responses from four models, met out of order and again; ordinal order puts capitals first.
        List<CountedResponse> responses =
        [
            Response("2026-11-02T10:00:00Z", 0.01m, model: "opus"),
            Response("2026-11-02T10:01:00Z", 0.01m, model: "Haiku"),
            Response("2026-11-02T10:02:00Z", 0.01m, model: "opus"),
            Response("2026-11-02T10:03:00Z", 0.01m, model: "fable"),
            Response("2026-11-02T10:04:00Z", 0.01m, model: "Haiku"),
            Response("2026-11-02T10:05:00Z", 0.01m, model: "sonnet"),
            Response("2026-11-03T10:00:00Z", 0.01m, model: "opus"),
        ];

        List<UsageSummary> rows = UsageReport.Summarize(responses, [UsageGrouping.Day], Utc);

        Assert.Equal(["Haiku", "fable", "opus", "sonnet"], rows[0].Models);
        Assert.Equal(["opus"], rows[1].Models);
        Assert.Equal(["Day"], rows[0].GroupBy);
        Assert.Same(rows[0].GroupBy, rows[1].GroupBy);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)rows[0].GroupBy)[0] = "Model");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Selected_responses_come_in_time_order_then_by_file_and_line_however_they_were_given(bool givenInOrder)
    {
        // Three at one moment in two files (ties broken by path, then line), one earlier, one later.
        UsageEntry Entry(string utc, string file, long line) => new()
        {
            Source = UsageSource.ClaudeCode,
            Timestamp = At(utc),
            SessionId = "s",
            Model = "claude-sonnet-4-6",
            Tokens = new TokenCounts(1, 0, 0, 0, 0, 0),
            FilePath = file,
            LineNumber = line,
        };
        UsageEntry[] expected =
        [
            Entry("2026-11-02T09:59:59Z", "/logs/b.jsonl", 9),
            Entry("2026-11-02T10:00:00Z", "/logs/a.jsonl", 2),
            Entry("2026-11-02T10:00:00Z", "/logs/a.jsonl", 10),
            Entry("2026-11-02T10:00:00Z", "/logs/b.jsonl", 1),
            Entry("2026-11-02T10:00:01Z", "/logs/a.jsonl", 1),
        ];
        UsageEntry[] given = givenInOrder ? expected : [expected[3], expected[4], expected[2], expected[0], expected[1]];

        List<CountedResponse> selected = UsageReport.Select(given, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Auto));

        Assert.Equal(expected, selected.Select(r => r.Entry));
    }

    [Fact]
    public void A_selection_list_given_back_is_taken_again_empty_and_a_large_one_is_let_go()
    {
        List<CountedResponse> list = SelectionBuffer.Take();
        list.Add(Response("2026-11-02T10:00:00Z", 0.01m));
        SelectionBuffer.Give(list);
        List<CountedResponse> again = SelectionBuffer.Take();
        Assert.Same(list, again);
        Assert.Empty(again);

        var large = new List<CountedResponse>(100_000);
        SelectionBuffer.Give(large);
        Assert.NotSame(large, SelectionBuffer.Take());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rows_are_those_of_grouping_every_response_by_its_key_for_any_grouping(int seed)
    {
        // Responses across Berlin's fall-back night (two 02:00 hours), a month's, a week's and a year's end, and the
        // same month a year on, with keys that differ only in case, empty and missing values: each report equals
        // grouping every response by its own key.
        var berlin = new ZonedCalendar(ZonedCalendar.ResolveZone("Europe/Berlin"));
        var random = new Random(seed);
        string?[] models = [null, "", "opus", "Opus", "sonnet"];
        string?[] texts = [null, "", "x", "X"];
        DateTimeOffset[] windows =
        [
            new(2026, 10, 24, 20, 0, 0, TimeSpan.Zero), new(2026, 12, 29, 0, 0, 0, TimeSpan.Zero), new(2027, 10, 27, 0, 0, 0, TimeSpan.Zero),
        ];
        var responses = new List<CountedResponse>();
        for (int i = 0; i < 600; i++)
        {
            var e = new UsageEntry
            {
                Source = (UsageSource)random.Next(3),
                Timestamp = windows[random.Next(windows.Length)].AddMinutes(random.Next(60 * 24 * 9)),
                SessionId = "s" + random.Next(4),
                Model = models[random.Next(models.Length)],
                ProjectPath = random.Next(3) == 0 ? null : "/work/p" + random.Next(2),
                ProjectSlug = "-work-slug",
                AgentId = texts[random.Next(texts.Length)],
                Provider = texts[random.Next(texts.Length)],
                IsFast = random.Next(4) == 0,
                Skill = texts[random.Next(texts.Length)],
                Plugin = texts[random.Next(texts.Length)],
                Subagent = texts[random.Next(texts.Length)],
                McpServers = texts[random.Next(texts.Length)],
                Tokens = new TokenCounts(1 + random.Next(1_000), 0, 0, 0, 0, 0),
                FilePath = "/logs/a.jsonl",
            };
            responses.Add(new CountedResponse(e, new ResponseCost(0.01m * (1 + random.Next(9)), CostBasis.Calculated, false)));
        }

        UsageGrouping[] all = [.. Enum.GetValues<UsageGrouping>().Where(g => g != UsageGrouping.Total)];
        for (int round = 0; round < 60; round++)
        {
            UsageGrouping[] keys = [.. all.OrderBy(_ => random.Next()).Take(1 + random.Next(3))];
            // Runs of neighbours, as logs and sums come, and a shuffle.
            List<CountedResponse> ordered = round % 2 == 0 ? [.. responses.OrderBy(r => r.Entry.Timestamp)] : [.. responses.OrderBy(_ => random.Next())];

            List<UsageSummary> rows = UsageReport.Summarize(ordered, keys, berlin);

            var expected = ordered
                .GroupBy(r => GroupKey.Of(r.Entry, keys, berlin))
                .OrderBy(g => g.Key)
                .Select(g => (g.Count(), g.Sum(r => r.Entry.Tokens.Input), g.Sum(r => r.Cost.Amount!.Value),
                    g.Select(r => (r.Entry.Source, r.Entry.SessionId)).Distinct().Count(),
                    string.Join(",", g.Where(r => r.Entry.Model is not null).Select(r => r.Entry.Model!).Distinct().Order(StringComparer.Ordinal))))
                .ToList();
            Assert.Equal(expected, rows.Select(r => (r.Requests, r.InputTokens, r.Cost!.Value, r.Sessions, string.Join(",", r.Models))).ToList());
        }
    }

    [Fact]
    public void Rows_are_right_when_models_take_turns_within_one_hour()
    {
        // Models alternating (a row met two responses back), then six in a row (more than the rows remembered as
        // recently used), then coming back. Model m uses 10^m input tokens and costs 0.01 * (m + 1), so a response
        // put in the wrong row shows in the sums. The minute of each response is its position; s1 before minute 6.
        int[] sequence = [0, 1, 0, 1, 0, 2, 3, 4, 5, 1, 5, 4, 0];
        var responses = new List<CountedResponse>();
        foreach (string day in new[] { "2026-11-02", "2026-11-03" })
        {
            for (int i = 0; i < sequence.Length; i++)
            {
                int m = sequence[i];
                responses.Add(Response($"{day}T10:{i:00}:00Z", 0.01m * (m + 1), (long)Math.Pow(10, m), i < 6 ? "s1" : "s2", $"m{m}"));
            }
        }

        List<UsageSummary> rows = UsageReport.Summarize(responses, [UsageGrouping.Day, UsageGrouping.Model], Utc);

        // Per model: requests, input tokens, cost, sessions, first and last minute (worked out from the sequence).
        (int Requests, long Tokens, decimal Cost, int Sessions, int First, int Last)[] expected =
        [
            (4, 4, 0.04m, 2, 0, 12),
            (3, 30, 0.06m, 2, 1, 9),
            (1, 100, 0.03m, 1, 5, 5),
            (1, 1_000, 0.04m, 1, 6, 6),
            (2, 20_000, 0.10m, 1, 7, 11),
            (2, 200_000, 0.12m, 1, 8, 10),
        ];
        Assert.Equal(12, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            int m = i % 6;
            UsageSummary row = rows[i];
            Assert.Equal(new DateTime(2026, 11, 2 + i / 6), row.Day);
            Assert.Equal($"m{m}", row.Model);
            Assert.Equal(expected[m].Requests, row.Requests);
            Assert.Equal(expected[m].Tokens, row.InputTokens);
            Assert.Equal(expected[m].Cost, row.Cost);
            Assert.Equal(expected[m].Sessions, row.Sessions);
            Assert.Equal(new TimeSpan(10, expected[m].First, 0), row.FirstActivity.TimeOfDay);
            Assert.Equal(new TimeSpan(10, expected[m].Last, 0), row.LastActivity.TimeOfDay);
        }
    }
}
