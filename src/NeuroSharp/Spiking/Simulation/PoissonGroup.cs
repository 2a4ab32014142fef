using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Poisson sources (<see cref="PoissonSourceSpec"/>): source i spikes in a step when a uniform draw is
/// below rate_i dt. Each block of neurons draws from its own stream forked from the run seed, so the
/// spikes do not depend on the thread count. Sources at rate 0 draw nothing (an image's dark pixels
/// cost no work); the rates can change between steps (<see cref="SetRates"/>) and return to the
/// network's at a reset. Outside the window of <see cref="PoissonSourceSpec.StartMs"/> and <see cref="PoissonSourceSpec.StopMs"/> (steps
/// round(start / dt) to round(stop / dt), as a Poisson input's) no source spikes and nothing is drawn.
/// </summary>
internal sealed class PoissonGroup : NeuronGroup
{
    private readonly float[] _probability;
    private readonly float[] _builtProbability;
    private readonly RandomStream[] _streams;
    private readonly int[] _active;
    private readonly int[] _blockActiveStart;
    private int _start, _stop;

    public PoissonGroup(string name, int index, int count, PoissonSourceSpec spec, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: false)
    {
        _probability = new float[count];
        _active = new int[count];
        _blockActiveStart = new int[BlockCountTotal + 1];
        for (int i = 0; i < count; i++)
        {
            double rate = spec.RatesHz is { } r ? r[i] : spec.RateHz;
            _probability[i] = (float)Math.Min(1.0, rate * dtMs / 1000.0);
        }
        _builtProbability = (float[])_probability.Clone();
        SetWindow(spec, dtMs);
        IndexActive();
        _streams = new RandomStream[BlockCountTotal];
    }

    /// <inheritdoc />
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not PoissonSourceSpec spec || (spec.RatesHz is { } r && r.Count != Count)) return false;
        for (int i = 0; i < Count; i++) _builtProbability[i] = (float)Math.Min(1.0, (spec.RatesHz is { } x ? x[i] : spec.RateHz) * DtMs / 1000.0);
        _builtProbability.CopyTo(_probability, 0);
        SetWindow(spec, DtMs);
        IndexActive();
        Model = model;
        return true;
    }

    private void SetWindow(PoissonSourceSpec spec, double dtMs)
    {
        _start = (int)Math.Min(int.MaxValue, Math.Round(spec.StartMs / dtMs));
        _stop = spec.StopMs is { } stop ? (int)Math.Min(int.MaxValue, Math.Round(stop / dtMs)) : int.MaxValue;
    }

    /// <summary>True in the steps where the sources are on (from round(startMs / dt) until round(stopMs / dt)).</summary>
    internal bool IsOn(int step) => step >= _start && step < _stop;

    /// <summary>Sets every source's rate in Hz (already checked: finite, at least 0, one per source).</summary>
    public void SetRates(ReadOnlySpan<float> ratesHz)
    {
        double perStep = DtMs / 1000.0;
        for (int i = 0; i < _probability.Length; i++) _probability[i] = (float)Math.Min(1.0, ratesHz[i] * perStep);
        IndexActive();
    }

    /// <summary>Lists the sources with a rate above 0, ascending, and where each block's share starts.</summary>
    private void IndexActive()
    {
        int n = 0;
        for (int b = 0; b < BlockCountTotal; b++)
        {
            _blockActiveStart[b] = n;
            int end = Math.Min(Count, (b + 1) * BlockSize);
            for (int i = b * BlockSize; i < end; i++)
            {
                if (_probability[i] > 0) _active[n++] = i;
            }
        }
        _blockActiveStart[BlockCountTotal] = n;
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("probability", _probability.AsSpan());
        visitor.Streams("streams", _streams);
        if (visitor.Reading) IndexActive();
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        _builtProbability.CopyTo(_probability, 0);
        IndexActive();
        for (int b = 0; b < _streams.Length; b++) _streams[b] = run.Fork((ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        if (!IsOn(step)) return 0;
        int block = start / BlockSize;
        var rng = _streams[block];
        var p = _probability;
        var active = _active;
        int n = 0;
        for (int k = _blockActiveStart[block]; k < _blockActiveStart[block + 1]; k++)
        {
            int i = active[k];
            if (rng.NextSingle() < p[i]) spiked[n++] = i;
        }
        return n;
    }

    public override void ApplyReset(int step)
    {
    }

    /// <summary>Each neuron's spike probability per step (a device backend draws with it).</summary>
    internal float[] Probability => _probability;

    /// <summary>The neurons with a probability above 0, block by block; block b's are [<see cref="BlockActiveStart"/>[b], [b + 1]).</summary>
    internal int[] Active => _active;

    /// <summary>Where each block's active neurons start in <see cref="Active"/> (one more entry than blocks).</summary>
    internal int[] BlockActiveStart => _blockActiveStart;

    /// <summary>The four state words of each block's stream (xoshiro256**), block after block.</summary>
    internal void CopyStreamStates(Span<ulong> words) => StreamStates.Copy(_streams, words);

    /// <summary>Continues each block's stream from the state words a device backend drew with (keys kept).</summary>
    internal void SetStreamStates(ReadOnlySpan<ulong> words) => StreamStates.Set(_streams, words);

    public override float[]? Variable(string name) => null;
}
