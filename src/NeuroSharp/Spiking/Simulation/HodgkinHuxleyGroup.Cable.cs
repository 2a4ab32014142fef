using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The rows of a multi-compartment population (docs/spiking-multicompartment.md): a Hodgkin-Huxley group whose rows are
/// compartments, neuron-major (row = neuron x K + compartment), stepped by the same chunked channel and gate code. Each channel has
/// its conductance per row (its density x the compartment's area; none is folded into the leak) and, instead of v's exponential
/// Euler step, the chunk leaves G = sum of the open conductances and GE = sum g E + I for <see cref="MultiCompartmentGroup"/>'s
/// cable solve; the gates, ports and synaptic conductances advance as in a point neuron.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    /// <summary>K, the compartments per neuron when the rows are compartments (0: a point-neuron population).</summary>
    private readonly int _compartments;

    /// <summary>Each channel's conductance per row in nS (compartments only; null: the channel's own conductanceNs for every row).</summary>
    private float[][]? _rowConductance;

    /// <summary>G (nS) and GE (pA) of each row from the start of the last step (compartments only).</summary>
    private float[] _cableG = [], _cableGE = [];

    /// <summary>The total conductance G per row in nS from the start of the last step, for the cable solve.</summary>
    internal float[] CableG => _cableG;

    /// <summary>GE = sum g E + I per row in pA from the start of the last step, for the cable solve.</summary>
    internal float[] CableGE => _cableGE;

    /// <summary>Each channel's conductance per row: the morphology's densities x each compartment's area, the same for every neuron.</summary>
    private void SetRowConductances(HodgkinHuxleyNeuronSpec spec)
    {
        if (_compartments == 0) return;
        var morphology = spec.Morphology ?? throw new InvalidOperationException("Compartment rows need a morphology.");
        if (_cableG.Length != Count)
        {
            _cableG = new float[Count];
            _cableGE = new float[Count];
        }
        var kept = spec.Channels.ToList();
        _rowConductance = new float[_channels.Length][];
        for (int k = 0; k < _channels.Length; k++)
        {
            // No channel is folded into the leak here, so _channels[k] is spec.Channels[k].
            var perCompartment = morphology.ConductancesNs(kept[k].Name);
            var rows = new float[Count];
            for (int r = 0; r < rows.Length; r++) rows[r] = (float)perCompartment[r % _compartments];
            _rowConductance[k] = rows;
        }
    }

    /// <summary>The conductance of channel <paramref name="k"/> over the rows at <paramref name="s"/> (its own, or per row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Conductance(int k, int s, Span<float> destination)
    {
        if (_rowConductance is { } rows) rows[k].AsSpan(s, destination.Length).CopyTo(destination);
        else destination.Fill(_channels[k].Conductance);
    }

    /// <summary>Keeps G and GE of the chunk for the cable solve, decays the synaptic conductances, and reports no spike (the solve tests them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int HoldForCable(int s, int len, ReadOnlySpan<float> g, ReadOnlySpan<float> gE)
    {
        g.CopyTo(_cableG.AsSpan(s, len));
        gE.CopyTo(_cableGE.AsSpan(s, len));
        var exc = Ge.AsSpan(s, len);
        var inh = Gi.AsSpan(s, len);
        float de = _de, di = _di;
        for (int i = 0; i < len; i++)
        {
            exc[i] *= de;
            inh[i] *= di;
        }
        if (_ports.Count > 0) DecayPorts(s, len);
        return 0;
    }

    /// <summary>Advances the channels, gates and synaptic conductances of rows [start, end) and leaves their G and GE (compartments only).</summary>
    internal void StepRows(int start, int end, int step) => IntegrateBlock(start, end, step, default);

    /// <summary>Every gate at its steady state at the v now held (kinetic schemes too), as Initialize leaves them; then the recorded currents (a multi-compartment "initial").</summary>
    internal void RestGates()
    {
        int k = 0;
        foreach (var c in _spec.Channels)
        {
            foreach (var g in c.Gates)
            {
                var x = _gates[k++];
                if (g.Kinetics == GateKinetics.KineticScheme) continue;
                for (int i = 0; i < x.Length; i++) x[i] = (float)g.SteadyState(V[i], _caPool < 0 ? 0 : _concentrations[_caPool][i]);
            }
        }
        InitializeKinetic();
        RefreshCurrents();
    }

    /// <summary>The recorded channel currents of every row from the state now held.</summary>
    internal void RefreshCurrents()
    {
        foreach (var (ci, current) in _currents) FillCurrent(ci, current);
    }

    /// <summary>The recorded channel currents (CHANNEL_i, CHANNEL_g) of rows [start, end) from the state now held: after the cable solve has set v.</summary>
    internal void UpdateCurrents(int start, int end)
    {
        if (_currents.Count == 0) return;
        Span<float> t1 = stackalloc float[Chunk];
        Span<float> t2 = stackalloc float[Chunk];
        Span<float> t3 = stackalloc float[Chunk];
        for (int s = start; s < end; s += Chunk)
        {
            int len = Math.Min(Chunk, end - s);
            foreach (var (k, current) in _currents) ChannelCurrent(k, s, len, current.AsSpan(s, len), t1[..len], t2[..len], t3[..len]);
        }
    }
}
