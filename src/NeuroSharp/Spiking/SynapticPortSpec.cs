namespace NeuroSharp.Spiking;

/// <summary>
/// One synaptic port of a <see cref="HodgkinHuxleyNeuronSpec"/> (docs/spiking-hh.md, "Synaptic ports"): a conductance g_p with its
/// own decay, optional rise and reversal potential, so that a cell can take AMPA, NMDA, GABA_A and GABA_B at once (NEST's
/// multisynapse idea). A projection's <c>port</c> (1, 2, ...) picks one; its weight in nS is added to g_p (or to g_p's rise state).
/// With a <see cref="Block"/> the port's current is B(v) g_p (E_p - v). A <see cref="Current"/> port (conductanceLif only) holds a current
/// I_p instead, with the same decay and rise, that enters as I_p itself (PyNN's expCurrSynapse and alphaCurrSynapse beside its
/// conductance synapses on one cell; docs/spiking-lif.md, "Synaptic ports").
/// </summary>
/// <param name="Name">The port's name (ampa, nmda...), unique in the cell; a state monitor records g_p by it.</param>
/// <param name="DecayMs">tau_d, the conductance's decay in ms (greater than 0).</param>
/// <param name="ReversalMv">E_p, the reversal potential in mV.</param>
public sealed record SynapticPortSpec(string Name, double DecayMs, double ReversalMv)
{
    /// <summary>tau_r, the rise time in ms (0: a single exponential; DecayMs: an alpha function; between: a difference of exponentials with peak w).</summary>
    public double RiseMs { get; init; }

    /// <summary>
    /// True for a current port: g_p is a current (in the cell's current units, mV for conductanceLif) added to the membrane's drive, not a
    /// conductance; <see cref="ReversalMv"/> is unused (0) and there is no block. Only conductanceLif has current ports.
    /// </summary>
    public bool Current { get; init; }

    /// <summary>A voltage-dependent block of the conductance (NMDA's magnesium block), or null for none.</summary>
    public MagnesiumBlockSpec? Block { get; init; }

    /// <summary>Checks the port.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Ports[1].</param>
    /// <exception cref="InvalidOptionException">Something is missing or out of range.</exception>
    public void Validate(string owner, string property)
    {
        SpecChecks.Name(owner, $"{property}.{nameof(Name)}", Name);
        SpecChecks.Positive(owner, $"{property}.{nameof(DecayMs)}", DecayMs);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(RiseMs)}", RiseMs);
        if (RiseMs > DecayMs)
            throw new InvalidOptionException(owner, $"{property}.{nameof(RiseMs)}", $"must be at most the port's decayMs ({InvalidOptionException.Format(DecayMs)})", RiseMs);
        SpecChecks.Finite(owner, $"{property}.{nameof(ReversalMv)}", ReversalMv);
        Block?.Validate(owner, $"{property}.{nameof(Block)}");
        if (Current && Block is not null)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Block)}", "is set on a current port; a block scales a conductance, so a current port has none", null);
    }
    /// <summary>
    /// Checks a cell's ports: each one, and that no name (nor a blocked port's PORT_g and PORT_block) repeats another or one of
    /// <paramref name="taken"/> (the cell's other recorded names), since a state monitor records each port by its name.
    /// </summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="ports">The ports (Ports[0], Ports[1], ...).</param>
    /// <param name="taken">The cell's other recorded names; the ports' are added.</param>
    /// <param name="others">What a repeated name may repeat, in words.</param>
    /// <param name="othersOfBlock">What a blocked port's recorded name may repeat, in words.</param>
    /// <param name="currentPorts">True where the model takes current ports (conductanceLif).</param>
    internal static void ValidateAll(string owner, IReadOnlyList<SynapticPortSpec>? ports, HashSet<string> taken, string others, string othersOfBlock, bool currentPorts = false)
    {
        if (ports is null) throw new InvalidOptionException(owner, "Ports", "is required (empty for the ge and gi channels)", null);
        for (int p = 0; p < ports.Count; p++)
        {
            if (ports[p] is null) throw new InvalidOptionException(owner, $"Ports[{p}]", "is required", null);
            ports[p].Validate(owner, $"Ports[{p}]");
            if (ports[p].Current && !currentPorts)
                throw new InvalidOptionException(owner, $"Ports[{p}].{nameof(Current)}", "is true, but only conductanceLif populations have current ports", true);
            if (!taken.Add(ports[p].Name))
                throw new InvalidOptionException(owner, $"Ports[{p}].{nameof(Name)}", $"repeats the name '{ports[p].Name}' (of {others}); a state monitor records each port by its name", ports[p].Name);
        }
        // A blocked port is also recorded as PORT_g and PORT_block.
        for (int p = 0; p < ports.Count; p++)
        {
            if (ports[p].Block is null) continue;
            foreach (string derived in new[] { ports[p].Name + "_g", ports[p].Name + "_block" })
            {
                if (!taken.Add(derived))
                    throw new InvalidOptionException(owner, $"Ports[{p}].{nameof(Name)}", $"gives the blocked port's recorded name '{derived}', which {othersOfBlock} already has", ports[p].Name);
            }
        }
    }

    /// <summary>The names PORT_g and PORT_block of each port with a block, port by port (recorded from the state after each step).</summary>
    /// <param name="ports">The ports.</param>
    /// <returns>The names.</returns>
    internal static IEnumerable<string> BlockNames(IEnumerable<SynapticPortSpec> ports)
    {
        foreach (var p in ports.Where(p => p?.Block is not null))
        {
            yield return p.Name + "_g";
            yield return p.Name + "_block";
        }
    }

    /// <summary>The synaptic ports of a model that has them (hh, conductanceLif, izhikevich2007), else empty.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its ports.</returns>
    internal static IReadOnlyList<SynapticPortSpec> Of(NeuronModelSpec model) => model switch
    {
        HodgkinHuxleyNeuronSpec h => h.Ports ?? [],
        ConductanceLifNeuronSpec c => c.Ports ?? [],
        Izhikevich2007NeuronSpec z => z.Ports ?? [],
        _ => [],
    };

    /// <summary>The potential a port's reversal is compared with to label it excitatory or inhibitory: hh's initialMv, conductanceLif's and izhikevich2007's restMv.</summary>
    /// <param name="model">A model with ports.</param>
    /// <returns>The potential in mV.</returns>
    internal static double LabelMv(NeuronModelSpec model) => model is HodgkinHuxleyNeuronSpec h ? h.InitialMv : model is ConductanceLifNeuronSpec c ? c.RestMv
        : model is Izhikevich2007NeuronSpec z ? z.RestMv : 0;
}

/// <summary>
/// NeuroML's voltageConcDepBlockMechanism (NeuroML2CoreTypes/Synapses.xml; docs/spiking-hh.md): the factor
/// <c>B(v) = 1 / (1 + [Mg] / scalingConc exp(-v / scalingVolt))</c> multiplying a port's conductance, at a fixed concentration.
/// Jahr and Stevens 1990's NMDA block is [Mg] 1 mM, scalingConc 3.57 mM, scalingVolt 16.13 mV (1 / 0.062 mV^-1).
/// </summary>
/// <param name="ConcentrationMm">[Mg], the blocking ion's concentration in mM (NeuroML's blockConcentration), at least 0.</param>
/// <param name="ScalingConcentrationMm">scalingConc in mM, greater than 0.</param>
/// <param name="ScalingVoltageMv">scalingVolt in mV, not 0.</param>
public sealed record MagnesiumBlockSpec(double ConcentrationMm, double ScalingConcentrationMm, double ScalingVoltageMv)
{
    /// <summary>Jahr and Stevens 1990 at 1 mM Mg: 3.57 mM, 16.13 mV.</summary>
    public static MagnesiumBlockSpec JahrStevens { get; } = new(1, 3.57, 16.13);

    /// <summary>B(v), in double.</summary>
    /// <param name="vMv">The membrane potential in mV.</param>
    /// <returns>The fraction of the conductance left unblocked, in (0, 1].</returns>
    public double Factor(double vMv) => 1 / (1 + ConcentrationMm / ScalingConcentrationMm * Math.Exp(-vMv / ScalingVoltageMv));

    /// <summary>Checks the block.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Ports[1].Block.</param>
    public void Validate(string owner, string property)
    {
        SpecChecks.NonNegative(owner, $"{property}.{nameof(ConcentrationMm)}", ConcentrationMm);
        SpecChecks.Positive(owner, $"{property}.{nameof(ScalingConcentrationMm)}", ScalingConcentrationMm);
        SpecChecks.Finite(owner, $"{property}.{nameof(ScalingVoltageMv)}", ScalingVoltageMv);
        if (ScalingVoltageMv == 0) throw new InvalidOptionException(owner, $"{property}.{nameof(ScalingVoltageMv)}", "must not be 0", ScalingVoltageMv);
    }
}
