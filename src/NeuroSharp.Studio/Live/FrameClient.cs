using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// One page's connection to a live run: control messages (network, errors) are queued in full; of the frames only the
/// newest waits, so a slow page skips frames and never holds up the run. A message drops the frame still waiting when it
/// is queued: that frame is older than the message, and sent after it (messages go first) it would undo it, e.g. a run's
/// "done" followed by its last "running" frame.
/// </summary>
/// <remarks>
/// A live simulation's frames carry spikes, trace samples and the watched cell's samples
/// (<see cref="Offer(byte[], FrameSamples)"/>), and those are never skipped with their frame: the connection keeps every
/// spike and sample offered since the last frame it sent (up to <see cref="MaxSpikeBacklog"/> spikes,
/// <see cref="MaxTraceBacklogValues"/> trace values and <see cref="LiveNetwork.MaxCellValuesPerFrame"/> cell values; more
/// are counted) and sends them all with the next frame, in its "cell", "trace" and "spikes" objects (the cell's "now" is
/// the newest frame's). Samples of a cell no longer watched when the next frame is offered are not sent. The backlog's
/// lists and the text the frame is finished in are made once and reused, so nothing is allocated per frame once they
/// have grown.
/// </remarks>
internal sealed class FrameClient
{
    /// <summary>Spikes a connection keeps for the frame it sends next (a page that stalls gets them all when it reads again); more are counted in that frame's "dropped".</summary>
    public const int MaxSpikeBacklog = 100_000;

    /// <summary>Trace values (samples times their width) a connection keeps for the frame it sends next, at most <see cref="LiveNetwork.MaxTraceSamplesPerFrame"/> samples; more samples are counted in that frame's trace "dropped".</summary>
    public const int MaxTraceBacklogValues = 1 << 18;

    private static readonly byte[] CellProperty = ",\"cell\":"u8.ToArray();
    private static readonly byte[] TraceProperty = ",\"trace\":"u8.ToArray();
    private static readonly byte[] SpikesProperty = ",\"spikes\":"u8.ToArray();

    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _ready = new(0);
    private readonly object _gate = new();
    private byte[]? _frame;
    private bool _frameHasSpikes;
    private long _dropped;

    // The spikes offered since the last frame taken, and the ones being sent (swapped when a frame is taken).
    private List<int> _rows = [];
    private List<int> _steps = [];
    private List<int> _sendingRows = [];
    private List<int> _sendingSteps = [];
    private long _droppedSpikes;
    private List<int> _traceSteps = [];
    private List<double> _traceValues = [];
    private List<int> _sendingTraceSteps = [];
    private List<double> _sendingTraceValues = [];
    private int _traceWidth;
    private int _sendingTraceWidth;
    private long _droppedTrace;

    // The watched cell's samples since the last frame taken (of one cell: another cell's replace them), and the ones being sent.
    private string? _cellTarget;
    private int _cellNeuron;
    private int _cellWidth;
    private List<float> _cellNow = [];
    private List<int> _cellSteps = [];
    private List<float> _cellValues = [];
    private long _droppedCell;
    private string? _sendingCellTarget;
    private int _sendingCellNeuron;
    private int _sendingCellWidth;
    private List<float> _sendingCellNow = [];
    private List<int> _sendingCellSteps = [];
    private List<float> _sendingCellValues = [];
    private ArrayBufferWriter<byte>? _text;
    private Utf8JsonWriter? _writer;

    /// <summary>Frames replaced by a newer one before they were sent.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Spikes offered and not yet taken with a frame (for tests).</summary>
    public int SpikeBacklog
    {
        get
        {
            lock (_gate) return _rows.Count;
        }
    }

    /// <summary>Queues a message that must arrive; the frame still waiting is dropped (a message that starts a new network drops its spikes too).</summary>
    /// <param name="message">The UTF-8 JSON message.</param>
    /// <param name="newNetwork">The message describes another network (or the same one from step 0): spikes still waiting belong to the old run and are dropped with its frame.</param>
    public void Send(byte[] message, bool newNetwork = false)
    {
        lock (_gate)
        {
            if (_frame is not null)
            {
                _frame = null;
                _dropped++;
            }
            if (newNetwork) ClearSpikes();
        }
        _messages.Writer.TryWrite(message);
        _ready.Release();
    }

    /// <summary>Queues a message that must arrive and leaves the waiting frame as it is (it follows the message; e.g. an error).</summary>
    /// <param name="message">The UTF-8 JSON message.</param>
    public void SendBeforeFrame(byte[] message)
    {
        _messages.Writer.TryWrite(message);
        _ready.Release();
    }

    /// <summary>Offers a frame; an unsent older frame is dropped.</summary>
    /// <param name="frame">The UTF-8 JSON frame.</param>
    public void Offer(byte[] frame)
    {
        lock (_gate)
        {
            if (_frame is not null) _dropped++;
            _frame = frame;
            _frameHasSpikes = false;
        }
        _ready.Release();
    }

    /// <summary>
    /// Offers a frame and the spikes since the previous one: an unsent older frame is dropped, its spikes are not (they are
    /// sent with this one, as the frame's "spikes" object: rows, steps, dropped).
    /// </summary>
    /// <param name="frame">The UTF-8 JSON frame, an object without "spikes".</param>
    /// <param name="rows">The spikes' raster rows.</param>
    /// <param name="steps">The spikes' steps, one per row.</param>
    /// <param name="dropped">Spikes the run did not keep for the frame (counted in "dropped").</param>
    public void Offer(byte[] frame, ReadOnlySpan<int> rows, ReadOnlySpan<int> steps, int dropped) =>
        Offer(frame, new FrameSamples { SpikeRows = rows, SpikeSteps = steps, SpikesDropped = dropped });

    /// <summary>
    /// Offers a frame with the spikes and trace samples since the previous one: an unsent older frame is dropped, its
    /// spikes and samples are not (they are sent with this one, as the frame's "trace" and "spikes" objects).
    /// </summary>
    /// <param name="frame">The UTF-8 JSON frame, an object without "trace" and "spikes".</param>
    /// <param name="samples">The spikes and trace samples since the previous frame.</param>
    public void Offer(byte[] frame, FrameSamples samples)
    {
        var rows = samples.SpikeRows;
        var steps = samples.SpikeSteps;
        if (rows.Length != steps.Length) throw new ArgumentException($"A frame's spikes have {rows.Length} rows and {steps.Length} steps; they must be as many.", nameof(samples));
        int width = samples.TraceWidth;
        if (samples.TraceValues.Length != samples.TraceSteps.Length * width)
            throw new ArgumentException($"A frame's trace has {samples.TraceSteps.Length} samples of {width} values and {samples.TraceValues.Length} values; they must be samples x width.", nameof(samples));
        if (samples.CellValues.Length != samples.CellSteps.Length * samples.CellNow.Length)
            throw new ArgumentException($"A frame's cell has {samples.CellSteps.Length} samples of {samples.CellNow.Length} values and {samples.CellValues.Length} values; they must be samples x compartments.", nameof(samples));
        lock (_gate)
        {
            if (_frame is not null) _dropped++;
            _frame = frame;
            _frameHasSpikes = true;
            int room = Math.Max(0, MaxSpikeBacklog - _rows.Count);
            int kept = Math.Min(room, rows.Length);
            _rows.AddRange(rows[..kept]);
            _steps.AddRange(steps[..kept]);
            _droppedSpikes += samples.SpikesDropped + (rows.Length - kept);

            // The trace's width is the network's: the samples waiting are of this width (a new network clears them).
            if (_traceSteps.Count == 0) _traceWidth = width;
            int maxSamples = Math.Min(LiveNetwork.MaxTraceSamplesPerFrame, MaxTraceBacklogValues / Math.Max(1, width));
            int samplesKept = width == _traceWidth ? Math.Min(Math.Max(0, maxSamples - _traceSteps.Count), samples.TraceSteps.Length) : 0;
            _traceSteps.AddRange(samples.TraceSteps[..samplesKept]);
            _traceValues.AddRange(samples.TraceValues[..(samplesKept * width)]);
            _droppedTrace += samples.TraceDropped + (samples.TraceSteps.Length - samplesKept);
            KeepCell(samples);
        }
        _ready.Release();
    }

    /// <summary>Adds a frame's cell samples to those waiting (under the lock); a frame of another cell, or of none, replaces them.</summary>
    private void KeepCell(FrameSamples samples)
    {
        int k = samples.CellNow.Length;
        if (samples.CellTarget != _cellTarget || samples.CellNeuron != _cellNeuron || k != _cellWidth)
        {
            _cellTarget = samples.CellTarget;
            _cellNeuron = samples.CellNeuron;
            _cellWidth = k;
            _cellSteps.Clear();
            _cellValues.Clear();
            _droppedCell = 0;
        }
        _cellNow.Clear();
        if (_cellTarget is null) return;
        _cellNow.AddRange(samples.CellNow);
        // As many samples as one frame of the run holds (LiveNetwork.Watch sizes its buffers so).
        int maxSamples = Math.Clamp(LiveNetwork.MaxCellValuesPerFrame / Math.Max(1, k), 1, LiveNetwork.MaxTraceSamplesPerFrame);
        int kept = Math.Min(Math.Max(0, maxSamples - _cellSteps.Count), samples.CellSteps.Length);
        _cellSteps.AddRange(samples.CellSteps[..kept]);
        _cellValues.AddRange(samples.CellValues[..(kept * k)]);
        _droppedCell += samples.CellDropped + (samples.CellSteps.Length - kept);
    }

    /// <summary>Forgets the spikes, trace samples and cell samples waiting (the run went back to step 0); the waiting frame stays.</summary>
    public void ClearSpikes()
    {
        lock (_gate)
        {
            _rows.Clear();
            _steps.Clear();
            _droppedSpikes = 0;
            _traceSteps.Clear();
            _traceValues.Clear();
            _droppedTrace = 0;
            _cellSteps.Clear();
            _cellValues.Clear();
            _droppedCell = 0;
        }
    }

    /// <summary>Waits for the next message to send: queued messages first, then the newest frame with every spike since the last frame sent.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The message; a frame with spikes is finished in this connection's buffer and valid until the next call.</returns>
    public async Task<ReadOnlyMemory<byte>> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_messages.Reader.TryRead(out var message)) return message;
            byte[]? frame;
            long droppedSpikes = 0, droppedTrace = 0, droppedCell = 0;
            bool withSpikes;
            lock (_gate)
            {
                frame = _frame;
                _frame = null;
                withSpikes = _frameHasSpikes;
                if (frame is not null && withSpikes)
                {
                    (_rows, _sendingRows) = (_sendingRows, _rows);
                    (_steps, _sendingSteps) = (_sendingSteps, _steps);
                    _rows.Clear();
                    _steps.Clear();
                    droppedSpikes = _droppedSpikes;
                    _droppedSpikes = 0;
                    (_traceSteps, _sendingTraceSteps) = (_sendingTraceSteps, _traceSteps);
                    (_traceValues, _sendingTraceValues) = (_sendingTraceValues, _traceValues);
                    _traceSteps.Clear();
                    _traceValues.Clear();
                    _sendingTraceWidth = _traceWidth;
                    droppedTrace = _droppedTrace;
                    _droppedTrace = 0;
                    (_cellNow, _sendingCellNow) = (_sendingCellNow, _cellNow);
                    (_cellSteps, _sendingCellSteps) = (_sendingCellSteps, _cellSteps);
                    (_cellValues, _sendingCellValues) = (_sendingCellValues, _cellValues);
                    _cellNow.Clear();
                    _cellSteps.Clear();
                    _cellValues.Clear();
                    (_sendingCellTarget, _sendingCellNeuron, _sendingCellWidth) = (_cellTarget, _cellNeuron, _cellWidth);
                    droppedCell = _droppedCell;
                    _droppedCell = 0;
                }
            }
            if (frame is not null) return withSpikes ? WithSamples(frame, droppedSpikes, droppedTrace, droppedCell) : frame;
            await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The frame with its "cell", "trace" and "spikes" objects added before its closing brace, in the reused buffer.</summary>
    private ReadOnlyMemory<byte> WithSamples(byte[] frame, long droppedSpikes, long droppedTrace, long droppedCell)
    {
        _text ??= new ArrayBufferWriter<byte>(frame.Length + 64);
        _text.ResetWrittenCount();
        if (frame.Length == 0 || frame[^1] != (byte)'}') throw new ArgumentException("A frame offered with spikes must be a JSON object.", nameof(frame));
        _text.Write(frame.AsSpan(0, frame.Length - 1));
        _text.Write(CellProperty);
        if (_writer is null) _writer = new Utf8JsonWriter(_text);
        else _writer.Reset(_text);
        WriteCell(_writer, droppedCell);
        _writer.Flush();
        _text.Write(TraceProperty);
        _writer.Reset(_text);
        _writer.WriteStartObject();
        WriteInts(_writer, "steps", _sendingTraceSteps);
        WriteRows(_writer, "rows", _sendingTraceValues, _sendingTraceSteps.Count, _sendingTraceWidth, LiveNetwork.WriteNumber);
        _writer.WriteNumber("dropped", droppedTrace);
        _writer.WriteEndObject();
        _writer.Flush();
        _text.Write(SpikesProperty);
        _writer.Reset(_text);
        _writer.WriteStartObject();
        WriteInts(_writer, "rows", _sendingRows);
        WriteInts(_writer, "steps", _sendingSteps);
        _writer.WriteNumber("dropped", droppedSpikes);
        _writer.WriteEndObject();
        _writer.Flush();
        _text.Write("}"u8);
        return _text.WrittenMemory;
    }

    /// <summary>The watched cell: its v now (the newest frame's) and every sample since the last frame sent, or null.</summary>
    private void WriteCell(Utf8JsonWriter w, long dropped)
    {
        if (_sendingCellTarget is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("target", _sendingCellTarget);
        w.WriteNumber("neuron", _sendingCellNeuron);
        w.WriteStartArray("now");
        foreach (float v in CollectionsMarshal.AsSpan(_sendingCellNow)) LiveNetwork.WriteFloat(w, v);
        w.WriteEndArray();
        WriteInts(w, "steps", _sendingCellSteps);
        WriteRows(w, "v", _sendingCellValues, _sendingCellSteps.Count, _sendingCellWidth, LiveNetwork.WriteFloat);
        w.WriteNumber("dropped", dropped);
        w.WriteEndObject();
    }

    /// <summary><paramref name="count"/> samples of <paramref name="width"/> values each, as an array of arrays (one a sample).</summary>
    private static void WriteRows<T>(Utf8JsonWriter w, string name, List<T> values, int count, int width, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        var all = CollectionsMarshal.AsSpan(values);
        for (int s = 0; s < count; s++)
        {
            w.WriteStartArray();
            foreach (T v in all.Slice(s * width, width)) write(w, v);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, List<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in CollectionsMarshal.AsSpan(values)) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}

/// <summary>What a live simulation's frame carries beside its text, for each page's connection to keep until it sends a frame.</summary>
internal readonly ref struct FrameSamples
{
    /// <summary>The spikes' raster rows.</summary>
    public ReadOnlySpan<int> SpikeRows { get; init; }

    /// <summary>The spikes' steps, one per row.</summary>
    public ReadOnlySpan<int> SpikeSteps { get; init; }

    /// <summary>Spikes the run did not keep for the frame.</summary>
    public int SpikesDropped { get; init; }

    /// <summary>The trace samples' steps.</summary>
    public ReadOnlySpan<int> TraceSteps { get; init; }

    /// <summary>The trace samples' values, <see cref="TraceWidth"/> a sample.</summary>
    public ReadOnlySpan<double> TraceValues { get; init; }

    /// <summary>Values per trace sample.</summary>
    public int TraceWidth { get; init; }

    /// <summary>Trace samples the run did not keep for the frame.</summary>
    public int TraceDropped { get; init; }

    /// <summary>The watched cell's population or single neuron (null: none is watched; the frame's "cell" is null).</summary>
    public string? CellTarget { get; init; }

    /// <summary>The watched neuron's index in <see cref="CellTarget"/>.</summary>
    public int CellNeuron { get; init; }

    /// <summary>Its compartments' v at the frame's step.</summary>
    public ReadOnlySpan<float> CellNow { get; init; }

    /// <summary>The steps of its samples since the previous frame.</summary>
    public ReadOnlySpan<int> CellSteps { get; init; }

    /// <summary>The samples' values, one per compartment (<see cref="CellNow"/>'s length) a sample.</summary>
    public ReadOnlySpan<float> CellValues { get; init; }

    /// <summary>Cell samples the run did not keep for the frame.</summary>
    public int CellDropped { get; init; }
}
