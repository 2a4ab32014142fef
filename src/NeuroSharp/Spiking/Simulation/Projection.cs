using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The synapses of one projection in CSR by source (row starts, targets ascending, weights, delays)
/// and their per-step delivery. One constant delay: the sources that spiked wait in a queue of
/// delay + 1 slots and are delivered row by row when due (plasticity acts then). Per-synapse delays:
/// every synapse adds its weight to the target channel's <see cref="DelayRing"/> at emission, or, with
/// STDP, is delivered when its spike arrives (<see cref="DelayedTripletStdpRule"/>).
/// </summary>
/// <remarks>
/// Plasticity is a list of rule objects the projection owns (<see cref="PlasticityRule"/>, built from the
/// spec in the constructor): at most one short-term rule, one STDP rule and one normalisation.
/// Each is called once per phase with its loop inside: Deliver asks the short-term rule for the factors of
/// the spikes delivered now and lets the STDP rule deliver and depress their rows; Plasticity runs the
/// learning rules in build order.
/// </remarks>
internal sealed class Projection
{
    private readonly int[] _queue = [];
    private readonly int[] _queueCount = [];
    private readonly float[] _channel;
    private readonly DelayRing? _ring;
    private readonly ShortTermPlasticityRule? _stp;
    private readonly float[] _stpScales = [];
    private readonly TripletStdpRule? _stdp;
    private readonly DelayedTripletStdpRule? _delayedStdp;
    private readonly WeightNormalizationRule? _normalization;
    private readonly SynapticRelease? _release;
    private readonly float[] _factors = [];
    private readonly float[] _recover = [];
    private readonly PlasticityRule[] _rules = [];
    private readonly PlasticityRule[] _learningRules = [];

    public Projection(string name, NeuronGroup source, NeuronGroup target, Receptor receptor, CsrPattern pattern, float[] weights,
        int constantDelaySteps, int[]? delaySteps, DelayRing? ring, ProjectionSpec spec, double dtMs)
    {
        Name = name;
        Source = source;
        Target = target;
        Receptor = receptor;
        RowStart = pattern.RowStart;
        Targets = pattern.Targets;
        Weights = weights;
        InitialWeights = (float[])weights.Clone();
        ConstantDelaySteps = constantDelaySteps;
        DelaySteps = delaySteps;
        _ring = ring;
        _channel = target.InputChannel(receptor, spec.Port, spec.Compartment);
        if (delaySteps is null && constantDelaySteps > 0)
        {
            _queue = new int[checked((constantDelaySteps + 1) * source.GlobalCount)];
            _queueCount = new int[constantDelaySteps + 1];
        }
        // The rules, binding the arrays they need; the incoming columns are built once when STDP or
        // normalisation walks them, and per-synapse delays take STDP's delayed variant.
        var columns = spec.Stdp is not null || spec.Normalization is not null
            ? IncomingColumns.Build(RowStart, Targets, source.GlobalCount, target.Count)
            : null;
        _stp = spec.ShortTermPlasticity is { } p ? new ShortTermPlasticityRule(p, source.GlobalCount, dtMs) : null;
        _stdp = spec.Stdp switch
        {
            null => null,
            { } s when delaySteps is not null => new DelayedTripletStdpRule(s, this, _channel, columns!, delaySteps, _stp is not null, dtMs),
            { } s => new TripletStdpRule(s, this, _channel, columns!, dtMs),
        };
        _delayedStdp = _stdp as DelayedTripletStdpRule;
        _normalization = spec.Normalization is { } n ? new WeightNormalizationRule(n, Weights, columns!) : null;
        if (_stp is not null && _delayedStdp is null) _stpScales = new float[source.GlobalCount];
        // Stochastic release (validation keeps it apart from STDP): per-synapse factors of one row, and per-spike recovery with sites.
        int sites = spec.ShortTermPlasticity?.Sites ?? 0;
        if (spec.Release is not null || sites > 0)
        {
            _release = new SynapticRelease(spec.Release?.Probability ?? 1, sites, Targets.Length);
            int longest = 0;
            for (int s = 0; s < source.GlobalCount; s++) longest = Math.Max(longest, RowStart[s + 1] - RowStart[s]);
            _factors = new float[longest];
            if (sites > 0) _recover = new float[source.GlobalCount];
        }
        // Every rule, in the order the Plasticity phase runs them: a rule that acts only there needs no field of its own.
        _rules = [.. new PlasticityRule?[] { _stp, _release, _stdp, _normalization }.OfType<PlasticityRule>()];
        _learningRules = [.. _rules.Where(r => r.Learns)];
    }

    public string Name { get; }

    public NeuronGroup Source { get; }

    public NeuronGroup Target { get; }

    public Receptor Receptor { get; }

    public int[] RowStart { get; }

    public int[] Targets { get; }

    public float[] Weights { get; }

    public float[] InitialWeights { get; }

    /// <summary>The target's input channel this projection delivers into (its receptor's, on its port for a GLIF target).</summary>
    internal float[] Channel => _channel;

    public int ConstantDelaySteps { get; }

    /// <summary>True when spikes wait in this projection's own queue (one constant delay of at least a step): its Deliver phase then acts every step, spikes or not.</summary>
    internal bool HasQueue => _queueCount.Length > 0;

    /// <summary>
    /// The constant delay's queue (empty without one): slot step mod (delay + 1) lists that step's spikes, ascending, the first
    /// Counts[slot] of its Source.GlobalCount entries; a device backend writes and reads it at a checkpoint only.
    /// </summary>
    internal (int[] Queue, int[] Counts) DelayQueue => (_queue, _queueCount);

    public int[]? DelaySteps { get; }

    public long SynapticEvents { get; private set; }

    public int SynapseCount => Targets.Length;

    /// <summary>
    /// Counts the writes to <see cref="Weights"/> from outside a step (set, normalised on request, reset), so that a
    /// device backend uploads the weights only when the host changed them.
    /// </summary>
    internal int WeightsVersion { get; private set; }

    /// <summary>The weights were all written from outside a step: the host's are the current copy (a device uploads them at its next run).</summary>
    internal void WeightsWritten()
    {
        WeightsVersion++;
        WeightsOnDevice = false;
    }

    /// <summary>
    /// True while a device backend holds newer weights than <see cref="Weights"/> (it learned or normalised since its last copy
    /// back): the engine copies them down (<see cref="ISpikingBackend.PullWeights"/>) before any host read of them; a host write
    /// replaces them all and makes the host's the current copy (docs/gpu.md, "Which copy of the weights is current").
    /// </summary>
    internal bool WeightsOnDevice { get; set; }

    /// <summary>
    /// Counts the host's writes to the STDP traces (<see cref="ResetDynamics"/> clears them), so that a device backend uploads
    /// them only when the host changed them.
    /// </summary>
    internal int TracesVersion { get; private set; }

    /// <summary>
    /// True while a device backend holds newer STDP traces than the rule's host arrays (it learned since its last copy back):
    /// the engine copies them down (<see cref="ISpikingBackend.PullTraces"/>) before any host read of them; a host write makes
    /// the host's the current copy (docs/gpu.md, "Which copy of the weights is current").
    /// </summary>
    internal bool TracesOnDevice { get; set; }

    /// <summary>The STDP rule of either kind (its traces), or null.</summary>
    internal TripletStdpRule? AnyStdp => _stdp;

    /// <summary>Counts synaptic events delivered elsewhere (a device backend).</summary>
    internal void AddEvents(long events) => SynapticEvents += events;

    /// <summary>The STDP rule with one constant delay, or null.</summary>
    internal TripletStdpRule? Stdp => _delayedStdp is null ? _stdp : null;

    /// <summary>The STDP rule with per-synapse delays, or null.</summary>
    internal DelayedTripletStdpRule? DelayedStdp => _delayedStdp;

    /// <summary>The short-term rule, or null.</summary>
    internal ShortTermPlasticityRule? ShortTerm => _stp;

    /// <summary>The stochastic release (a release probability, or short-term plasticity's sites), or null.</summary>
    internal SynapticRelease? Release => _release;

    /// <summary>Starts the stochastic release's draws from the run stream <paramref name="run"/> (nothing without one).</summary>
    internal void StartRelease(RandomStream run) => _release?.Start(run);

    /// <summary>The weight normalisation, or null.</summary>
    internal WeightNormalizationRule? Normalization => _normalization;

    /// <summary>Long-term learning on: STDP and scheduled normalisation act. Off: weights and traces are frozen.</summary>
    public bool LearningEnabled { get; set; } = true;

    /// <summary>True when a weight normalisation is declared (scheduled or on request).</summary>
    public bool HasNormalization => _normalization is not null;

    /// <summary>The projection's plasticity rules, in build order (short-term, STDP, normalisation).</summary>
    public IReadOnlyList<PlasticityRule> Rules => _rules;

    /// <summary>The Deliver phase of this projection for step <paramref name="step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Deliver(int step) => Deliver(step, Source.Spikes.AsSpan(0, Source.SpikeCount));

    /// <summary>The Deliver phase for step <paramref name="step"/> with the source's spikes of that step given (a partitioned run passes the gathered ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Deliver(int step, ReadOnlySpan<int> spikes)
    {
        bool learning = _stdp is not null && LearningEnabled;
        if (learning) _stdp!.DecayTraces();
        if (DelaySteps is { } delays)
        {
            if (_delayedStdp is not null) SynapticEvents += _delayedStdp.Deliver(step, spikes, _stp, learning);
            else DeliverHeterogeneous(step, spikes, delays);
            return;
        }
        if (ConstantDelaySteps == 0)
        {
            Arrive(spikes, step, learning);
            return;
        }
        int slots = _queueCount.Length;
        int push = step % slots;
        spikes.CopyTo(_queue.AsSpan(push * Source.GlobalCount));
        _queueCount[push] = spikes.Length;
        int due = (push + 1) % slots; // = (step - delay) mod slots
        Arrive(_queue.AsSpan(due * Source.GlobalCount, _queueCount[due]), step, learning);
        _queueCount[due] = 0;
    }

    /// <summary>
    /// The emission half of the Deliver phase of step <paramref name="step"/> (every delay at least one step, no STDP with per-synapse delays):
    /// the spikes join the queue, or add their weights to the delay ring. A partitioned run calls it for the
    /// steps of a window once their spikes are gathered, before the window's last step arrives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Emit(int step, ReadOnlySpan<int> spikes)
    {
        if (DelaySteps is { } delays)
        {
            DeliverHeterogeneous(step, spikes, delays);
            return;
        }
        int push = step % _queueCount.Length;
        spikes.CopyTo(_queue.AsSpan(push * Source.GlobalCount));
        _queueCount[push] = spikes.Length;
    }

    /// <summary>The arrival half of the Deliver phase of step <paramref name="step"/> (every delay at least one step, no STDP with per-synapse delays): STDP's traces decay and the due spikes arrive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ArriveDue(int step)
    {
        bool learning = _stdp is not null && LearningEnabled;
        if (learning) _stdp!.DecayTraces();
        if (DelaySteps is not null) return; // the ring drains into the channel
        int due = (step + 1) % _queueCount.Length; // = (step - delay) mod slots
        Arrive(_queue.AsSpan(due * Source.GlobalCount, _queueCount[due]), step, learning);
        _queueCount[due] = 0;
    }

    /// <summary>The rows of <paramref name="arriving"/> arrive now: short-term factors first, then STDP's fused delivery or plain rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Arrive(ReadOnlySpan<int> arriving, int step, bool learning)
    {
        if (_release is not null)
        {
            ArriveReleased(arriving, step);
            return;
        }
        Span<float> scales = default;
        if (_stp is not null)
        {
            scales = _stpScales.AsSpan(0, arriving.Length);
            _stp.Spike(arriving, step, scales);
        }
        if (learning)
        {
            SynapticEvents += _stdp!.DeliverAndDepress(arriving, scales);
            return;
        }
        long events = 0;
        for (int k = 0; k < arriving.Length; k++)
        {
            int s = arriving[k];
            int start = RowStart[s], end = RowStart[s + 1];
            events += end - start;
            AddRow(_channel, Targets, Weights, start, end, scales.IsEmpty ? 1f : scales[k]);
        }
        SynapticEvents += events;
    }

    /// <summary>The rows of <paramref name="arriving"/> arrive with stochastic release: each synapse adds w times its own factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ArriveReleased(ReadOnlySpan<int> arriving, int step)
    {
        long events = 0;
        var g = _channel;
        var targets = Targets;
        var weights = Weights;
        var scales = Scales(arriving, step);
        for (int k = 0; k < arriving.Length; k++)
        {
            int s = arriving[k];
            int start = RowStart[s], end = RowStart[s + 1];
            events += end - start;
            var factors = Factors(step, start, end, scales, k);
            for (int e = start; e < end; e++)
            {
                float f = factors[e - start];
                if (f != 0f) g[targets[e]] += weights[e] * f;
            }
        }
        SynapticEvents += events;
    }

    /// <summary>Short-term plasticity's per-spike part of the spikes <paramref name="spikes"/>: r (deterministic), or u with the recovery in _recover (sites); empty without a rule.</summary>
    private Span<float> Scales(ReadOnlySpan<int> spikes, int step)
    {
        if (_stp is null) return default;
        var scales = _stpScales.AsSpan(0, spikes.Length);
        if (_stp.Sites > 0) _stp.SpikeSites(spikes, step, scales, _recover.AsSpan(0, spikes.Length));
        else _stp.Spike(spikes, step, scales);
        return scales;
    }

    /// <summary>The release factors of the row [<paramref name="start"/>, <paramref name="end"/>) of spike <paramref name="k"/>: k / n of its sites, or the Bernoulli draw times the short-term scale.</summary>
    private ReadOnlySpan<float> Factors(int step, int start, int end, ReadOnlySpan<float> scales, int k)
    {
        var factors = _factors.AsSpan(0, end - start);
        if (_release!.Sites > 0) _release.Quantal(step, start, end, scales[k], _recover[k], factors);
        else _release.Bernoulli(step, start, end, scales.IsEmpty ? 1f : scales[k], factors);
        return factors;
    }

    /// <summary>
    /// g[target[e]] += w[e] x scale over one row: the hottest loop of a sparse network. Targets were
    /// range-checked at build, so the loop indexes without bounds checks (measured: bench/spiking).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float[] channel, int[] targets, float[] weights, int start, int end, float scale)
    {
        ref float g = ref MemoryMarshal.GetArrayDataReference(channel);
        ref int t = ref MemoryMarshal.GetArrayDataReference(targets);
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        if (scale == 1f)
        {
            for (int e = start; e < end; e++) Unsafe.Add(ref g, Unsafe.Add(ref t, e)) += Unsafe.Add(ref w, e);
        }
        else
        {
            for (int e = start; e < end; e++) Unsafe.Add(ref g, Unsafe.Add(ref t, e)) += Unsafe.Add(ref w, e) * scale;
        }
    }

    /// <summary>
    /// <see cref="Deliver(int)"/> for the engine's compact step, whose projections have no plasticity: nothing when the
    /// source is silent and no queue is due; per-synapse delays are walked here directly (the same adds in the same order
    /// as <see cref="DeliverHeterogeneous"/> with a scale of 1, without bounds checks: the build keeps every target inside
    /// the channel and every delay inside the ring).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void DeliverCompact(int step)
    {
        int spikeCount = Source.SpikeCount;
        if (DelaySteps is not { } delays || _ring is not { } ring)
        {
            if (spikeCount > 0 || HasQueue) Deliver(step);
            return;
        }
        if (spikeCount == 0) return;
        int slot = ring.SlotOf(step);
        ref int spikes = ref MemoryMarshal.GetArrayDataReference(Source.Spikes);
        ref int rowStart = ref MemoryMarshal.GetArrayDataReference(RowStart);
        ref int targets = ref MemoryMarshal.GetArrayDataReference(Targets);
        ref int delay = ref MemoryMarshal.GetArrayDataReference(delays);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(Weights);
        ref float g = ref MemoryMarshal.GetArrayDataReference(_channel);
        long events = 0;
        for (int k = 0; k < spikeCount; k++)
        {
            int s = Unsafe.Add(ref spikes, k);
            int start = Unsafe.Add(ref rowStart, s), end = Unsafe.Add(ref rowStart, s + 1);
            events += end - start;
            for (int e = start; e < end; e++)
            {
                int d = Unsafe.Add(ref delay, e), t = Unsafe.Add(ref targets, e);
                float w = Unsafe.Add(ref weights, e) * 1f;
                if (d == 0) Unsafe.Add(ref g, t) += w;
                else ring.AddAt(slot, d, t, w);
            }
        }
        SynapticEvents += events;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DeliverHeterogeneous(int step, ReadOnlySpan<int> spikes, int[] delays)
    {
        var g = _channel;
        var ring = _ring;
        var scales = Scales(spikes, step); // short-term state acts at emission, the same for every synapse of s
        if (spikes.IsEmpty) return;
        int slot = ring is null ? 0 : ring.SlotOf(step); // no ring: every delay is 0 (a ring is as deep as the longest)
        for (int k = 0; k < spikes.Length; k++)
        {
            int s = spikes[k];
            int start = RowStart[s], end = RowStart[s + 1];
            SynapticEvents += end - start;
            float scale = scales.IsEmpty ? 1f : scales[k];
            if (_release is not null)
            {
                // Released at emission, as short-term plasticity acts (one draw per synapse and spike, whatever its delay).
                var factors = Factors(step, start, end, scales, k);
                for (int e = start; e < end; e++)
                {
                    float f = factors[e - start];
                    if (f == 0f) continue;
                    int d = delays[e];
                    if (d == 0) g[Targets[e]] += Weights[e] * f;
                    else ring!.AddAt(slot, d, Targets[e], Weights[e] * f);
                }
                continue;
            }
            for (int e = start; e < end; e++)
            {
                int d = delays[e];
                if (d == 0) g[Targets[e]] += Weights[e] * scale;
                else ring!.AddAt(slot, d, Targets[e], Weights[e] * scale);
            }
        }
    }

    /// <summary>Back to the built state: initial weights, empty queues, fresh traces, no events.</summary>
    public void Reset()
    {
        InitialWeights.CopyTo(Weights, 0);
        WeightsWritten();
        ResetDynamics();
    }

    /// <summary>
    /// Visits the projection's state for a checkpoint: the weights, the spikes in flight (the constant delay's queue), the
    /// short-term scales and the event count, then each rule's state (<see cref="PlasticityRule.VisitState"/>).
    /// </summary>
    public void VisitState(StateVisitor visitor)
    {
        visitor.Values("w", Weights.AsSpan());
        visitor.Values("queue", _queue.AsSpan());
        visitor.Values("queueCount", _queueCount.AsSpan());
        visitor.Values("stpScales", _stpScales.AsSpan());
        long events = SynapticEvents;
        visitor.Value("synapticEvents", ref events);
        SynapticEvents = events;
        for (int k = 0; k < _rules.Length; k++)
        {
            using var scope = visitor.Scope($"rule{k}");
            _rules[k].VisitState(visitor);
        }
        if (visitor.Reading && _stdp is not null)
        {
            TracesVersion++; // the traces were written on the host: its copy is the current one
            TracesOnDevice = false;
        }
    }

    /// <summary>Empty queues, fresh traces and short-term state, no events; the weights are kept.</summary>
    public void ResetDynamics()
    {
        Array.Clear(_queueCount);
        SynapticEvents = 0;
        foreach (var rule in _rules) rule.Reset();
        if (_stdp is not null)
        {
            TracesVersion++; // the traces were cleared on the host: its copy is the current one
            TracesOnDevice = false;
        }
    }

    /// <summary>The Plasticity phase: each learning rule in build order (STDP's LTP, then normalisation on schedule); nothing while learning is off.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Plasticity(int step)
    {
        if (!LearningEnabled) return;
        foreach (var rule in _learningRules) rule.Plasticity(step);
    }

    /// <summary>The declared normalisation, now (<see cref="HasNormalization"/> must be true).</summary>
    public void Normalize()
    {
        _normalization!.Normalize();
        WeightsWritten();
    }
}
