using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Izhikevich population (<see cref="IzhikevichNeuronSpec"/>), forward Euler from the values at the start of the step:
/// <code>
/// I = I_ext + g_e - g_i
/// v' = v + dt (0.04 v^2 + 5 v + 140 - u + I);   u' = u + dt a (b v - u)
/// v' &gt;= v_peak -&gt; spike (reset: v = c, u += d)
/// </code>
/// </summary>
internal sealed class IzhikevichGroup : IzhikevichGroupBase
{
    private readonly float _dt;
    private IzhikevichNeuronSpec _spec;
    private float _a, _b, _peak, _de, _di;

    public IzhikevichGroup(string name, int index, int count, IzhikevichNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs)
    {
        _dt = (float)dtMs;
        _spec = spec;
        SetConstants(spec);
    }

    /// <summary>Takes a new spec's a, b, c, d, peak and synaptic time constants from the next step on; v and u go on.</summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not IzhikevichNeuronSpec spec) return false;
        _spec = spec;
        SetConstants(spec);
        Model = spec;
        return true;
    }

    private void SetConstants(IzhikevichNeuronSpec spec)
    {
        (_a, _b, _peak) = ((float)spec.A, (float)spec.B, (float)spec.PeakMv);
        SetReset((float)spec.C, (float)spec.D);
        _de = Decay(spec.TauExcMs, DtMs);
        _di = Decay(spec.TauInhMs, DtMs);
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("u", U.AsSpan());
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.C, build);
        if (Initial.ContainsKey("u")) Fill(U, "u", 0, build);
        else for (int i = 0; i < Count; i++) U[i] = _b * V[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var v = V;
        var u = U;
        var ge = Ge;
        var gi = Gi;
        var current = Current;
        float dt = _dt, a = _a, b = _b, peak = _peak, de = _de, di = _di;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            float vi = v[i], ui = u[i];
            float input = current[i] + e - h;
            float nv = vi + dt * (0.04f * vi * vi + 5f * vi + 140f - ui + input);
            float nu = ui + dt * (a * (b * vi - ui));
            v[i] = nv;
            u[i] = nu;
            ge[i] = e * de;
            gi[i] = h * di;
            if (nv >= peak) spiked[n++] = i;
        }
        return n;
    }
}
