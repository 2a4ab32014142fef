using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Poisson sources (<see cref="PoissonSourceSpec"/>): source i spikes in a step when a uniform draw is
/// below rate_i dt. Each block of neurons draws from its own stream forked from the run seed, so the
/// spikes do not depend on the thread count.
/// </summary>
internal sealed class PoissonGroup : NeuronGroup
{
    private readonly float[] _probability;
    private readonly RandomStream[] _streams;

    public PoissonGroup(string name, int index, int count, PoissonSourceSpec spec, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: false)
    {
        _probability = new float[count];
        for (int i = 0; i < count; i++)
        {
            double rate = spec.RatesHz is { } r ? r[i] : spec.RateHz;
            _probability[i] = (float)Math.Min(1.0, rate * dtMs / 1000.0);
        }
        _streams = new RandomStream[BlockCountTotal];
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        for (int b = 0; b < _streams.Length; b++) _streams[b] = run.Fork((ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var rng = _streams[start / BlockSize];
        var p = _probability;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (rng.NextSingle() < p[i]) spiked[n++] = i;
        }
        return n;
    }

    public override void ApplyReset(int step)
    {
    }

    public override float[]? Variable(string name) => null;
}
