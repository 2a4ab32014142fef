using System.Diagnostics;
using System.Text.Json;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// One live simulation on the server: a network, its engine, a run loop and the pages watching it.
/// </summary>
/// <remarks>
/// The loop keeps the speed asked for (steps per second) by stepping in batches of at most
/// <see cref="MaxBatchMilliseconds"/>; a speed the machine cannot reach runs as fast as it can, and
/// the backlog is dropped rather than caught up. At most <see cref="StudioOptions.FrameRateHz"/> times
/// a second (and at once after a command) it writes one frame, what happened since the last one,
/// and offers it to every page; a page that is still sending the previous frame skips it, but not its
/// spikes: each page's connection keeps them for the frame it sends next (<see cref="FrameClient"/>). Drawing
/// therefore never slows the run: frames are dropped, steps and spikes never are. Every engine call happens under
/// one lock; commands and network changes come from request threads, and a bad one is refused without
/// touching the run.
/// </remarks>
internal sealed class LiveSimulation : IAsyncDisposable
{
    private const double MaxBatchMilliseconds = 15;
    private const double TraceSamplesPerSecond = 400;

    private readonly object _gate = new();
    private readonly StudioOptions _options;
    private readonly List<FrameClient> _clients = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private LiveNetwork _network;
    private bool _running;
    private bool _dirty = true;
    private double _speed = 20;
    private double _actualSpeed;
    private string? _notice;
    private long _lastActivityTicks;
    private RunMemory.Lease _memory;
    private bool _forgotten;
    private int _everWatched;

    /// <summary>Builds the network and starts the (paused) loop.</summary>
    /// <param name="id">The simulation's id.</param>
    /// <param name="spec">The network.</param>
    /// <param name="options">The studio's limits.</param>
    /// <param name="memory">The network's reservation of the studio's memory (<see cref="LiveLimits.EstimateBytes"/>), given back when it is forgotten.</param>
    /// <exception cref="InvalidInputException">The network cannot be built.</exception>
    public LiveSimulation(string id, NetworkSpec spec, StudioOptions options, RunMemory.Lease memory)
    {
        Id = id;
        _options = options;
        _memory = memory;
        _network = new LiveNetwork(spec, _options.Memory);
        _network.TraceEvery = TraceEvery(_speed);
        Touch();
        Ended = _stop.Token;
        _loop = Task.Run(() => RunLoopAsync(_stop.Token));
    }

    /// <summary>Cancelled when the simulation is stopped and forgotten (deleted, closed to make room, expired): its pages' streams end.</summary>
    public CancellationToken Ended { get; }

    /// <summary>The id used in URLs.</summary>
    public string Id { get; }

    /// <summary>Pages connected now.</summary>
    public int ClientCount
    {
        get
        {
            lock (_clients) return _clients.Count;
        }
    }

    /// <summary>Whether a page has ever connected to it (a page's simulation, as opposed to one a script drives over HTTP).</summary>
    public bool EverWatched => Volatile.Read(ref _everWatched) != 0;

    /// <summary>When a request or page last used it (Stopwatch ticks of this simulation's clock).</summary>
    public TimeSpan IdleFor => _clock.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _lastActivityTicks));

    /// <summary>The memory it holds by its estimate.</summary>
    public long MemoryBytes
    {
        get
        {
            lock (_gate) return _memory.Bytes;
        }
    }

    /// <summary>Notes a use by a request (a status read): an unwatched simulation expires after the idle timeout without one.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _clock.Elapsed.Ticks);

    /// <summary>Gives its memory back to the studio's count at once (it is being forgotten; <see cref="DisposeAsync"/> follows).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _forgotten = true;
            _memory.Dispose();
        }
    }

    /// <summary>Where it stands.</summary>
    /// <returns>The status.</returns>
    public SimulationStatus Status()
    {
        lock (_gate)
        {
            var e = _network.Engine;
            return new SimulationStatus(Id, _network.Spec.Name, e.StepCount, e.TimeMs, _running, _speed, Math.Round(_actualSpeed, 1), ClientCount, _notice);
        }
    }

    /// <summary>The run so far as an NWB 2 file (<see cref="LiveNetwork.Nwb"/>), written between two steps.</summary>
    /// <returns>The file's bytes and the steps it covers (from the first, to before the last).</returns>
    /// <exception cref="InvalidInputException">The network has no spiking neurons, or the file would not fit in the memory limit.</exception>
    public (byte[] File, int FromStep, int ToStep) Nwb()
    {
        Touch();
        lock (_gate) return (_network.Nwb(_options.Memory), _network.RecordFromStep, _network.Engine.StepCount);
    }

    /// <summary>Applies a control command.</summary>
    /// <param name="command">The command (validated here).</param>
    /// <returns>The status after it.</returns>
    /// <exception cref="InvalidInputException">The command is invalid; the run is untouched.</exception>
    public SimulationStatus Apply(SimulationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validate();
        Touch();
        lock (_gate)
        {
            if (command.StepsPerSecond is { } s) SetSpeed(s);
            switch (command.Type)
            {
                case "start":
                    _running = true;
                    _notice = null;
                    break;
                case "pause":
                    _running = false;
                    break;
                case "step":
                    _running = false;
                    TakeSteps(command.Count ?? 1);
                    break;
                case "watch":
                    _network.Watch(command.Target!, command.Neuron ?? 0);
                    break;
                case "reset":
                    // After live edits the engine's built state (weights) is the old network's: start the edited one afresh.
                    if (_network.Retuned) _network = Rebuilt(_network);
                    else _network.Reset();
                    _notice = null;
                    // Spikes a page has not been sent yet are of the run before the reset.
                    foreach (var c in Clients()) c.ClearSpikes();
                    break;
            }
            _dirty = true;
        }
        _wake.Release();
        return Status();
    }

    /// <summary>
    /// Replaces the network (the editor changed it). An edit of values the engine can change in place
    /// (<see cref="LiveEdit"/>) is applied between two steps and the run goes on; any other edit builds the
    /// new network first, so a bad network leaves the run as it was, and restarts it from step 0.
    /// </summary>
    /// <param name="spec">The new network.</param>
    /// <param name="memory">The new network's reservation; the old one's is given back.</param>
    /// <returns>True if the edit was applied live, false if the run restarted.</returns>
    /// <exception cref="InvalidInputException">The network cannot be built; nothing changed.</exception>
    public bool Replace(NetworkSpec spec, RunMemory.Lease memory)
    {
        Touch();
        lock (_gate)
        {
            if (_network.TryApplyLive(spec))
            {
                SwapLease(memory);
                _dirty = true;
                return true;
            }
        }
        var built = new LiveNetwork(spec, _options.Memory);
        lock (_gate)
        {
            built.TraceEvery = TraceEvery(_speed);
            built.KeepWatching(_network);
            _network = built;
            SwapLease(memory);
            _notice = null;
            _dirty = true;
            // Under the lock: a frame of the new network offered before its network message would be dropped with its spikes.
            var message = NetworkMessage();
            foreach (var c in Clients()) c.Send(message, newNetwork: true);
        }
        _wake.Release();
        return false;
    }

    private void SwapLease(RunMemory.Lease memory)
    {
        (_memory, var old) = (memory, _memory);
        old.Dispose();
        if (_forgotten) memory.Dispose();
    }

    private LiveNetwork Rebuilt(LiveNetwork old)
    {
        var built = new LiveNetwork(old.Spec, _options.Memory) { TraceEvery = TraceEvery(_speed) };
        built.KeepWatching(old);
        return built;
    }

    /// <summary>Connects a page: it gets the network message at once, then frames.</summary>
    /// <returns>The page's queue.</returns>
    public FrameClient Attach()
    {
        var client = new FrameClient();
        lock (_gate)
        {
            client.Send(NetworkMessage(), newNetwork: true);
            lock (_clients) _clients.Add(client);
            _dirty = true;
        }
        Volatile.Write(ref _everWatched, 1);
        Touch();
        _wake.Release();
        return client;
    }

    /// <summary>Disconnects a page.</summary>
    /// <param name="client">The page's queue.</param>
    public void Detach(FrameClient client)
    {
        lock (_clients) _clients.Remove(client);
        Touch();
    }

    /// <summary>Sends an error message to one page (before the frame waiting for it, which still follows).</summary>
    /// <param name="client">The page.</param>
    /// <param name="message">The sentence.</param>
    public static void SendError(FrameClient client, string message) =>
        client.SendBeforeFrame(Message("error", w => w.WriteString("message", message)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Forget();
        lock (_clients) _clients.Clear();
        _stop.Dispose();
    }

    private void SetSpeed(double stepsPerSecond)
    {
        _speed = stepsPerSecond;
        _network.TraceEvery = TraceEvery(stepsPerSecond);
    }

    private static int TraceEvery(double stepsPerSecond) =>
        (int)Math.Clamp(Math.Ceiling(stepsPerSecond / TraceSamplesPerSecond), 1, 1_000_000);

    /// <summary>Takes steps under the lock; an engine error pauses the run with a notice instead of ending the loop.</summary>
    private int TakeSteps(int count, double maxMilliseconds = double.PositiveInfinity)
    {
        long start = Stopwatch.GetTimestamp();
        int done = 0;
        try
        {
            for (; done < count; done++)
            {
                _network.Step();
                if ((done & 31) == 31 && Stopwatch.GetElapsedTime(start).TotalMilliseconds > maxMilliseconds)
                {
                    done++;
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidInputException or ArgumentException)
        {
            _running = false;
            _notice = $"The simulation stopped at step {_network.Engine.StepCount}: {e.Message}";
        }
        // The record the NWB export writes is bounded; the run is not: a full record starts again.
        if (_network.RecordedSpikes > _options.MaxRecordedSpikes) _network.RestartRecord();
        return done;
    }

    private async Task RunLoopAsync(CancellationToken ct)
    {
        var frameInterval = TimeSpan.FromSeconds(1.0 / _options.FrameRateHz);
        var last = _clock.Elapsed;
        var nextFrame = last;
        var speedWindowStart = last;
        long speedWindowSteps = 0;
        double credit = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.Elapsed;
            bool running;
            double speed;
            lock (_gate)
            {
                running = _running;
                speed = _speed;
            }
            if (running)
            {
                credit = Math.Min(credit + (now - last).TotalSeconds * speed, Math.Max(1, speed * 0.25));
                int due = (int)Math.Min(credit, int.MaxValue / 4);
                if (due > 0)
                {
                    int done;
                    lock (_gate) done = _running ? TakeSteps(due, MaxBatchMilliseconds) : 0;
                    credit = done < due ? 0 : credit - done;
                    speedWindowSteps += done;
                }
            }
            else
            {
                credit = 0;
            }
            last = now;
            now = _clock.Elapsed;
            if (now - speedWindowStart >= TimeSpan.FromSeconds(1))
            {
                _actualSpeed = running ? speedWindowSteps / (now - speedWindowStart).TotalSeconds : 0;
                speedWindowStart = now;
                speedWindowSteps = 0;
            }
            bool dirty;
            lock (_gate) dirty = _dirty;
            if (now >= nextFrame && (dirty || running))
            {
                Publish();
                nextFrame = now + frameInterval;
            }
            var wait = running || dirty ? frameInterval : TimeSpan.FromSeconds(1);
            if (running && speed > 0)
            {
                double toNextStep = (1 - credit) / speed;
                wait = TimeSpan.FromSeconds(Math.Clamp(toNextStep, 0.001, frameInterval.TotalSeconds));
            }
            if (dirty && nextFrame > now && nextFrame - now < wait) wait = nextFrame - now;
            if (dirty && nextFrame <= now) wait = TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await _wake.WaitAsync(wait, ct).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }
        }
    }

    private void Publish()
    {
        lock (_gate)
        {
            // Under the lock, as Attach adds a page: a page gets every spike from its network message on.
            FrameClient[] clients = Clients();
            _dirty = false;
            if (clients.Length == 0)
            {
                // Nobody watches: keep the accumulators small all the same.
                Message("frame", _network.WriteFrame);
                _network.ClearFrameSamples();
                return;
            }
            var e = _network.Engine;
            byte[] frame = Message("frame", w =>
            {
                w.WriteNumber("step", e.StepCount);
                w.WriteNumber("timeMs", Math.Round(e.TimeMs, 6));
                w.WriteBoolean("running", _running);
                w.WriteNumber("stepsPerSecond", _speed);
                w.WriteNumber("actualStepsPerSecond", Math.Round(_actualSpeed, 1));
                if (_notice is null) w.WriteNull("notice");
                else w.WriteString("notice", _notice);
                _network.WriteFrame(w);
            });
            // The spikes and trace samples go to each page's connection apart: one that skips this frame sends them with its next one.
            var samples = _network.FrameSamples;
            foreach (var c in clients) c.Offer(frame, samples);
            _network.ClearFrameSamples();
        }
    }

    private FrameClient[] Clients()
    {
        lock (_clients) return [.. _clients];
    }

    private byte[] NetworkMessage() => Message("network", w =>
    {
        w.WriteString("simulationId", Id);
        if (_network.Spec.Name is { } name) w.WriteString("name", name);
        _network.WriteLayout(w);
    });

    private static byte[] Message(string type, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            body(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
