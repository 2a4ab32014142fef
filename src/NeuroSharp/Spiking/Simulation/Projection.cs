using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The synapses of one projection in CSR by source (row starts, targets ascending, weights, delays)
/// and their per-step delivery. One constant delay: the sources that spiked wait in a queue of
/// delay + 1 slots and are delivered row by row when due (plasticity acts then). Per-synapse delays:
/// every synapse adds its weight to the target channel's <see cref="DelayRing"/> at emission, or, with
/// STDP, is delivered when its spike arrives (Projection.DelayedStdp.cs).
/// </summary>
internal sealed partial class Projection
{
    private int[] _queue = [];
    private int[] _queueCount = [];
    private readonly float[] _channel;
    private readonly DelayRing? _ring;
    private readonly bool _denseRows;

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
        _channel = receptor == Receptor.Excitatory ? target.Ge : target.Gi;
        if (delaySteps is null && constantDelaySteps > 0)
        {
            _queue = new int[checked((constantDelaySteps + 1) * source.Count)];
            _queueCount = new int[constantDelaySteps + 1];
        }
        _denseRows = RowsAreContiguous(RowStart, Targets);
        InitPlasticity(spec, dtMs);
        if (delaySteps is not null && _stdp is not null) InitDelayedStdp(delaySteps);
    }

    public string Name { get; }

    public NeuronGroup Source { get; }

    public NeuronGroup Target { get; }

    public Receptor Receptor { get; }

    public int[] RowStart { get; }

    public int[] Targets { get; }

    public float[] Weights { get; }

    public float[] InitialWeights { get; }

    public int ConstantDelaySteps { get; }

    public int[]? DelaySteps { get; }

    public long SynapticEvents { get; private set; }

    public int SynapseCount => Targets.Length;

    /// <summary>The Deliver phase of this projection for step <paramref name="step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Deliver(int step)
    {
        DecayTraces();
        var spikes = Source.Spikes.AsSpan(0, Source.SpikeCount);
        if (DelaySteps is { } delays)
        {
            if (_delayedStdp) DeliverDelayedStdp(step, spikes);
            else DeliverHeterogeneous(step, spikes, delays);
            return;
        }
        if (ConstantDelaySteps == 0)
        {
            foreach (int s in spikes) Arrive(s, step);
            return;
        }
        int slots = _queueCount.Length;
        int push = step % slots;
        spikes.CopyTo(_queue.AsSpan(push * Source.Count));
        _queueCount[push] = spikes.Length;
        int due = (push + 1) % slots; // = (step - delay) mod slots
        var arriving = _queue.AsSpan(due * Source.Count, _queueCount[due]);
        foreach (int s in arriving) Arrive(s, step);
        _queueCount[due] = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Arrive(int s, int step)
    {
        int start = RowStart[s], end = RowStart[s + 1];
        SynapticEvents += end - start;
        float scale = _stp is null ? 1f : StpSpike(s, step);
        if (_stdp is not null && LearningEnabled)
        {
            ArriveWithStdp(s, start, end, scale);
            return;
        }
        AddRow(_channel, Targets, Weights, start, end, scale);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DeliverHeterogeneous(int step, ReadOnlySpan<int> spikes, int[] delays)
    {
        var g = _channel;
        var ring = _ring!;
        foreach (int s in spikes)
        {
            int start = RowStart[s], end = RowStart[s + 1];
            SynapticEvents += end - start;
            float scale = _stp is null ? 1f : StpSpike(s, step); // short-term state acts at emission, the same for every synapse of s
            for (int e = start; e < end; e++)
            {
                int d = delays[e];
                if (d == 0) g[Targets[e]] += Weights[e] * scale;
                else ring.Add(step, d, Targets[e], Weights[e] * scale);
            }
        }
    }

    /// <summary>Back to the built state: initial weights, empty queues, fresh traces, no events.</summary>
    public void Reset()
    {
        InitialWeights.CopyTo(Weights, 0);
        ResetDynamics();
    }

    /// <summary>Empty queues, fresh traces and short-term state, no events; the weights are kept.</summary>
    public void ResetDynamics()
    {
        Array.Clear(_queueCount);
        SynapticEvents = 0;
        ResetPlasticity();
    }

    /// <summary>The Plasticity phase: LTP on this step's postsynaptic spikes, then normalisation on schedule (nothing while learning is off).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Plasticity(int step)
    {
        if (!LearningEnabled) return;
        if (_stdp is not null) Potentiate(step);
        if (_normalizeEvery > 0 && (step + 1) % _normalizeEvery == 0) Normalize();
    }

    /// <summary>True when every row's targets are consecutive indices (targets ascend within a row), e.g. all-to-all.</summary>
    private static bool RowsAreContiguous(int[] rowStart, int[] targets)
    {
        for (int s = 0; s + 1 < rowStart.Length; s++)
        {
            int start = rowStart[s], end = rowStart[s + 1];
            if (end > start && targets[end - 1] - targets[start] != end - start - 1) return false;
        }
        return true;
    }

    private static void Scale(float[] x, float factor)
    {
        if (factor != 1f) TensorPrimitives.Multiply(x, factor, x);
    }
}
