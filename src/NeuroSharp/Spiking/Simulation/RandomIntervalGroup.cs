using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Renewal spike sources (<see cref="RandomIntervalSourceSpec"/>): source i keeps its next spike time; in step s it spikes when
/// s dt is past that time, and the next time moves on by a new interval. Source i draws from its own stream, the run stream forked
/// by its index in the whole population, so its train does not depend on the threads or on which rank holds it.
/// </summary>
internal sealed class RandomIntervalGroup : NeuronGroup
{
    private readonly RandomIntervalSourceSpec _spec;
    private readonly double[] _next;
    private readonly RandomStream[] _streams;

    public RandomIntervalGroup(string name, int index, int count, RandomIntervalSourceSpec spec, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: false)
    {
        _spec = spec;
        _next = new double[count];
        _streams = new RandomStream[count];
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("next", _next.AsSpan());
        visitor.Streams("streams", _streams);
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        var global = GlobalIndex;
        for (int i = 0; i < _next.Length; i++)
        {
            _streams[i] = run.Fork((ulong)(global is null ? i : global[i]));
            _next[i] = _spec.Interval(_streams[i].NextDouble());
        }
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        double t = step * DtMs;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (!(t > _next[i])) continue;
            spiked[n++] = i;
            _next[i] += _spec.Interval(_streams[i].NextDouble());
        }
        return n;
    }

    public override void ApplyReset(int step)
    {
    }

    public override float[]? Variable(string name) => null;
}
