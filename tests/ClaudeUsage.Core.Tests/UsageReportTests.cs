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
