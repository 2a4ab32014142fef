namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The rise states of a population's two synaptic channels (<see cref="RiseChannel"/>), each present only when its
/// rise time is above 0: where spikes add their weights, and the step that feeds them into the conductances.
/// </summary>
internal sealed class SynapticRise
{
    public SynapticRise(int count, double riseExcMs, double tauExcMs, double riseInhMs, double tauInhMs, double dtMs)
    {
        if (riseExcMs > 0) Excitatory = new RiseChannel(count, riseExcMs, tauExcMs, dtMs);
        if (riseInhMs > 0) Inhibitory = new RiseChannel(count, riseInhMs, tauInhMs, dtMs);
    }

    /// <summary>The excitatory channel's rise state, or null (a single exponential).</summary>
    public RiseChannel? Excitatory { get; }

    /// <summary>The inhibitory channel's rise state, or null (a single exponential).</summary>
    public RiseChannel? Inhibitory { get; }

    /// <summary>True when either channel has a rise time.</summary>
    public bool Any => Excitatory is not null || Inhibitory is not null;

    /// <summary>Where a spike on the receptor adds its weight: the rise state, or the conductance itself.</summary>
    public float[] InputChannel(Receptor receptor, float[] ge, float[] gi) => receptor == Receptor.Excitatory
        ? Excitatory?.Rise ?? ge
        : Inhibitory?.Rise ?? gi;

    /// <summary>Visits the rise states h_e and h_i that exist.</summary>
    public void VisitState(StateVisitor visitor)
    {
        if (Excitatory is not null) visitor.Values("riseExc", Excitatory.Rise.AsSpan());
        if (Inhibitory is not null) visitor.Values("riseInh", Inhibitory.Rise.AsSpan());
    }

    /// <summary>Empties the rise states (a run starts).</summary>
    public void Clear()
    {
        if (Excitatory is not null) Array.Clear(Excitatory.Rise);
        if (Inhibitory is not null) Array.Clear(Inhibitory.Rise);
    }

    /// <summary>Feeds the rise states into the conductances for neurons start..end-1, after the kernel has decayed them.</summary>
    public void Advance(float[] ge, float[] gi, int start, int end)
    {
        Excitatory?.Advance(ge, start, end);
        Inhibitory?.Advance(gi, start, end);
    }
}
