using System.Runtime.InteropServices;
using System.Text;

namespace ClaudeUsage.Core.Discovery;

/// <summary>
/// Tells whether anything changed in a set of folders since it last looked, through Linux's inotify, read without
/// waiting: the kernel queues an event before the write that causes it returns, so a change made before
/// <see cref="Changed"/> is called is always seen (a watcher that delivers events on another thread could miss one
/// made a moment before). Nothing is opened in the folders, so nothing is locked or written there. Elsewhere, or
/// when inotify is unavailable or out of watches, there is no watch and callers look at the files themselves.
/// </summary>
internal sealed class FolderChangeWatch : IDisposable
{
    private const uint InModify = 0x2, InAttrib = 0x4, InCloseWrite = 0x8, InMovedFrom = 0x40, InMovedTo = 0x80,
        InCreate = 0x100, InDelete = 0x200, InDeleteSelf = 0x400, InMoveSelf = 0x800, InUnmount = 0x2000,
        InQueueOverflow = 0x4000, InIgnored = 0x8000, InOnlyDir = 0x01000000, InMaskAdd = 0x20000000;

    private const uint EntryChanges = InCreate | InDelete | InMovedFrom | InMovedTo | InAttrib;
    private const uint SelfChanges = InDeleteSelf | InMoveSelf;
    private const uint AnyChange = EntryChanges | InModify | InCloseWrite | SelfChanges;

    // inotify_init1 flags: O_NONBLOCK and O_CLOEXEC as every architecture .NET runs on defines them.
    private const int NonBlocking = 0x800, CloseOnExec = 0x80000;
    private const int TryAgain = 11; // EAGAIN

    // A folder that is gone, not a folder or may not be read cannot be listed either, and a change to it is seen
    // in its parent's watch: not watching it loses nothing. Any other failure (out of watches) ends the watch.
    private const int NoEntry = 2, AccessDenied = 13, NotFolder = 20;

    private readonly int _fd;
    private readonly object _gate = new();

    /// <summary>Per watch: null when every change in the folder counts, else the entry names whose changes count.</summary>
    private readonly Dictionary<int, HashSet<string>?> _watches = [];

    private readonly byte[] _buffer = new byte[16 * 1024];

    private bool _broken, _closed;

    /// <summary>
    /// How many folders one watch may hold: an eighth of the user's inotify watches (fs.inotify.max_user_watches,
    /// 8,192 on older kernels), at most 10,000, so editors and other tools that watch files still find some free.
    /// Past it the watch gives its folders back and can no longer tell.
    /// </summary>
    private readonly int _budget;

    private FolderChangeWatch(int fd, int budget) => (_fd, _budget) = (fd, budget);

    /// <summary>A new watch with no folders; null where inotify is not available.</summary>
    /// <param name="budget">How many folders it may hold; null for its share of the user's watches.</param>
    public static FolderChangeWatch? TryCreate(int? budget = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            int fd = inotify_init1(NonBlocking | CloseOnExec);
            return fd >= 0 ? new FolderChangeWatch(fd, budget ?? Math.Min(10_000, UserWatchLimit() / 8)) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static int UserWatchLimit()
    {
        try
        {
            return int.TryParse(File.ReadAllText("/proc/sys/fs/inotify/max_user_watches").Trim(), out int limit) && limit > 0 ? limit : 8_192;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 8_192;
        }
    }

    /// <summary>False once a folder could not be watched or events were lost: from then on it cannot tell.</summary>
    public bool IsWorking
    {
        get
        {
            lock (_gate)
            {
                return !_broken;
            }
        }
    }

    /// <summary>Every change in <paramref name="folder"/> (not below it) counts from now on.</summary>
    public void WatchFolder(string folder) => Add(folder, AnyChange, name: null);

    /// <summary>
    /// A change of the entry <paramref name="name"/> in <paramref name="folder"/> (created, removed, renamed, its
    /// attributes) counts from now on, as does the folder itself going; nothing else in it does.
    /// </summary>
    public void WatchEntry(string folder, string name) => Add(folder, EntryChanges | SelfChanges, name);

    /// <summary>True when something that counts changed since the last call (or since the watches were added), or the watch cannot tell.</summary>
    public bool Changed()
    {
        lock (_gate)
        {
            bool changed = _broken;
            while (!_broken)
            {
                nint read = ReadEvents(_fd, _buffer, _buffer.Length);
                if (read <= 0)
                {
                    if (read < 0 && Marshal.GetLastPInvokeError() != TryAgain)
                    {
                        _broken = true;
                        changed = true;
                    }

                    break;
                }

                ReadOnlySpan<byte> events = _buffer.AsSpan(0, (int)read);
                while (events.Length >= 16)
                {
                    int wd = MemoryMarshal.Read<int>(events);
                    uint mask = MemoryMarshal.Read<uint>(events[4..]);
                    int length = Math.Min(MemoryMarshal.Read<int>(events[12..]), events.Length - 16);
                    ReadOnlySpan<byte> padded = events.Slice(16, length);
                    int end = padded.IndexOf((byte)0);
                    string name = Encoding.UTF8.GetString(end >= 0 ? padded[..end] : padded);
                    events = events[(16 + length)..];
                    if ((mask & InQueueOverflow) != 0)
                    {
                        _broken = true; // events were dropped: nothing after this can be trusted
                        changed = true;
                    }
                    else if (!_watches.TryGetValue(wd, out HashSet<string>? names) || names is null
                        || (mask & (SelfChanges | InIgnored | InUnmount)) != 0 || names.Contains(name))
                    {
                        changed = true;
                    }
                }
            }

            return changed;
        }
    }

    private void Add(string folder, uint mask, string? name)
    {
        lock (_gate)
        {
            if (_broken)
            {
                return;
            }

            int wd = inotify_add_watch(_fd, folder, mask | InOnlyDir | InMaskAdd);
            if (wd < 0)
            {
                _broken = Marshal.GetLastPInvokeError() is not (NoEntry or AccessDenied or NotFolder);
                return;
            }

            if (!_watches.ContainsKey(wd) && _watches.Count >= _budget)
            {
                Close(); // more folders than this watch may hold: give every watch back
                return;
            }

            if (name is null)
            {
                _watches[wd] = null;
            }
            else if (!_watches.TryGetValue(wd, out HashSet<string>? names))
            {
                _watches[wd] = [name];
            }
            else
            {
                names?.Add(name);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    /// <summary>Closes the inotify instance, which removes all its watches; from then on it cannot tell. Under the lock.</summary>
    private void Close()
    {
        _broken = true;
        if (!_closed)
        {
            _closed = true;
            _ = close(_fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int inotify_init1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int inotify_add_watch(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mask);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadEvents(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
