using System.Diagnostics;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio;

/// <summary>
/// A background run that pages watch (the studio's clustering and evolution runs): the pages connected to it,
/// the last frame a new page gets at once, when it was last used (for the registry's idle sweep) and its
/// reservation of the studio's memory. Frames are offered (a slow page skips them); messages that must arrive
/// are sent. The subclass's state lives under <see cref="Gate"/>, as do the clients and <see cref="LastFrame"/>.
/// </summary>
internal abstract class WatchedJob : IAsyncDisposable
{
    private readonly List<FrameClient> _clients = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastActivityTicks;

    /// <summary>Creates the job, counted as used now.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="memory">Its reservation of the studio's memory, given back when it is forgotten.</param>
    protected WatchedJob(string id, RunMemory.Lease memory)
    {
        Id = id;
        Memory = memory;
        Touch();
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>Pages connected now.</summary>
    public int ClientCount
    {
        get
        {
            lock (Gate) return _clients.Count;
        }
    }

    /// <summary>How long since a request or a page last used it.</summary>
    public TimeSpan IdleFor => _clock.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _lastActivityTicks));

    /// <summary>The memory it holds now by its estimate.</summary>
    public long MemoryBytes => Memory.Bytes;

    /// <summary>The lock of the job's state, its clients and its last frame.</summary>
    protected object Gate { get; } = new();

    /// <summary>Its reservation of the studio's memory.</summary>
    protected RunMemory.Lease Memory { get; }

    /// <summary>Time since the job was made.</summary>
    protected TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The frame a page that connects gets first (under <see cref="Gate"/>); null: <see cref="StatusFrame"/>.</summary>
    protected byte[]? LastFrame { get; set; }

    /// <summary>Connects a page; it gets the latest frame at once.</summary>
    /// <returns>The page's queue.</returns>
    public FrameClient Attach()
    {
        Touch();
        var client = new FrameClient();
        lock (Gate)
        {
            _clients.Add(client);
            client.Send(LastFrame ?? StatusFrame());
        }
        return client;
    }

    /// <summary>Disconnects a page.</summary>
    /// <param name="client">The page's queue.</param>
    public void Detach(FrameClient client)
    {
        lock (Gate) _clients.Remove(client);
        Touch();
    }

    /// <summary>Notes that a message was sent to a page (a watched run is in use).</summary>
    /// <param name="message">The message sent.</param>
    public virtual void Delivered(ReadOnlyMemory<byte> message) => Touch();

    /// <summary>Gives its memory back to the studio's count at once (it is being forgotten; <see cref="DisposeAsync"/> follows).</summary>
    public void Forget() => Memory.Dispose();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Counts as a use now.</summary>
    protected void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _clock.Elapsed.Ticks);

    /// <summary>The status message for a page that connects before the first frame (called under <see cref="Gate"/>).</summary>
    /// <returns>UTF-8 JSON.</returns>
    protected abstract byte[] StatusFrame();

    /// <summary>Offers a frame to every page; a page that has not taken the previous one skips it.</summary>
    /// <param name="frame">The frame.</param>
    protected void Offer(byte[] frame)
    {
        foreach (var c in Clients()) c.Offer(frame);
    }

    /// <summary>Sends every page a message that must arrive.</summary>
    /// <param name="message">The message.</param>
    protected void Broadcast(byte[] message)
    {
        foreach (var c in Clients()) c.Send(message);
    }

    /// <summary>Drops the pages and the last frame (the job is being disposed).</summary>
    protected void ReleasePages()
    {
        lock (Gate)
        {
            _clients.Clear();
            LastFrame = null;
        }
    }

    private FrameClient[] Clients()
    {
        lock (Gate) return [.. _clients];
    }
}
