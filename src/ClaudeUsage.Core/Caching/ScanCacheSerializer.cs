using System.Runtime.CompilerServices;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Core.Caching;

/// <summary>
/// The usage cache's file format: a header (magic, format version, module version, scope, checksum and length of
/// the body), then the body: a string table (each distinct string once, so session ids, models and paths are
/// shared again when read) and the files with their entries. Anything that does not check out throws
/// <see cref="InvalidDataException"/>, and the cache is rebuilt.
/// </summary>
internal static class ScanCacheSerializer
{
    /// <summary>Raised whenever the layout or the meaning of a cached field changes.</summary>
    public const int FormatVersion = 5;

    private static readonly byte[] Magic = "CUSCACHE"u8.ToArray();

    /// <summary>The version of the code that wrote a cache; a cache written by any other is not used.</summary>
    public static string ModuleVersion { get; } =
        typeof(ScanCacheSerializer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ScanCacheSerializer).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Writes a cache for <paramref name="scope"/> to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <remarks>
    /// Layout: header (magic, format, module version, scope), body (the records, then the string table they index),
    /// trailer (length of the records, length of the body, XxHash64 of the body). The body is streamed, never held.
    /// XxHash64 rather than XxHash3: in a fresh process XxHash3's first pass over a multi-megabyte body runs in the
    /// JIT's unoptimised tier (about 20 ms for 7 MB here, against 3 ms), and every cached run is a first pass.
    /// </remarks>
    public static long Serialize(Stream destination, string scope, IReadOnlyCollection<CachedFile> files)
    {
        using var w = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(ModuleVersion);
        w.Write(scope);
        w.Flush();

        var body = new HashingWriteStream(destination);
        var strings = new StringTable();
        long recordsLength;
        var offsets = new long[files.Count];
        using (var b = new BinaryWriter(new BufferedStream(body, 1 << 16), Encoding.UTF8, leaveOpen: false))
        {
            int i = 0;
            foreach (CachedFile file in files)
            {
                b.Flush();
                offsets[i++] = body.Written;
                WriteFile(b, strings, file);
            }

            b.Flush();
            recordsLength = body.Written;
            strings.WriteTo(b);

            // Where each file's record starts, so a reader can parse them on several threads.
            b.Write7BitEncodedInt(offsets.Length);
            foreach (long offset in offsets)
            {
                b.Write7BitEncodedInt64(offset);
            }

            b.Flush();
        }

        w.Write(recordsLength);
        w.Write(body.Written);
        w.Write(body.Hash);
        w.Flush();
        return destination.CanSeek ? destination.Position : body.Written;
    }

    /// <exception cref="InvalidDataException">The bytes are not a cache this version wrote for this scope, or are damaged.</exception>
    public static List<CachedFile> Deserialize(byte[] bytes, string scope)
    {
        try
        {
            var r = new SpanReader(bytes);
            if (!r.ReadBytes(Magic.Length).SequenceEqual(Magic))
            {
                throw new InvalidDataException("it is not a ClaudeUsage cache file");
            }

            int format = r.ReadInt32();
            string version = r.ReadString();
            if (format != FormatVersion || version != ModuleVersion)
            {
                throw new InvalidDataException($"it was written by another module version ({version}, format {format})");
            }

            if (r.ReadString() != scope)
            {
                throw new InvalidDataException("it belongs to other log locations");
            }

            const int TrailerLength = 3 * sizeof(long);
            if (r.Remaining < TrailerLength)
            {
                throw new InvalidDataException("it is damaged (too short)");
            }

            var trailer = new SpanReader(bytes.AsSpan(bytes.Length - TrailerLength));
            long recordsLength = trailer.ReadInt64(), bodyLength = trailer.ReadInt64();
            ulong hash = trailer.ReadUInt64();
            if (bodyLength != r.Remaining - TrailerLength || recordsLength < 0 || recordsLength > bodyLength)
            {
                throw new InvalidDataException("it is damaged (lengths do not match)");
            }

            ReadOnlySpan<byte> body = r.ReadBytes((int)bodyLength);
            if (XxHash64.HashToUInt64(body) != hash)
            {
                throw new InvalidDataException("it is damaged (checksum mismatch)");
            }

            var rest = new SpanReader(body[(int)recordsLength..]);
            string?[] table = StringTable.Read(ref rest);
            int count = rest.Read7BitEncodedInt();
            var offsets = new int[count + 1];
            for (int i = 0; i < count; i++)
            {
                long offset = rest.Read7BitEncodedInt64();
                offsets[i] = offset >= 0 && offset <= recordsLength ? (int)offset : throw new InvalidDataException("it is damaged (a record offset is out of range)");
            }

            offsets[count] = (int)recordsLength;
            int bodyStart = bytes.Length - TrailerLength - (int)bodyLength;
            var files = ReadFiles(bytes, bodyStart, offsets, table);
            return files;
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw new InvalidDataException($"it is damaged ({ex.Message})", ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(IsDamage))
        {
            throw new InvalidDataException($"it is damaged ({ex.InnerExceptions[0].Message})", ex);
        }
    }

    private static bool IsDamage(Exception ex) =>
        ex is EndOfStreamException or IOException or FormatException or IndexOutOfRangeException or ArgumentException or OverflowException or InvalidDataException;

    /// <summary>Parses the file records in a few slices at once: on a re-run with nothing changed this is most of the work.</summary>
    private static List<CachedFile> ReadFiles(byte[] bytes, int bodyStart, int[] offsets, string?[] table)
    {
        int count = offsets.Length - 1;
        int slices = count < 256 ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var parts = new List<CachedFile>[slices];
        Parallel.For(0, slices, slice =>
        {
            int first = (int)((long)count * slice / slices), end = (int)((long)count * (slice + 1) / slices);
            var part = new List<CachedFile>(end - first);
            for (int i = first; i < end; i++)
            {
                int start = offsets[i], stop = offsets[i + 1];
                if (stop < start)
                {
                    throw new InvalidDataException("it is damaged (record offsets out of order)");
                }

                var record = new SpanReader(bytes.AsSpan(bodyStart + start, stop - start));
                part.Add(ReadFile(ref record, table, bytes, bodyStart + start));
            }

            parts[slice] = part;
        });

        var files = new List<CachedFile>(count);
        foreach (List<CachedFile> part in parts)
        {
            files.AddRange(part);
        }

        return files;
    }

    private static void WriteFile(BinaryWriter w, StringTable s, CachedFile f)
    {
        LogFile file = f.File;
        w.Write(s.Index(file.Path));
        w.Write((byte)file.Format);
        w.Write(file.Source is { } source ? (sbyte)source : (sbyte)-1);
        w.Write(s.Index(file.SessionIdFromPath));
        w.Write(s.Index(file.ProjectSlug));
        w.Write(s.Index(file.AgentId));
        w.Write7BitEncodedInt(file.CopyRank);
        w.Write(file.Length);
        w.Write(file.LastWriteTimeUtc.Ticks);
        w.Write(f.WalLength);
        w.Write(f.WalLastWriteTimeUtc.Ticks);
        w.Write(f.MayChangeUnseen);
        w.Write7BitEncodedInt(f.MalformedLines);
        w.Write7BitEncodedInt64(f.FirstMalformedLine);
        w.Write(s.Index(f.FirstMalformedReason));

        w.Write(f.Resume is not null);
        if (f.Resume is { } resume)
        {
            w.Write7BitEncodedInt64(resume.EndOffset);
            w.Write7BitEncodedInt64(resume.NextLineNumber);
            TranscriptState state = resume.State;
            w.Write(s.Index(state.HeaderSessionId));
            w.Write(s.Index(state.HeaderCwd));
            w.Write(s.Index(state.ParentSession));
            w.Write(s.Index(state.CurrentModel));
            w.Write(s.Index(state.CurrentProvider));
            w.Write(state.LooksLikeOpenClaw);
            WriteFingerprint(w, resume.Head);
            WriteFingerprint(w, resume.Seam);
        }

        WriteEntries(w, s, f.Entries);
        WriteEntries(w, s, f.TailEntries);
    }

    /// <summary>One file's record; <paramref name="r"/> reads <paramref name="bytes"/> from <paramref name="start"/> on, and its entries keep their ids there.</summary>
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CachedFile ReadFile(ref SpanReader r, string?[] t, byte[] bytes, int start)
    {
        string path = Str(ref r, t) ?? throw new InvalidDataException("a cached file has no path");
        var format = (LogFileFormat)r.ReadByte();
        sbyte source = r.ReadSByte();
        var file = new LogFile
        {
            Path = path,
            Format = format,
            Source = source < 0 ? null : (UsageSource)source,
            SessionIdFromPath = Str(ref r, t),
            ProjectSlug = Str(ref r, t),
            AgentId = Str(ref r, t),
            CopyRank = r.Read7BitEncodedInt(),
            Length = r.ReadInt64(),
            LastWriteTimeUtc = new DateTime(r.ReadInt64(), DateTimeKind.Utc),
        };
        long walLength = r.ReadInt64();
        var walTime = new DateTime(r.ReadInt64(), DateTimeKind.Utc);
        bool mayChangeUnseen = r.ReadBoolean();
        int malformed = r.Read7BitEncodedInt();
        long firstMalformed = r.Read7BitEncodedInt64();
        string? reason = Str(ref r, t);

        ResumePoint? resume = null;
        if (r.ReadBoolean())
        {
            long end = r.Read7BitEncodedInt64();
            long next = r.Read7BitEncodedInt64();
            var state = new TranscriptState
            {
                HeaderSessionId = Str(ref r, t),
                HeaderCwd = Str(ref r, t),
                ParentSession = Str(ref r, t),
                CurrentModel = Str(ref r, t),
                CurrentProvider = Str(ref r, t),
                LooksLikeOpenClaw = r.ReadBoolean(),
            };
            resume = new ResumePoint(end, next, state, ReadFingerprint(ref r), ReadFingerprint(ref r));
        }

        return new CachedFile
        {
            File = file,
            Resume = resume,
            WalLength = walLength,
            WalLastWriteTimeUtc = walTime,
            MayChangeUnseen = mayChangeUnseen,
            MalformedLines = malformed,
            FirstMalformedLine = firstMalformed,
            FirstMalformedReason = reason,
            Entries = ReadEntries(ref r, t, path, bytes, start),
            TailEntries = ReadEntries(ref r, t, path, bytes, start),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEntries(BinaryWriter w, StringTable s, List<UsageEntry> entries)
    {
        w.Write7BitEncodedInt(entries.Count);
        foreach (UsageEntry e in entries)
        {
            w.Write((byte)e.Source);
            w.Write(e.Timestamp.UtcTicks);
            w.Write((short)e.Timestamp.Offset.TotalMinutes);
            w.Write(s.Index(e.SessionId));
            w.Write(s.Index(e.AgentId));
            w.Write(s.Index(e.ProjectPath));
            w.Write(s.Index(e.ProjectSlug));
            w.Write(s.Index(e.Model));
            w.Write(s.Index(e.Provider));
            w.Write(s.Index(e.InferenceGeo));
            w.Write(s.Index(e.ServiceTier));
            w.Write(s.Index(e.Skill));
            w.Write(s.Index(e.Plugin));
            w.Write(s.Index(e.Subagent));
            w.Write(s.Index(e.McpServers));
            w.Write((byte)e.Step);
            w.Write7BitEncodedInt(e.StepNumber);
            if (e.TryGetStoredIds(out StoredIdPair stored))
            {
                // Still as the cache wrote them: copied, never decoded (a string per id would be most of the memory).
                w.Write(stored.Span);
            }
            else
            {
                if (e.IsKeyed && e.ResponseId is null)
                {
                    throw new InvalidOperationException("A scan that writes the cache must keep response ids.");
                }

                StoredIdPair.Write(w, e.ResponseId, e.RequestId);
            }

            TokenCounts k = e.Tokens;
            w.Write7BitEncodedInt64(k.Input);
            w.Write7BitEncodedInt64(k.Output);
            w.Write7BitEncodedInt64(k.CacheWrite5m);
            w.Write7BitEncodedInt64(k.CacheWrite1h);
            w.Write7BitEncodedInt64(k.CacheRead);
            w.Write7BitEncodedInt64(k.WebSearchRequests);
            w.Write7BitEncodedInt64(k.WebFetchRequests);
            w.Write7BitEncodedInt64(k.CodeExecutionRequests);
            w.Write((byte)((e.IsFast ? 1 : 0) | (e.IsSidechain ? 2 : 0) | (e.RecordedCost is null ? 0 : 4)));
            if (e.RecordedCost is { } cost)
            {
                w.Write(cost);
            }

            w.Write7BitEncodedInt(e.CopyRank);
            w.Write7BitEncodedInt64(e.LineNumber);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<UsageEntry> ReadEntries(ref SpanReader r, string?[] t, string path, byte[] bytes, int start)
    {
        int count = r.Read7BitEncodedInt();
        var entries = new List<UsageEntry>(count);
        for (int i = 0; i < count; i++)
        {
            var source = (UsageSource)r.ReadByte();
            long ticks = r.ReadInt64();
            var offset = TimeSpan.FromMinutes(r.ReadInt16());
            string sessionId = Str(ref r, t) ?? throw new InvalidDataException("an entry has no session id");
            string? agentId = Str(ref r, t), projectPath = Str(ref r, t), projectSlug = Str(ref r, t), model = Str(ref r, t), provider = Str(ref r, t), geo = Str(ref r, t), tier = Str(ref r, t);
            string? skill = Str(ref r, t), plugin = Str(ref r, t), subagent = Str(ref r, t), mcpServers = Str(ref r, t);
            var step = (SamplingStep)r.ReadByte();
            int stepNumber = r.Read7BitEncodedInt();
            // The ids stay bytes in the cache until asked for; de-duplication needs only their keys.
            int idsAt = start + r.Position;
            (UInt128 responseKey, UInt128 requestKey, int idsLength) = StoredIdPair.Keys(bytes.AsSpan(idsAt));
            r.ReadBytes(idsLength);
            var tokens = new TokenCounts(r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64());
            byte flags = r.ReadByte();
            decimal? cost = (flags & 4) != 0 ? r.ReadDecimal() : null;
            entries.Add(new UsageEntry
            {
                Source = source,
                Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset),
                SessionId = sessionId,
                AgentId = agentId,
                ProjectPath = projectPath,
                ProjectSlug = projectSlug,
                Model = model,
                Provider = provider,
                InferenceGeo = geo,
                ServiceTier = tier,
                Skill = skill,
                Plugin = plugin,
                Subagent = subagent,
                McpServers = mcpServers,
                Step = step,
                StepNumber = stepNumber,
                // A step is stored under its response's ids; its key is derived from theirs, as when it was read.
                ResponseKey = IdKey.ForStep(responseKey, stepNumber),
                RequestKey = requestKey,
                StoredIds = new StoredIdPair(bytes, idsAt),
                Tokens = tokens,
                IsFast = (flags & 1) != 0,
                IsSidechain = (flags & 2) != 0,
                RecordedCost = cost,
                CopyRank = r.Read7BitEncodedInt(),
                FilePath = path,
                LineNumber = r.Read7BitEncodedInt64(),
            });
        }

        return entries;
    }

    private static void WriteFingerprint(BinaryWriter w, ByteFingerprint f)
    {
        w.Write7BitEncodedInt64(f.Offset);
        w.Write7BitEncodedInt(f.Length);
        w.Write(f.Hash);
    }

    private static ByteFingerprint ReadFingerprint(ref SpanReader r) => new(r.Read7BitEncodedInt64(), r.Read7BitEncodedInt(), r.ReadUInt64());

    private static string? Str(ref SpanReader r, string?[] table) => table[r.ReadInt32()];

    /// <summary>Each distinct string once; index 0 stands for null.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _strings = [];

        public int Index(string? value)
        {
            if (value is null)
            {
                return 0;
            }

            if (!_index.TryGetValue(value, out int i))
            {
                _strings.Add(value);
                i = _strings.Count;
                _index.Add(value, i);
            }

            return i;
        }

        public void WriteTo(BinaryWriter w)
        {
            w.Write7BitEncodedInt(_strings.Count);
            foreach (string s in _strings)
            {
                w.Write(s);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static string?[] Read(ref SpanReader r)
        {
            int count = r.Read7BitEncodedInt();
            var table = new string?[count + 1];
            for (int i = 1; i <= count; i++)
            {
                table[i] = r.ReadString();
            }

            return table;
        }
    }
}
