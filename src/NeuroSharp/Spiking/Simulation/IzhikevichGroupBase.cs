using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What the two Izhikevich populations (<see cref="IzhikevichGroup"/>, <see cref="Izhikevich2007Group"/>) share:
/// the membrane potential v and the recovery variable u, the reset after a spike (v = c, u += d) and the
/// recordable variables v, u, ge and gi.
/// </summary>
internal abstract class IzhikevichGroupBase : NeuronGroup
{
    private float _c, _d;

    protected IzhikevichGroupBase(string name, int index, int count, NeuronModelSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        V = new float[count];
        U = new float[count];
    }

    public float[] V { get; }

    public float[] U { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public sealed override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount))
        {
            V[i] = _c;
            U[i] += _d;
        }
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "u" => U,
        "ge" => Ge,
        "gi" => Gi,
        _ => null,
    };

    /// <summary>Sets the reset: v = c and u += d after a spike (c in mV, d in u's unit).</summary>
    protected void SetReset(float c, float d) => (_c, _d) = (c, d);
}
