using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Studio.Live;
using NeuroSharp.Fitting;

namespace NeuroSharp.Studio.Clustering;

/// <summary>
/// One meta-clustering run for the studio's page: loads the data, fits in chunks of about a tenth of a
/// second, and after each chunk offers the pages a frame with the masks, the centres (as 8-bit images)
/// and the learnState curve. A page that is slow skips frames; the fit never waits for it.
/// </summary>
internal sealed class ClusteringJob : WatchedJob
{
    private const int MaxCurvePoints = 2000;
    private const double ChunkSeconds = 0.1;
    private const double FrameSeconds = 0.25;

    private readonly ClusteringRequest _request;
    private readonly MetaClustererOptions _options;
    private readonly MnistRepository? _mnist;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Samples, double LearnState)> _curve = [];
    private readonly Task _run;
    private long _finishedTicks = -1;
    private bool _resultRead;
    private byte[]? _finalFrame;
    private string _state = "loading";
    private string? _error;
    private long _samples;
    private double _learnState;
    private double _samplesPerSecond;

    /// <summary>Starts the run.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="request">What to fit (validated here).</param>
    /// <param name="mnist">Where MNIST comes from (null: the default cache).</param>
    /// <param name="memory">Its reservation of the studio's memory (<see cref="ClusteringRequest.EstimateBytes"/>); given back as it ends and when it is forgotten.</param>
    /// <exception cref="InvalidInputException">The request is invalid.</exception>
    public ClusteringJob(string id, ClusteringRequest request, MnistRepository? mnist, RunMemory.Lease memory)
        : base(id, memory)
    {
        _request = request;
        _options = request.ToOptions();
        _mnist = mnist;
        _run = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    /// <summary>True once it ended (done, stopped or failed).</summary>
    public bool IsFinished => _run.IsCompleted;

    /// <summary>How long since it ended (zero while it runs).</summary>
    public TimeSpan FinishedFor
    {
        get
        {
            long ticks = Interlocked.Read(ref _finishedTicks);
            return ticks < 0 ? TimeSpan.Zero : Elapsed - TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>True once its result was read: a page was sent its last frame, or a status request saw it ended.</summary>
    public bool ResultRead => Volatile.Read(ref _resultRead);

    /// <summary>Where it stands.</summary>
    /// <param name="read">True when a user asked (a GET): counts as a use, and as reading the result once it ended.</param>
    /// <returns>The status.</returns>
    public ClusteringStatus Status(bool read = false)
    {
        lock (Gate)
        {
            if (read)
            {
                Touch();
                if (_finalFrame is not null) Volatile.Write(ref _resultRead, true);
            }
            return new ClusteringStatus(Id, _state, _request.Data, _samples, _request.Samples, Math.Round(_learnState, 6), Math.Round(_samplesPerSecond), _error);
        }
    }

    /// <summary>Asks the run to stop after the current chunk; what it learned stays on the page.</summary>
    public void Stop()
    {
        Touch();
        _stop.Cancel();
    }

    /// <summary>Notes that a message was sent to a page: the last frame of an ended run is its result read.</summary>
    /// <param name="message">The message sent.</param>
    public override void Delivered(ReadOnlyMemory<byte> message)
    {
        Touch();
        lock (Gate)
        {
            if (_finalFrame is not null && MemoryMarshal.TryGetArray(message, out var sent) && ReferenceEquals(sent.Array, _finalFrame)) Volatile.Write(ref _resultRead, true);
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        Memory.Dispose();
        lock (Gate)
        {
            _finalFrame = null;
            ReleasePages();
        }
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override byte[] StatusFrame() => StatusMessage();

    private void Run()
    {
        try
        {
            Fit();
        }
        finally
        {
            // The data and the model were the run's own and are garbage now: only the last frame stays.
            byte[]? last;
            lock (Gate) last = LastFrame;
            Memory.ShrinkTo(last?.Length ?? 0);
            Interlocked.Exchange(ref _finishedTicks, Elapsed.Ticks);
        }
    }

    private void Fit()
    {
        try
        {
            var data = DataSources.Load(_request.Data, new DataLoadOptions(_request.Seed, Mnist: _mnist)).Dataset;
            var model = MetaClusterer.Create(data, _options, _request.Seed);
            model.MaxThreads = 1;
            var shape = data.ImageShape ?? Square(data.ColumnCount);
            SetState("running");
            var clock = Stopwatch.StartNew();
            long chunk = 200;
            double lastFrame = double.NegativeInfinity;
            Publish(model, shape, clock);
            while (_samples < _request.Samples && !_stop.IsCancellationRequested)
            {
                long n = Math.Min(chunk, _request.Samples - _samples);
                double before = clock.Elapsed.TotalSeconds;
                model.Fit(data, new FitOptions { Samples = n, ReportEvery = (int)Math.Min(n, int.MaxValue) });
                double took = clock.Elapsed.TotalSeconds - before;
                chunk = Math.Clamp((long)(n * ChunkSeconds / Math.Max(took, 1e-4)), 10, 1_000_000);
                lock (Gate)
                {
                    _samples = model.SamplesSeen;
                    _learnState = model.LearnState();
                    _samplesPerSecond = _samples / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    AddCurvePoint(_samples, _learnState);
                }
                if (clock.Elapsed.TotalSeconds - lastFrame >= FrameSeconds)
                {
                    Publish(model, shape, clock);
                    lastFrame = clock.Elapsed.TotalSeconds;
                }
            }
            SetState(_stop.IsCancellationRequested ? "stopped" : "done");
            Publish(model, shape, clock);
        }
        catch (Exception e) when (e is InvalidInputException or IOException or HttpRequestException or InvalidOperationException)
        {
            Fail(e.Message);
        }
        catch (OutOfMemoryException)
        {
            Fail("The machine ran out of memory during the run; lower the studio's --memory-limit so that runs are refused before they start.");
        }
    }

    private void Fail(string message)
    {
        byte[] last;
        lock (Gate)
        {
            _state = "failed";
            _error = message;
            last = LastFrame = StatusMessage();
            _finalFrame = last;
        }
        Broadcast(last);
    }

    private static ImageShape Square(int count)
    {
        int width = (int)Math.Ceiling(Math.Sqrt(count));
        return new ImageShape((count + width - 1) / width, width);
    }

    private void SetState(string state)
    {
        lock (Gate) _state = state;
    }

    private void AddCurvePoint(long samples, double learnState)
    {
        _curve.Add((samples, learnState));
        if (_curve.Count <= MaxCurvePoints) return;
        // Keep every other point: the curve stays bounded and keeps its shape.
        for (int k = 0; k < _curve.Count / 2; k++) _curve[k] = _curve[2 * k + 1];
        _curve.RemoveRange(_curve.Count / 2, _curve.Count - _curve.Count / 2);
    }

    private void Publish(MetaClusterer model, ImageShape shape, Stopwatch clock)
    {
        byte[] masks = ToBytes(model.Masks, model.InputCount, perImageMax: false);
        var centres = new byte[model.MetaCount * model.ClusterCount * model.InputCount];
        for (int m = 0; m < model.MetaCount; m++)
        {
            var bytes = ToBytes(model.Layer(m).Centres, model.InputCount, perImageMax: true);
            bytes.CopyTo(centres, m * model.ClusterCount * model.InputCount);
        }
        byte[] frame;
        lock (Gate)
        {
            frame = Message(w =>
            {
                WriteStatus(w);
                w.WriteNumber("seconds", Math.Round(clock.Elapsed.TotalSeconds, 3));
                w.WriteNumber("meta", model.MetaCount);
                w.WriteNumber("clusters", model.ClusterCount);
                w.WriteNumber("height", shape.Height);
                w.WriteNumber("width", shape.Width);
                w.WriteNumber("inputs", model.InputCount);
                w.WriteBase64String("masks", masks);
                w.WriteBase64String("centres", centres);
                w.WriteStartArray("curve");
                foreach (var (s, l) in _curve)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(s);
                    w.WriteNumberValue(Math.Round(l, 6));
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            });
            LastFrame = frame;
            if (_state is "done" or "stopped") _finalFrame = frame;
        }
        Offer(frame);
    }

    /// <summary>Images as bytes: masks on [0, 1] as they are; centres each scaled by its own largest value.</summary>
    private static byte[] ToBytes(ReadOnlySpan<float> values, int width, bool perImageMax)
    {
        var bytes = new byte[values.Length];
        for (int start = 0; start < values.Length; start += width)
        {
            var image = values.Slice(start, width);
            float max = 1;
            if (perImageMax)
            {
                max = 0;
                foreach (float v in image) max = Math.Max(max, v);
                if (max <= 0) max = 1;
            }
            for (int j = 0; j < width; j++) bytes[start + j] = (byte)Math.Clamp(MathF.Round(image[j] / max * 255), 0, 255);
        }
        return bytes;
    }

    private byte[] StatusMessage() => Message(WriteStatus);

    private void WriteStatus(Utf8JsonWriter w)
    {
        w.WriteString("id", Id);
        w.WriteString("state", _state);
        w.WriteString("data", _request.Data);
        w.WriteNumber("samples", _samples);
        w.WriteNumber("totalSamples", _request.Samples);
        w.WriteNumber("learnState", Math.Round(_learnState, 6));
        w.WriteNumber("samplesPerSecond", Math.Round(_samplesPerSecond));
        if (_error is null) w.WriteNull("error");
        else w.WriteString("error", _error);
    }

    private static byte[] Message(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "clustering");
            body(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
