using System.Globalization;
using System.Text;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Random histories of a log folder (appends, later copies of a response, subagent replays, a line cut mid-way and
/// completed later, truncations, replacements of the same or another size, deletions), with ingests in between: the
/// ledger always counts what a read without it counts over every version of every file it ever ingested, to the
/// token, and still does once every log is deleted.
/// </summary>
public class LedgerPropertyTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo";

    private const int Steps = 60;

    /// <summary>The first ingest of an aside case waits until this step, so the new ledger's fill meets a long history.</summary>
    private const int FirstAsideIngest = Steps / 3;

    /// <summary>
    /// The histories run: a seed, old or recent file times, the default folders or a path, a migration half-way, and
    /// whether the ledger is new when first ingested (its first fill written aside, as a new ledger's is). More
    /// seeds on demand: <c>CLAUDEUSAGE_LEDGER_SOAK=first:count</c> adds each of <c>count</c> seeds from <c>first</c> in
    /// four ways.
    /// </summary>
    public static TheoryData<int, bool, bool, bool, bool> Histories()
    {
        var data = new TheoryData<int, bool, bool, bool, bool>
        {
            { 1, true, false, false, false },
            { 2, true, false, false, false },
            { 3, true, false, false, false },
            { 4, true, false, false, false },
            { 5, false, false, false, false },
            { 6, false, false, false, false },
            { 7, false, false, false, false },
            { 8, false, false, false, false },
            // The default folders of a home, watched between ingests (on Linux): a change made just before an ingest
            // is always seen, and an ingest with no change in between is answered without looking at the files.
            { 1, true, true, false, false },
            { 2, true, true, false, false },
            { 5, false, true, false, false },
            { 6, false, true, false, false },
            // Half-way, the ledger is one of schema 2 (as the module before schema 3 left it), migrated when opened
            // again: its read positions and rows carry on.
            { 3, true, false, true, false },
            { 7, false, false, true, false },
            // A new ledger's first ingest written aside and put in place, after a third of the history: later copies,
            // replays and cut lines of many files in one fill, counted once at the end; the ingests after it write in
            // place.
            { 1, true, false, false, true },
            { 2, true, false, false, true },
            { 5, false, false, false, true },
            { 6, false, false, false, true },
            { 3, true, true, false, true },
            { 7, false, false, true, true },
        };
        if (Environment.GetEnvironmentVariable("CLAUDEUSAGE_LEDGER_SOAK") is { } soak && soak.Split(':') is [var first, var count])
        {
            foreach (int seed in Enumerable.Range(int.Parse(first, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture)))
            {
                data.Add(seed, true, false, false, true);
                data.Add(seed, false, false, false, false);
                data.Add(seed, seed % 2 == 0, true, false, seed % 2 == 1);
                data.Add(seed, seed % 2 == 1, false, true, seed % 2 == 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_ledger_counts_every_version_of_every_log_it_ever_read(int seed, bool recentTimes, bool defaultFolders, bool migrateHalfway, bool aside)
    {
        using var tmp = new TempFolder();
        string live = Path.Combine(tmp.Path, "live");
        string folder = Path.Combine(live, Projects);
        string archive = Path.Combine(tmp.Path, "archive");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(archive);
        string ledger = Path.Combine(tmp.Path, "ledger", "ledger.db");
        SqliteLedgerStore store = SqliteLedgerStore.Open(ledger, firstFillAside: aside);
        using var closeAtEnd = new Finally(() => store.Dispose());
        var history = new History(folder, seed, recentTimes);
        var done = new List<string>();
        int ingests = 0, watched = 0;
        bool changedSinceIngest = true, unchangedIngests = false, migrated = false;

        void IngestAndCompare()
        {
            // Only an ingest with nothing changed since the one before (on the same ledger file) may be answered by the watch.
            unchangedIngests |= !changedSinceIngest;
            changedSinceIngest = false;
            var observer = new CollectingObserver();
            Assert.True(!aside || ingests > 0 || migrated || !File.Exists(ledger), "a new ledger is written aside until its first ingest is done");
            LedgerIngest.Run(store, Request(live, defaultFolders), observer, CancellationToken.None);
            Assert.True(File.Exists(ledger) || migrated, "the first ingest put the ledger in place");
            watched += observer.VerboseMessages.Count(m => m.Contains("watched for changes", StringComparison.Ordinal));
            ingests++;

            // Every version the ledger has read, each in a folder of its own.
            string version = Path.Combine(archive, ingests.ToString(CultureInfo.InvariantCulture), Projects);
            Directory.CreateDirectory(version);
            foreach (string file in Directory.EnumerateFiles(folder))
            {
                File.Copy(file, Path.Combine(version, Path.GetFileName(file)));
            }

            AssertLedgerCountsTheArchive(store, archive, seed, done);
            QuarterSumsTests.AssertSumsEqualRows(store, null, null, $"seed {seed}, ingest {ingests}: ");
        }

        for (int step = 0; step < Steps; step++)
        {
            if (migrateHalfway && step == Steps / 2)
            {
                if (ingests == 0)
                {
                    IngestAndCompare(); // a ledger to migrate
                }

                store.Dispose();
                string older = Path.Combine(tmp.Path, "ledger", "schema-2.db");
                OlderLedgers.Write(ledger, older, version: 2);
                store = SqliteLedgerStore.Open(older);
                migrated = true;
                Assert.Equal(2, store.Migration?.FromVersion);
                changedSinceIngest = true; // another ledger file: another watch
                done.Add(FormattableString.Invariant($"{step}: the ledger written as schema 2 and migrated"));
                AssertLedgerCountsTheArchive(store, archive, seed, done);
            }

            (string what, int ingest) = history.Step();
            if (aside && step < FirstAsideIngest && ingest > 0)
            {
                done.Add(FormattableString.Invariant($"{step}: {what} skipped (the first ingest comes after step {FirstAsideIngest})"));
                continue;
            }

            done.Add(FormattableString.Invariant($"{step}: {what}"));
            changedSinceIngest |= ingest == 0;
            for (int i = 0; i < ingest; i++)
            {
                IngestAndCompare();
            }
        }

        // The agents delete their transcripts: nothing the ledger counted goes away.
        foreach (string file in Directory.EnumerateFiles(folder).ToList())
        {
            File.Delete(file);
        }

        changedSinceIngest = true;
        done.Add("end: delete every file");
        IngestAndCompare();
        Assert.All(store.ReadCounted(null, null, null, withIds: false), e => Assert.True(e.IsLogDeleted));

        // Only the default folders are watched, on Linux; an ingest with nothing changed before it is answered by the
        // watch (a change step that changed nothing may let one more be answered).
        bool watching = defaultFolders && OperatingSystem.IsLinux();
        Assert.True(watching || watched == 0, $"{watched} ingest(s) answered by a watch of folders not watched");
        Assert.True(!watching || !unchangedIngests || watched > 0, "no ingest with nothing changed before it was answered by the watch");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the default folders, watched between ingests: an ingest with nothing changed comes first
    public void A_same_size_rewrite_that_keeps_an_old_modification_time_is_read(bool defaultFolders)
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        var old = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string file = dir.Write(Projects + "/s0.jsonl", ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5));
        File.SetLastWriteTimeUtc(file, old);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        void Ingest() => LedgerIngest.Run(store, Request(dir.Path, defaultFolders), new CollectingObserver(), CancellationToken.None);
        Ingest();
        Ingest();

        // Another response in exactly as many bytes, the modification time put back (a restored copy, cp -p).
        string before = File.ReadAllText(file);
        File.WriteAllText(file, ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_2", "req_2", input: 10, output: 7) + "\n");
        File.SetLastWriteTimeUtc(file, old);
        Assert.Equal(before.Length, File.ReadAllText(file).Length);
        Ingest();
        File.Delete(file);
        Ingest();

        Assert.Equal(["msg_1", "msg_2"], store.ReadCounted(null, null, null, withIds: true).Select(e => e.ResponseId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_file_not_changed_since_its_last_read_began_is_trusted_and_one_rewritten_since_is_read()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        var old = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string file = dir.Write(Projects + "/s0.jsonl", ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5));
        string other = dir.Write(Projects + "/s1.jsonl", ClaudeAssistant("2026-11-20T11:00:00.000Z", "msg_9", "req_9", input: 1, output: 2), "{not json");
        File.SetLastWriteTimeUtc(file, old);
        File.SetLastWriteTimeUtc(other, old);
        DateTime? changed = FileChangeTime.Of(file);
        Assert.Equal(OperatingSystem.IsLinux(), changed is not null);
        Assert.True(changed is null || DateTime.UtcNow - changed < TimeSpan.FromMinutes(1), $"{changed:o}"); // the time of the last change, not the modification time set back

        // Its status last changed more than the unseen-change window before the first read began: the next reads may
        // trust it without reading its fingerprints.
        Thread.Sleep(CachedFile.UnseenChangeWindow + TimeSpan.FromMilliseconds(500));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        void Ingest() => LedgerIngest.Run(store, Request(dir.Path, defaultFolders: false), new CollectingObserver(), CancellationToken.None);
        Ingest();
        var observer = new CollectingObserver();
        LedgerIngestResult unchanged = LedgerIngest.Run(store, Request(dir.Path, defaultFolders: false), observer, CancellationToken.None);
        Assert.Equal((2, 0, 1), (unchanged.FilesUnchanged, unchanged.CopiesRead, unchanged.MalformedLines));
        // Every file trusted: none is read (no reading progress), and the malformed line is still told, as a read would.
        Assert.Empty(observer.ProgressReports);
        (string path, int count, long firstLine, string _) = Assert.Single(observer.Malformed);
        Assert.Equal((other, 1, 2L), (path, count, firstLine));

        // One file gone: the ledger says so, and the other is still trusted.
        File.Delete(other);
        LedgerIngestResult gone = LedgerIngest.Run(store, Request(dir.Path, defaultFolders: false), new CollectingObserver(), CancellationToken.None);
        Assert.Equal((1, 1, 0), (gone.FilesUnchanged, gone.FilesGone, gone.CopiesRead));
        Assert.Equal(2, store.ReadCounted(null, null, null, withIds: false).Count);

        // The same size, the old modification time put back: the status-change time says it was rewritten.
        File.WriteAllText(file, ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_2", "req_2", input: 10, output: 7) + "\n");
        File.SetLastWriteTimeUtc(file, old);
        Ingest();
        Assert.Equal(["msg_1", "msg_2", "msg_9"], store.ReadCounted(null, null, null, withIds: true).Select(e => e.ResponseId).Order(StringComparer.Ordinal));
    }

    /// <summary>A read of <paramref name="home"/>: its Claude Code default folder, or the folder as a path given.</summary>
    private static ScanRequest Request(string home, bool defaultFolders) => defaultFolders
        ? new ScanRequest { Environment = new UserEnvironment(home, _ => null), Sources = new HashSet<UsageSource> { UsageSource.ClaudeCode } }
        : new ScanRequest { Paths = [home] };

    private static void AssertLedgerCountsTheArchive(ILedgerStore store, string archive, int seed, List<string> done)
    {
        List<string> ledger = Canonical(store.ReadCounted(null, null, null, withIds: true));
        List<string> union = Canonical(UsageScanner.Scan(new ScanRequest { Paths = [archive] }, new CollectingObserver(), CancellationToken.None).Responses);
        if (ledger.SequenceEqual(union, StringComparer.Ordinal))
        {
            return;
        }

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"seed {seed}: the ledger counts {ledger.Count} response(s), the archive of every version read {union.Count}.\n");
        message.Append("only in the ledger:\n").AppendJoin("\n", Missing(ledger, union)).Append('\n');
        message.Append("only in the archive:\n").AppendJoin("\n", Missing(union, ledger)).Append('\n');
        message.Append("steps:\n").AppendJoin("\n", done);
        Assert.Fail(message.ToString());
    }

    /// <summary>The lines of <paramref name="a"/> that <paramref name="b"/> lacks, as many times as it lacks them.</summary>
    private static List<string> Missing(List<string> a, List<string> b)
    {
        var left = b.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string s in a)
        {
            if (left.TryGetValue(s, out int n) && n > 0)
            {
                left[s] = n - 1;
            }
            else
            {
                missing.Add("  " + s);
            }
        }

        return missing;
    }

    /// <summary>Each counted response by model, message id and request id, with every token count of the copy kept.</summary>
    private static List<string> Canonical(IEnumerable<UsageEntry> entries) =>
        entries.Select(e =>
        {
            TokenCounts t = e.Tokens;
            return FormattableString.Invariant(
                $"{e.Model} {e.ResponseId} {e.RequestId ?? "(no request id)"}: in {t.Input} out {t.Output} write5m {t.CacheWrite5m} write1h {t.CacheWrite1h} read {t.CacheRead} web {t.WebSearchRequests}/{t.WebFetchRequests}/{t.CodeExecutionRequests} sidechain {e.IsSidechain} at {e.Timestamp:O}");
        })
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>A seeded sequence of changes to up to five transcripts of one project.</summary>
    private sealed class History(string folder, int seed, bool recentTimes)
    {
        private static readonly string[] Models = ["claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001"];

        private readonly Random _rng = new(seed);
        private readonly Dictionary<string, string> _pending = []; // by file name: the rest of a line written only in part
        private readonly List<Line> _responses = []; // the first copy of every response written

        // Old times leave change detection to size and modification time; times ahead of the clock keep every file
        // inside the window in which the module re-checks content, however slowly the machine runs the test.
        private DateTime _clock = recentTimes ? DateTime.UtcNow.AddHours(1) : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private int _next;

        public (string Done, int Ingests) Step()
        {
            int r = _rng.Next(100);
            if (r < 18)
            {
                return ("ingest", 1);
            }

            if (r < 22)
            {
                return ("ingest twice", 2);
            }

            string name = FormattableString.Invariant($"s{_rng.Next(5)}.jsonl");
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                (string text, string what) = Lines(name, 1 + _rng.Next(4));
                Write(path, text, append: false);
                return ($"create {name}: {what}", 0);
            }

            int op = _rng.Next(100);
            if (op < 35 || (op < 57 && op >= 47 && !_pending.ContainsKey(name)))
            {
                string completed = string.Empty;
                if (_pending.Remove(name, out string? rest) && _rng.Next(3) != 0)
                {
                    Write(path, rest, append: true);
                    completed = "complete the cut line, then ";
                }
                else if (rest is not null)
                {
                    completed = "(the cut line is never completed) ";
                }

                (string text, string what) = Lines(name, 1 + _rng.Next(4));
                Write(path, text, append: true);
                return ($"{name}: {completed}append {what}", 0);
            }

            if (op < 47 && !_pending.ContainsKey(name))
            {
                (Line line, string what) = NextLine(name);
                string json = line.Render();
                bool parses = _rng.Next(3) == 0;
                int cut = parses ? json.Length : 1 + _rng.Next(json.Length - 1);
                Write(path, json[..cut], append: true);
                _pending[name] = json[cut..] + "\n";
                return (FormattableString.Invariant($"{name}: append {what} cut at {cut} of {json.Length}{(parses ? " (the whole object, no newline)" : string.Empty)}"), 0);
            }

            if (op < 57)
            {
                _pending.Remove(name, out string? rest);
                Write(path, rest!, append: true);
                return ($"{name}: complete the cut line", 0);
            }

            if (op < 67)
            {
                string content = File.ReadAllText(path);
                var boundaries = new List<int> { 0 };
                for (int i = 0; i < content.Length - 1; i++)
                {
                    if (content[i] == '\n')
                    {
                        boundaries.Add(i + 1);
                    }
                }

                int keep = boundaries[_rng.Next(boundaries.Count)];
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(keep);
                }

                Touch(path);
                _pending.Remove(name);
                return (FormattableString.Invariant($"{name}: truncate from {content.Length} to {keep} bytes"), 0);
            }

            if (op < 87)
            {
                bool sameSize = op < 77;
                // A file of the same size and the same (old) modification time is unchanged as far as size and time
                // can tell: the ledger compares content fingerprints too (A_same_size_rewrite_that_keeps_an_old_modification_time_is_read).
                bool keepTime = _rng.Next(2) == 0;
                long length = new FileInfo(path).Length;
                DateTime mtime = File.GetLastWriteTimeUtc(path);
                (string? text, string? what) = sameSize ? SameSize(name, (int)length) : (null, null);
                if (text is null || what is null)
                {
                    sameSize = false;
                    (text, what) = Lines(name, 1 + _rng.Next(5));
                    if (text.Length == length)
                    {
                        (string more, string moreWhat) = Lines(name, 1);
                        (text, what) = (text + more, what + ", " + moreWhat);
                    }
                }

                Write(path, text, append: false);
                if (keepTime)
                {
                    File.SetLastWriteTimeUtc(path, mtime);
                }

                _pending.Remove(name);
                return (FormattableString.Invariant($"{name}: replace {length} bytes by {text.Length} ({(sameSize ? "same size" : "another size")}{(keepTime ? ", same modification time" : string.Empty)}): {what}"), 0);
            }

            File.Delete(path);
            _pending.Remove(name);
            return ($"delete {name}", 0);
        }

        /// <summary>Complete lines, the last one's text padded so that they are exactly <paramref name="length"/> bytes; null when no line is that short.</summary>
        private (string? Text, string? What) SameSize(string name, int length)
        {
            var lines = new List<(Line Line, string What)>();
            int total = 0;
            do
            {
                (Line line, string what) = NextLine(name);
                int size = line.Render().Length + 1;
                if (total + size > length)
                {
                    break;
                }

                lines.Add((line, what));
                total += size;
            }
            while (_rng.Next(3) != 0);

            if (lines.Count == 0)
            {
                return (null, null);
            }

            var text = new StringBuilder();
            for (int i = 0; i < lines.Count; i++)
            {
                text.Append(lines[i].Line.Render(i == lines.Count - 1 ? length - total : 0)).Append('\n');
            }

            return (text.ToString(), string.Join(", ", lines.Select(l => l.What)));
        }

        private (string Text, string What) Lines(string name, int count)
        {
            var text = new StringBuilder();
            var what = new List<string>();
            for (int i = 0; i < count; i++)
            {
                if (_rng.Next(12) == 0)
                {
                    text.Append(ClaudeUser(Time(_rng.Next(3)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), "next step", sessionId: Session(name))).Append('\n');
                    what.Add("a user line");
                    continue;
                }

                (Line line, string w) = NextLine(name);
                text.Append(line.Render()).Append('\n');
                what.Add(w);
            }

            return (text.ToString(), string.Join(", ", what));
        }

        /// <summary>A new response, a later copy of one already written, or a subagent's replay of one.</summary>
        private (Line Line, string What) NextLine(string name)
        {
            int r = _rng.Next(10);
            if (r < 4 && _responses.Count > 0)
            {
                // Claude Code writes one line per content block, each repeating the usage: more output, or less
                // (a copy written before the last block), or the same again.
                Line first = _responses[_rng.Next(_responses.Count)];
                long output = Math.Max(0, first.Output + (_rng.Next(3) - 1) * (1 + _rng.Next(40)));
                bool sidechain = _rng.Next(8) == 0;
                Line copy = first with { At = first.At.AddSeconds(3 + _rng.Next(30)), Output = output, Sidechain = sidechain, Session = Session(name) };
                return (copy, FormattableString.Invariant($"copy of {first.MessageId}/{first.RequestId ?? "-"} out {output}{(sidechain ? " sidechain" : string.Empty)}"));
            }

            if (r < 6 && _responses.Count > 0)
            {
                // A subagent transcript replays its parent's message under a request id of its own. Each replay has
                // a time of its own: between replays as heavy as one another the path would decide, and the paths of
                // the archive do not sort as the live ones do.
                Line first = _responses[_rng.Next(_responses.Count)];
                long output = Math.Max(0, first.Output + (_rng.Next(3) - 1) * _rng.Next(20));
                int which = _rng.Next(2);
                string request = FormattableString.Invariant($"{first.RequestId ?? "req"}_replay{which}");
                Line replay = first with { At = first.At.AddSeconds(1 + which), RequestId = request, Output = output, Sidechain = true, Session = Session(name) };
                return (replay, FormattableString.Invariant($"sidechain replay of {first.MessageId} as {request} out {output}"));
            }

            int n = _next++;
            var line = new Line(
                Time(_rng.Next(3)),
                FormattableString.Invariant($"msg_{seed}_{n}"),
                _rng.Next(10) == 0 ? null : FormattableString.Invariant($"req_{seed}_{n}"),
                Models[_rng.Next(Models.Length)],
                Input: 1 + _rng.Next(30),
                Output: 1 + _rng.Next(300),
                CacheWrite5m: _rng.Next(3) * 100,
                CacheWrite1h: _rng.Next(4) == 0 ? 200 : 0,
                CacheRead: _rng.Next(5) * 1000,
                Sidechain: false,
                Session: Session(name));
            _responses.Add(line);
            return (line, FormattableString.Invariant($"new {line.MessageId}/{line.RequestId ?? "-"} {line.Model} out {line.Output}"));
        }

        /// <summary>A time on one of three days.</summary>
        private DateTime Time(int day) => new DateTime(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc).AddDays(day).AddSeconds(_next * 17 + _rng.Next(10));

        private static string Session(string name) => Path.GetFileNameWithoutExtension(name);

        private void Write(string path, string text, bool append)
        {
            if (append)
            {
                File.AppendAllText(path, text);
            }
            else
            {
                File.WriteAllText(path, text);
            }

            Touch(path);
        }

        private void Touch(string path)
        {
            _clock = _clock.AddSeconds(recentTimes ? 1 : 10);
            File.SetLastWriteTimeUtc(path, _clock);
        }
    }

    /// <summary>One Claude Code assistant line.</summary>
    private sealed record Line(
        DateTime At, string MessageId, string? RequestId, string Model, long Input, long Output,
        long CacheWrite5m, long CacheWrite1h, long CacheRead, bool Sidechain, string Session)
    {
        /// <summary>The line as JSON; <paramref name="pad"/> more characters of text make it that much longer.</summary>
        public string Render(int pad = 0) => ClaudeAssistant(
            At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), MessageId, RequestId, Model,
            input: Input, output: Output, cacheWrite5m: CacheWrite5m, cacheWrite1h: CacheWrite1h, cacheRead: CacheRead,
            sessionId: Session, sidechain: Sidechain, content: "ok" + new string('x', pad));
    }

    /// <summary>Runs an action when disposed: for a store the test replaces half-way.</summary>
    private sealed class Finally(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
