using System.Threading.Channels;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// One page's connection to a live simulation: control messages (network, errors) are queued in
/// full; of the frames only the newest waits, so a slow page skips frames and never holds up the run.
/// A message drops the frame still waiting when it is queued: that frame is older than the message, and sent after it
/// (messages go first) it would undo it, e.g. a run's "done" followed by its last "running" frame.
/// </summary>
internal sealed class FrameClient
{
    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _ready = new(0);
    private byte[]? _frame;
    private long _dropped;

    /// <summary>Frames replaced by a newer one before they were sent.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Queues a message that must arrive.</summary>
    /// <param name="message">The UTF-8 JSON message.</param>
    public void Send(byte[] message)
    {
        if (Interlocked.Exchange(ref _frame, null) is not null) Interlocked.Increment(ref _dropped);
        _messages.Writer.TryWrite(message);
        _ready.Release();
    }

    /// <summary>Offers a frame; an unsent older frame is dropped.</summary>
    /// <param name="frame">The UTF-8 JSON frame.</param>
    public void Offer(byte[] frame)
    {
        if (Interlocked.Exchange(ref _frame, frame) is not null) Interlocked.Increment(ref _dropped);
        _ready.Release();
    }

    /// <summary>Waits for the next message to send: queued messages first, then the newest frame.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The message.</returns>
    public async Task<byte[]> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_messages.Reader.TryRead(out var message)) return message;
            if (Interlocked.Exchange(ref _frame, null) is { } frame) return frame;
            await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
