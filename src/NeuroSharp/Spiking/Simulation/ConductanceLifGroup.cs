using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Conductance-based LIF population (<see cref="ConductanceLifNeuronSpec"/>), exponential Euler: with
/// the conductances held over the step,
/// <code>
/// G = 1 + g_e + g_i,   E = (E_L + g_e E_e + g_i E_i + I) / G
/// v' = E + (v - E) exp(-G dt / tau_m);   g_e' = g_e exp(-dt / tau_e);   g_i' = g_i exp(-dt / tau_i)
/// </code>
/// which is what Brian2's <c>exponential_euler</c> computes for this model.
/// </summary>
/// <remarks>
/// A channel with a rise time keeps a rise state h in front of g (spikes add their weight to h):
/// <c>dh/dt = -h / tau_r</c>, <c>dg/dt = -g / tau_d + c h</c>. After the kernel has decayed g, the step
/// adds <c>h K</c> and decays h, which is the exact propagator of this linear pair over one step
/// (<see cref="RiseChannel"/>).
/// With synaptic ports (<see cref="ConductanceLifNeuronSpec.Ports"/>, docs/spiking-lif.md) g_e and g_i give way to one conductance
/// per port (<see cref="SynapticPorts"/>, shared with the hh group): G = 1 + sum_p B_p(v) g_p and G E = E_L + sum_p B_p(v) g_p E_p + I,
/// summed over chunks in g_e's and g_i's order, then the same v step (<see cref="NeuronKernels.LifConductanceSumStep"/>). A current port
/// adds its I_p to G E only (G E = E_L + ... + I_p + ... + I), held over the step as I is. Without ports the step is the kernel above,
/// untouched, and ports that are all conductances are stepped as before.
/// </remarks>
internal sealed class ConductanceLifGroup : LifGroupBase
{
    private const int Chunk = 256;

    private readonly SynapticRise _rise;
    private readonly SynapticPorts _ports;

    public ConductanceLifGroup(string name, int index, int count, ConductanceLifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs, ConstantsOf(spec, dtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)
    {
        _rise = new SynapticRise(count, spec.RiseExcMs, spec.TauExcMs, spec.RiseInhMs, spec.TauInhMs, dtMs);
        _ports = spec.Ports.Count == 0 ? SynapticPorts.None : new SynapticPorts(spec.Ports, count, dtMs);
    }

    /// <summary>The number of synaptic ports (0: ge and gi).</summary>
    internal int PortCount => _ports.Count;

    /// <summary>
    /// Takes a new spec's constants from the next step on, keeping v, the conductances and the rise
    /// states; false (a rebuild) when a rise time, or a time constant of a channel with a rise time,
    /// changes, since the rise channel's propagator is built from both.
    /// </summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not ConductanceLifNeuronSpec spec || Model is not ConductanceLifNeuronSpec old) return false;
        if (spec.RiseExcMs != old.RiseExcMs || spec.RiseInhMs != old.RiseInhMs) return false;
        if ((old.RiseExcMs > 0 && spec.TauExcMs != old.TauExcMs) || (old.RiseInhMs > 0 && spec.TauInhMs != old.TauInhMs)) return false;
        if (!SynapticPorts.SameShape(spec.Ports, old.Ports)) return false;
        if (!Retune(spec, ConstantsOf(spec, DtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)) return false;
        if (_ports.Count > 0) _ports.SetConstants(spec.Ports, DtMs);
        return true;
    }

    private static LifConstants ConstantsOf(ConductanceLifNeuronSpec spec, double dtMs) => new(
        Em: 0f, Ce: 0f, Ci: 0f, De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs), Rest: (float)spec.RestMv,
        Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs),
        MinusDtOverTauM: (float)(-dtMs / spec.TauMs), ExcReversal: (float)spec.ExcReversalMv, InhReversal: (float)spec.InhReversalMv);

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_rise.Excitatory, _rise.Inhibitory);

    public override float[] InputChannel(Receptor receptor) => _rise.InputChannel(receptor, Ge, Gi);

    /// <summary>Port <paramref name="port"/> (1, 2, ...) of a population with ports, whatever the receptor; else g_e or g_i.</summary>
    public override float[] InputChannel(Receptor receptor, int port) =>
        port < 1 || _ports.Count == 0 ? InputChannel(receptor) : _ports.InputChannel(port);

    protected override void VisitModelState(StateVisitor visitor)
    {
        VisitLifState(visitor);
        _rise.VisitState(visitor);
        _ports.VisitState(visitor);
    }

    public override void InitializeDynamics(RandomStream build, RandomStream run)
    {
        base.InitializeDynamics(build, run);
        _rise.Clear();
        if (_ports.Count == 0) return;
        _ports.Initialize((g, name) => Fill(g, name, 0, build, clipAtZero: true));
        _ports.FillBlocks(V, 0, Count);
    }

    /// <summary>v, theta and each port by its name (a blocked port's PORT_g and PORT_block too); g_e and g_i where there are no ports.</summary>
    public override float[]? Variable(string name) =>
        _ports.Count == 0 ? base.Variable(name) : name is "ge" or "gi" ? null : base.Variable(name) ?? _ports.Variable(name, V);

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        if (_ports.Count > 0) return IntegratePorts(start, end, step, spiked);
        int n = end - start;
        DecayTheta(start, end);
        int count = NeuronKernels.LifConductanceStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
        _rise.Advance(Ge, Gi, start, end);
        return count;
    }

    /// <summary>
    /// The step with synaptic ports, chunk by chunk: G = 1 + B_1 g_1 + B_2 g_2 + ... and G E = E_L + B_1 g_1 E_1 + B_2 g_2 E_2 + ... + I
    /// (a current port's I_p in G E only)
    /// (the kernel's order for g_e and g_i, so two unblocked ports equal to them give its v to the bit), B_p at the start-of-step v;
    /// then v, the ports' decay, their rise and the recorded blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IntegratePorts(int start, int end, int step, Span<int> spiked)
    {
        DecayTheta(start, end);
        Span<float> total = stackalloc float[Chunk];
        Span<float> drive = stackalloc float[Chunk];
        Span<float> t1 = stackalloc float[Chunk];
        Span<float> t2 = stackalloc float[Chunk];
        var k = Constants;
        int count = 0;
        for (int s = start; s < end; s += Chunk)
        {
            int len = Math.Min(Chunk, end - s);
            Span<float> g = total[..len], d = drive[..len];
            ReadOnlySpan<float> v = V.AsSpan(s, len);
            for (int p = 0; p < _ports.Count; p++)
            {
                var gp = _ports.Blocked(p, s, len, v, t1[..len], t2[..len]);
                if (_ports.IsCurrent(p))
                {
                    // A current port: I_p joins the drive (G E) and not G.
                    if (p == 0)
                    {
                        g.Fill(1f);
                        TensorPrimitives.Add(gp, k.Rest, d);
                    }
                    else
                    {
                        TensorPrimitives.Add(d, gp, d);
                    }
                    continue;
                }
                float reversal = _ports.Reversal(p);
                if (p == 0)
                {
                    TensorPrimitives.Add(gp, 1f, g);
                    TensorPrimitives.Multiply(gp, reversal, d);
                    TensorPrimitives.Add(d, k.Rest, d);
                }
                else
                {
                    TensorPrimitives.Add(g, gp, g);
                    TensorPrimitives.MultiplyAdd(gp, reversal, d, d);
                }
            }
            TensorPrimitives.Add(d, Current.AsSpan(s, len), d);
            count += NeuronKernels.LifConductanceSumStep(V.AsSpan(s, len), g, d, LastSpike.AsSpan(s, len),
                Theta is null ? Span<float>.Empty : Theta.AsSpan(s, len), k, step, spiked[count..], s);
            _ports.Decay(s, len);
        }
        _ports.AdvanceRises(start, end);
        if (_ports.RecordsBlocks) _ports.FillBlocks(V, start, end);
        return count;
    }
}
