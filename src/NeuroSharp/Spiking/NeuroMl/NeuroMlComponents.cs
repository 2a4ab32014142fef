namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>A chemical synapse of a NeuroML file as the engine's conductance channel sees it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="GbaseNs">gbase in nS (scales the weights).</param>
/// <param name="TauMs">Decay time constant in ms.</param>
/// <param name="RiseMs">Rise time constant in ms (0: expOneSynapse; equal to TauMs: alphaSynapse).</param>
/// <param name="ErevMv">Reversal potential in mV (a current-based synapse: +infinity when ibase depolarises, -infinity when it hyperpolarises).</param>
internal sealed record NeuroMlSynapse(string Id, double GbaseNs, double TauMs, double RiseMs, double ErevMv)
{
    /// <summary>alphaCurrentSynapse: GbaseNs holds |ibase| in pA, and the cell runs as the current-based lif.</summary>
    public bool CurrentBased { get; init; }

    /// <summary>PyNN's expCondSynapse and alphaCondSynapse: LEMS's g is a dimensionless number in uS (not a conductance in S).</summary>
    public bool DimensionlessG { get; init; }

    /// <summary>blockingPlasticSynapse's Tsodyks-Markram mechanism, as its projections' short-term plasticity; null: none.</summary>
    public ShortTermPlasticitySpec? ShortTerm { get; init; }

    /// <summary>silentSynapse: no current (GbaseNs 0).</summary>
    public bool Silent { get; init; }

    /// <summary>blockingPlasticSynapse's voltageConcDepBlockMechanism (NMDA's magnesium block), on an hh cell's synaptic port; null: none.</summary>
    public MagnesiumBlockSpec? Block { get; init; }

    /// <summary>The block mechanism's id (LEMS records its blockFactor as synapses:SYN:0/ID/blockFactor); null: none or no id.</summary>
    public string? BlockId { get; init; }

    /// <summary>expThreeSynapse's or doubleSynapse's two synapses, each raised by every spike (NeuroMlReader.Composite.cs); null: a plain synapse.</summary>
    public IReadOnlyList<NeuroMlSynapse>? Parts { get; init; }

    /// <summary>A doubleSynapse's synapse1 and synapse2 ids, until <see cref="Parts"/> are looked up.</summary>
    public IReadOnlyList<string>? PartIds { get; init; }

    /// <summary>Its element name where a refusal names it (expThreeSynapse, doubleSynapse); else null.</summary>
    public string? Kind { get; init; }

    /// <summary>Its element, for refusals found when it is used; else null.</summary>
    public System.Xml.Linq.XElement? Source { get; init; }

    /// <summary>What decides the channel: the dynamics, not the strength (gbase goes into the weights).</summary>
    public (double Tau, double Rise, double Erev, MagnesiumBlockSpec? Block) Channel => (TauMs, RiseMs, ErevMv, Block);
}

/// <summary>A cell of a NeuroML file, mapped to an engine model.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Element">Its element name (iafCell, adExIaFCell, ...).</param>
/// <param name="Model">The engine model (for iafCell the conductance LIF without its channels yet).</param>
/// <param name="LeakNs">The leak conductance in nS, which turns NeuroML currents and conductances into the LIF's units (1 for AdEx, whose units are pA and nS).</param>
/// <param name="InitialV">The potential NeuroML starts it at, where the engine's default (rest) differs; else null.</param>
internal sealed record NeuroMlCell(string Id, string Element, NeuronModelSpec Model, double LeakNs, double? InitialV)
{
    /// <summary>A spikeArray's spike times in ms, placed on the run's steps when the network is built (<see cref="NeuroMlReader"/>).</summary>
    public IReadOnlyList<double>? SpikeTimesMs { get; init; }

    /// <summary>A spikeGenerator's period in ms (spikes at period, 2 period, ... up to the run's length).</summary>
    public double? PeriodMs { get; init; }

    /// <summary>The cell's element, for refusals that need the run's length.</summary>
    public System.Xml.Linq.XElement? Source { get; init; }

    /// <summary>A conductance-based <c>&lt;cell&gt;</c> as read (area, capacitance, channels), for tests and refusals; null for point cells.</summary>
    public NmlConductanceCell? Conductance { get; init; }

    /// <summary>True for the cells whose synapses are conductance channels (iafCell, iafRefCell, izhikevich2007Cell, cell).</summary>
    public bool HasChannels => Model is ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec or HodgkinHuxleyNeuronSpec;

    /// <summary>The resting potential that decides which channel a lone synapse kind takes.</summary>
    public double RestMv => Model switch
    {
        ConductanceLifNeuronSpec m => m.RestMv,
        Izhikevich2007NeuronSpec m => m.RestMv,
        HodgkinHuxleyNeuronSpec m => m.InitialMv,
        _ => 0,
    };

    /// <summary>True for a spike source (spikeGeneratorPoisson, spikeArray, spikeGenerator, spikeGeneratorRandom, spikeGeneratorRefPoisson).</summary>
    public bool IsSource => Model is PoissonSourceSpec or SpikeTimesSourceSpec or RandomIntervalSourceSpec;

    /// <summary>True for iafTauCell, iafTauRefCell, the FitzHugh-Nagumo cells and pinskyRinzelCA3Cell, whose LEMS types take no input current and no synapse.</summary>
    public bool TakesNoInput => Element is "iafTauCell" or "iafTauRefCell" or "fitzHughNagumoCell" or "fitzHughNagumo1969Cell" or "pinskyRinzelCA3Cell";

    /// <summary>The LEMS variables an OutputColumn may record, where they are not the engine model's own (abstract and PyNN cells, iafActivityCell); else null.</summary>
    public IReadOnlyDictionary<string, NeuroMlRecordable>? Recorded { get; init; }

    /// <summary>A constant current in pA for the whole run (PyNN's i_offset); 0: none.</summary>
    public double OffsetPa { get; init; }

    /// <summary>Why no synapse may reach this cell, where the cell takes current inputs but not synapses (a clause); null: the usual sentence.</summary>
    public string? SynapseRefusal { get; init; }

    /// <summary>True for izhikevichCell, whose input currents are dimensionless (pulseGeneratorDL), not in amperes.</summary>
    public bool DimensionlessInput => Model is IzhikevichNeuronSpec;
}

/// <summary>
/// A pulseGenerator, rampGenerator or sineGenerator (or its DL form): a current from <see cref="DelayMs"/> for
/// <see cref="DurationMs"/>; for a ramp <see cref="AmplitudePa"/> is startAmplitude, for a sine its peak.
/// </summary>
internal sealed record NeuroMlPulse(string Id, double DelayMs, double DurationMs, double AmplitudePa)
{
    /// <summary>True for the DL forms, whose amplitudes are dimensionless (izhikevichCell's current).</summary>
    public bool Dimensionless { get; init; }

    /// <summary>Its element name, for refusals.</summary>
    public string Element { get; init; } = "pulseGenerator";

    /// <summary>Constant (a pulse), ramp or sine.</summary>
    public CurrentWaveform Waveform { get; init; }

    /// <summary>A ramp's finishAmplitude.</summary>
    public double FinishPa { get; init; }

    /// <summary>A ramp's baselineAmplitude (the current before delay and after delay + duration).</summary>
    public double BaselinePa { get; init; }

    /// <summary>A sine's period in ms.</summary>
    public double PeriodMs { get; init; }

    /// <summary>A sine's phase in radians.</summary>
    public double Phase { get; init; }
}

/// <summary>A poissonFiringSynapse: independent Poisson spikes at <see cref="RateHz"/> through a synapse.</summary>
internal sealed record NeuroMlPoissonInput(string Id, double RateHz, string SynapseId)
{
    /// <summary>transientPoissonFiringSynapse: the element (for refusals), its delay and duration in ms; null for poissonFiringSynapse.</summary>
    public (System.Xml.Linq.XElement Element, double DelayMs, double DurationMs)? Transient { get; init; }
}

/// <summary>A LEMS variable of a cell as the engine records it: the engine's variable and the factor to SI; for c302's activity, the trace computed from v.</summary>
/// <param name="Variable">The engine's variable.</param>
/// <param name="ToSi">The factor from the engine's unit to SI.</param>
/// <param name="Activity">c302's activity trace, computed from the recorded v; null for a plain variable.</param>
internal sealed record NeuroMlRecordable(string Variable, double ToSi, LemsActivity? Activity = null)
{
    /// <summary>Further engine variables added to <see cref="Variable"/> before the factor (a gateFractional's channels for fopen); null: none.</summary>
    public IReadOnlyList<string>? Plus { get; init; }

    /// <summary>
    /// For a synapse's variable (<c>synapses:SYN:0/g</c>), the engine channel it reads, as a port (1, 2, ...; 0: none) or the receptor
    /// of ge or gi; LemsFile checks that one connection feeds it on the recorded cell. Null for a cell's own variable.
    /// </summary>
    public (int Port, Receptor Receptor)? Channel { get; init; }
}
