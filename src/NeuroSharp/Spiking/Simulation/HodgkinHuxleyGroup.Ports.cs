using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The synaptic ports of a Hodgkin-Huxley population (<see cref="HodgkinHuxleyNeuronSpec.Ports"/>, docs/spiking-hh.md "Synaptic
/// ports"): in place of ge and gi, one conductance per port (<see cref="SynapticPorts"/>, shared with the conductance LIF), in the same
/// scheme as theirs. At the start of a step each port adds B_p(v) g_p to G and B_p(v) g_p E_p to GE (B_p = 1 without a block); after
/// the step g_p decays by exp(-dt / tau_p) and, with a rise time, gains K h_p (<see cref="RiseChannel"/>). A projection's weight is
/// added to g_p (to h_p with a rise). Ports equal to (tau_e, E_e) and (tau_i, E_i) give bit for bit the sums of ge and gi.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    private SynapticPorts _ports = SynapticPorts.None;

    /// <summary>The number of synaptic ports (0: ge and gi).</summary>
    internal int PortCount => _ports.Count;

    /// <summary>Allocates each port's conductance (and rise state).</summary>
    private void AllocatePorts(HodgkinHuxleyNeuronSpec spec, int count, double dtMs) =>
        _ports = spec.Ports.Count == 0 ? SynapticPorts.None : new SynapticPorts(spec.Ports, count, dtMs);

    /// <summary>Each port's decay per step, reversal and block as floats.</summary>
    private void SetPortConstants(HodgkinHuxleyNeuronSpec spec, double dtMs)
    {
        if (_ports.Count > 0) _ports.SetConstants(spec.Ports, dtMs);
    }

    /// <summary>True when a new spec's ports keep this group's arrays: the same number, the same rise times (and decays where they rise).</summary>
    private bool SamePortShape(HodgkinHuxleyNeuronSpec spec) => SynapticPorts.SameShape(spec.Ports, _spec.Ports);

    /// <summary>Port <paramref name="port"/> (1, 2, ...) of a population with ports: what its spikes add to, whatever the receptor; else ge or gi.</summary>
    public override float[] InputChannel(Receptor receptor, int port) =>
        port < 1 || _ports.Count == 0 ? InputChannel(receptor) : _ports.InputChannel(port);

    /// <summary>Each port's conductance at its initial value (0 unless the population's "initial" names the port), its rise state at 0.</summary>
    private void InitializePorts(NeuroSharp.Numerics.Random.RandomStream build) =>
        _ports.Initialize((g, name) => Fill(g, name, 0, build, clipAtZero: true));

    /// <summary>
    /// G = B_1 g_1 + passive G + sum_{p &gt; 1} B_p g_p and GE = B_1 g_1 E_1 + I + sum_{p &gt; 1} B_p g_p E_p + passive GE, in the order
    /// that ge and gi are summed, for the chunk at <paramref name="s"/>; <paramref name="t1"/> and <paramref name="t2"/> are scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SumPorts(int s, int len, ReadOnlySpan<float> v, Span<float> g, Span<float> gE, Span<float> t1, Span<float> t2)
    {
        var current = Current.AsSpan(s, len);
        for (int p = 0; p < _ports.Count; p++)
        {
            var gp = _ports.Blocked(p, s, len, v, t1, t2);
            float reversal = _ports.Reversal(p);
            if (p == 0)
            {
                TensorPrimitives.Add(gp, _passiveG, g);
                TensorPrimitives.MultiplyAdd(gp, reversal, current, gE);
            }
            else
            {
                TensorPrimitives.Add(g, gp, g);
                TensorPrimitives.MultiplyAdd(gp, reversal, gE, gE);
            }
        }
        TensorPrimitives.Add(gE, _passiveGE, gE);
    }

    /// <summary>Each port's conductance decays over the chunk at <paramref name="s"/> (as ge and gi do).</summary>
    private void DecayPorts(int s, int len) => _ports.Decay(s, len);

    /// <summary>Each rising port gains K h and its h decays, for neurons start..end-1.</summary>
    private void AdvancePortRises(int start, int end) => _ports.AdvanceRises(start, end);

    /// <summary>A port's conductance by its name, or a blocked port's PORT_g or PORT_block, or null.</summary>
    private float[]? PortVariable(string name) => _ports.Variable(name, V);

    /// <summary>The recorded blocked ports' B(v) g and B(v) from the state now held, for neurons start..end-1 (after a step, or at the start).</summary>
    private void FillPortBlocks(int start, int end) => _ports.FillBlocks(V, start, end);
}
