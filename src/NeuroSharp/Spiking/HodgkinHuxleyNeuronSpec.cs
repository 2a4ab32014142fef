namespace NeuroSharp.Spiking;

/// <summary>
/// A conductance-based point neuron with Hodgkin-Huxley ion channels: any list of channels, each a maximal conductance and a
/// reversal potential gated by a product of x^power terms, each gate with its own voltage-dependent kinetics (docs/spiking-hh.md).
/// The defaults are the Traub-Miles cell of Brette et al. 2007's COBAHH benchmark.
/// </summary>
/// <remarks>
/// <code>
/// C dv/dt = sum_k g_k prod_j x_kj^p_kj (E_k - v) + g_e (E_e - v) + g_i (E_i - v) + I
/// dx/dt = (inf(v) - x) / tau(v)     (per gate; an instantaneous gate is x = inf(v))
/// v crosses spikeThresholdMv upwards -&gt; spike (not tested for refractoryMs after it; v is never reset)
/// </code>
/// C in pF, conductances in nS, potentials in mV, currents in pA, t in ms, concentrations in mM. A channel may carry an ion whose
/// pool (<see cref="Concentrations"/>) its current feeds, and take its reversal from that pool (Nernst) or be a GHK current. Integrated by exponential Euler from the values at the
/// start of the step, as Brian2's COBAHH example does. Each gate starts at its steady state at <see cref="InitialMv"/>.
/// </remarks>
public sealed record HodgkinHuxleyNeuronSpec : NeuronModelSpec
{
    /// <summary>C, membrane capacitance in pF (200).</summary>
    public double CapacitancePf { get; init; } = 200;

    /// <summary>The ion channels (default: Traub-Miles, <see cref="TraubMilesChannels"/>).</summary>
    public IReadOnlyList<IonChannelSpec> Channels { get; init; } = TraubMilesChannels(-63);

    /// <summary>A spike is an upward crossing of this potential in mV (-20; NeuroML's spikeThresh).</summary>
    public double SpikeThresholdMv { get; init; } = -20;

    /// <summary>For this long after a spike in ms the threshold is not tested (0); v is never clamped or reset.</summary>
    public double RefractoryMs { get; init; }

    /// <summary>v at the start in mV (-65); every gate starts at its steady state at this v.</summary>
    public double InitialMv { get; init; } = -65;

    /// <summary>tau_e, decay of the excitatory conductance in ms (5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory conductance in ms (10).</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>tau_r of the excitatory conductance in ms (0: single exponential; tauExcMs: alpha).</summary>
    public double RiseExcMs { get; init; }

    /// <summary>tau_r of the inhibitory conductance in ms (0: single exponential; tauInhMs: alpha).</summary>
    public double RiseInhMs { get; init; }

    /// <summary>E_e, excitatory reversal potential in mV (0).</summary>
    public double ExcReversalMv { get; init; }

    /// <summary>E_i, inhibitory reversal potential in mV (-80).</summary>
    public double InhReversalMv { get; init; } = -80;

    /// <summary>
    /// The synaptic ports (none by default): given, they replace ge and gi, each a conductance of its own decay, rise, reversal and
    /// optional block, and each projection onto the cell names one by its <c>port</c> (1, 2, ...; docs/spiking-hh.md, "Synaptic ports").
    /// </summary>
    public IReadOnlyList<SynapticPortSpec> Ports { get; init; } = [];

    /// <summary>The ion concentration pools, one per ion (none: every channel has a fixed reversal; docs/spiking-hh.md).</summary>
    public IReadOnlyList<ConcentrationPoolSpec> Concentrations { get; init; } = [];

    /// <summary>T in degC (6.3), for the Nernst reversal and the GHK currents of channels that use their ion's pool.</summary>
    public double TemperatureCelsius { get; init; } = 6.3;

    /// <summary>
    /// When the temperature changes, in ms, ascending (none by default: it stays <see cref="TemperatureCelsius"/>): from the step that
    /// starts at <c>TemperatureChangesMs[k]</c> (rounded to the step grid) the temperature is <c>TemperatureChangesCelsius[k]</c>, and each
    /// gate's rates follow it by its <see cref="GateSpec.Q10"/> (docs/spiking-hh.md, "q10 and a changing temperature").
    /// </summary>
    public IReadOnlyList<double> TemperatureChangesMs { get; init; } = [];

    /// <summary>The temperature in degC from each of <see cref="TemperatureChangesMs"/> on (as long as it).</summary>
    public IReadOnlyList<double> TemperatureChangesCelsius { get; init; } = [];

    /// <summary>
    /// The cell at <paramref name="celsius"/>: its temperature set and each gate's rate factor multiplied by Q10^((T - TemperatureCelsius) / 10);
    /// no change in time (the schedule is left out).
    /// </summary>
    /// <param name="celsius">T in degC.</param>
    /// <returns>The cell at that temperature.</returns>
    public HodgkinHuxleyNeuronSpec AtTemperature(double celsius) => this with
    {
        TemperatureCelsius = celsius, TemperatureChangesMs = [], TemperatureChangesCelsius = [],
        Channels = [.. Channels.Select(c => c with { Gates = [.. c.Gates.Select(g => g with { RateFactor = g.RateFactorAt(celsius, TemperatureCelsius) })] })],
    };

    /// <summary>
    /// The cell's morphology (null: a point neuron): a tree of compartments coupled by the axial resistance, each with its own
    /// channel densities and capacitance (docs/spiking-multicompartment.md).
    /// </summary>
    public MorphologySpec? Morphology { get; init; }

    /// <summary>The number of gates over all channels.</summary>
    public int GateCount => Channels.Sum(c => c.Gates.Count);

    /// <summary>
    /// The names CHANNEL_i (current, pA, inward positive) and CHANNEL_g (conductance g prod x^p, nS; not for GHK channels) of the
    /// channels the monitors may record: every channel that is not folded into the passive leak (one with gates, of an ion with a
    /// pool, or not fixed); with a morphology every channel (none is folded; recorded per compartment as CHANNEL_i[COMPARTMENT]).
    /// </summary>
    /// <returns>The names, currents first.</returns>
    internal IEnumerable<string> ChannelCurrentNames()
    {
        foreach (var c in Channels.Where(c => Morphology is not null || !FoldsIntoLeak(c))) yield return c.Name + "_i";
        foreach (var c in Channels.Where(c => (Morphology is not null || !FoldsIntoLeak(c)) && c.Reversal != ReversalKind.Ghk)) yield return c.Name + "_g";
    }

    /// <summary>
    /// The names CHANNEL_GATE_STATE of the occupancy of each state of each kinetic-scheme gate (docs/spiking-hh.md, "Kinetic schemes"),
    /// in channel, gate and state order.
    /// </summary>
    /// <returns>The names.</returns>
    internal IEnumerable<string> OccupancyNames() =>
        Channels.SelectMany(c => c.Gates.Where(g => g.Kinetics == GateKinetics.KineticScheme && g.Scheme is not null)
            .SelectMany(g => g.Scheme!.States.Select(s => $"{c.Name}_{g.Name}_{s.Name}")));

    /// <summary>The recorded names a network file's "initial" may not set: each kinetic gate's CHANNEL_GATE (its open fraction) and its occupancies.</summary>
    /// <returns>The names.</returns>
    internal IEnumerable<string> KineticNames() =>
        Channels.SelectMany(c => c.Gates.Where(g => g.Kinetics == GateKinetics.KineticScheme).Select(g => $"{c.Name}_{g.Name}")).Concat(OccupancyNames());

    /// <summary>
    /// The names PORT_g (B(v) g_p, the conductance that acts on v, nS) and PORT_block (B(v), dimensionless) of each port with a block,
    /// recorded from the state after each step (docs/spiking-hh.md, "Synaptic ports").
    /// </summary>
    /// <returns>The names, port by port.</returns>
    internal IEnumerable<string> PortBlockNames() => SynapticPortSpec.BlockNames(Ports);

    /// <summary>The recorded variables computed from the state (channel currents and conductances, blocked ports' g and B): no initial values.</summary>
    /// <returns>The names.</returns>
    internal IEnumerable<string> ComputedNames() => ChannelCurrentNames().Concat(PortBlockNames())
        .Concat(Morphology is { } m ? m.Compartments.SelectMany(c => ChannelCurrentNames().Select(x => $"{x}[{c.Name}]")) : []);

    /// <summary>True for a channel the engine folds into the passive conductance (no gates, fixed E, no pool of its ion).</summary>
    /// <param name="c">One of <see cref="Channels"/>.</param>
    /// <returns>Whether it is folded.</returns>
    internal bool FoldsIntoLeak(IonChannelSpec c) =>
        c.Gates.Count == 0 && c.Reversal == ReversalKind.Fixed && (c.Ion is null || !Pools.Any(p => p.Ion == c.Ion));

    /// <summary>
    /// The cell's pools, one per ion: <see cref="Concentrations"/>, or for a multi-compartment cell the ions of its morphology's
    /// concentrations (the first entry of each ion; docs/spiking-multicompartment.md).
    /// </summary>
    internal IReadOnlyList<ConcentrationPoolSpec> Pools =>
        Concentrations is { Count: > 0 } || Morphology is not { Concentrations.Count: > 0 } ? Concentrations ?? [] : CompartmentPools.Ions(Morphology);

    /// <summary>
    /// What a multi-compartment cell's "initial" may set, as a refusal says it: v, the gates and, where the cell has pools, their
    /// concentrations, each plain or [COMPARTMENT] (docs/spiking-multicompartment.md, "Inputs, initial values and channel currents").
    /// </summary>
    internal string CompartmentInitialNames()
    {
        var pools = Pools.Select(p => p.VariableName).ToArray();
        return pools.Length == 0
            ? "a multi-compartment cell takes initial values of v and of its gates (v, v[COMPARTMENT], CHANNEL_GATE, CHANNEL_GATE[COMPARTMENT])"
            : $"a multi-compartment cell takes initial values of v, of its gates and of its pools' concentrations (v, v[COMPARTMENT], CHANNEL_GATE, CHANNEL_GATE[COMPARTMENT], {string.Join(", ", pools.Select(p => $"{p}, {p}[COMPARTMENT]"))})";
    }

    /// <summary>Value equality, the channels by their elements.</summary>
    /// <param name="other">The other spec.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(HodgkinHuxleyNeuronSpec? other) =>
        other is not null && CapacitancePf.Equals(other.CapacitancePf) && Channels.SequenceEqual(other.Channels)
        && SpikeThresholdMv.Equals(other.SpikeThresholdMv) && RefractoryMs.Equals(other.RefractoryMs) && InitialMv.Equals(other.InitialMv)
        && TauExcMs.Equals(other.TauExcMs) && TauInhMs.Equals(other.TauInhMs) && RiseExcMs.Equals(other.RiseExcMs) && RiseInhMs.Equals(other.RiseInhMs)
        && ExcReversalMv.Equals(other.ExcReversalMv) && InhReversalMv.Equals(other.InhReversalMv)
        && Concentrations.SequenceEqual(other.Concentrations) && TemperatureCelsius.Equals(other.TemperatureCelsius)
        && TemperatureChangesMs.SequenceEqual(other.TemperatureChangesMs) && TemperatureChangesCelsius.SequenceEqual(other.TemperatureChangesCelsius)
        && (Ports ?? []).SequenceEqual(other.Ports ?? []) && Equals(Morphology, other.Morphology);

    /// <summary>A hash of the scalar parameters and the channel count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(CapacitancePf, Channels.Count, SpikeThresholdMv, RefractoryMs, InitialMv, TauExcMs, TauInhMs, HashCode.Combine(ExcReversalMv, InhReversalMv));

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(HodgkinHuxleyNeuronSpec);
        SpecChecks.Positive(owner, nameof(CapacitancePf), CapacitancePf);
        if (Channels is null || Channels.Count == 0)
            throw new InvalidOptionException(owner, nameof(Channels), "lists no channels; give at least one (a leak)", Channels?.Count ?? 0);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < Channels.Count; c++)
        {
            if (Channels[c] is null) throw new InvalidOptionException(owner, $"{nameof(Channels)}[{c}]", "is required", null);
            Channels[c].Validate(owner, $"{nameof(Channels)}[{c}]");
            if (!names.Add(Channels[c].Name))
                throw new InvalidOptionException(owner, $"{nameof(Channels)}[{c}].{nameof(IonChannelSpec.Name)}", $"repeats channel '{Channels[c].Name}'", Channels[c].Name);
        }
        ValidateConcentrations(owner);
        var gateNames = new HashSet<string>(Channels.SelectMany(c => c.Gates.Select(g => $"{c.Name}_{g.Name}")), StringComparer.Ordinal);
        foreach (string occupancy in OccupancyNames())
        {
            if (gateNames.Contains(occupancy))
                throw new InvalidOptionException(owner, nameof(Channels), $"names the occupancy '{occupancy}' (CHANNEL_GATE_STATE of a kinetic scheme), which another gate already has", occupancy);
        }
        SpecChecks.Finite(owner, nameof(SpikeThresholdMv), SpikeThresholdMv);
        SpecChecks.NonNegative(owner, nameof(RefractoryMs), RefractoryMs);
        SpecChecks.Finite(owner, nameof(InitialMv), InitialMv);
        SpecChecks.SynapticChannels(owner, TauExcMs, TauInhMs, RiseExcMs, RiseInhMs);
        SpecChecks.Reversals(owner, ExcReversalMv, InhReversalMv);
        if (Ports is null) throw new InvalidOptionException(owner, nameof(Ports), "is required (empty for the ge and gi channels)", null);
        // A port is recorded by its name, so it may not be v, ge, gi, a gate's CHANNEL_GATE, a pool's, or a channel's current or conductance.
        var taken = new HashSet<string>(Channels.SelectMany(c => c.Gates.Select(g => $"{c.Name}_{g.Name}")).Concat(OccupancyNames()).Concat(["v", "ge", "gi"])
            .Concat((Concentrations ?? []).Where(p => p is not null).Select(p => p.VariableName)).Concat(Morphology is { Concentrations: not null } mp ? CompartmentPools.Ions(mp).Select(p => p.VariableName) : []).Concat(Channels.SelectMany(c => new[] { c.Name + "_i", c.Name + "_g" })), StringComparer.Ordinal);
        SynapticPortSpec.ValidateAll(owner, Ports, taken, "another port, v, ge, gi, a gate, a pool or a channel's current", "another port, a gate, a pool or a channel's current");
        if (Morphology is { } morphology)
        {
            morphology.Validate(owner, nameof(Morphology), Channels);
            CompartmentPools.Validate(morphology, owner, nameof(Morphology));
            if (Concentrations is { Count: > 0 })
                throw new InvalidOptionException(owner, nameof(Concentrations), "lists ion pools of the whole cell, but the cell has a morphology: put each pool on a group in morphology.concentrations (its area is each compartment's)", Concentrations.Count);
        }
    }

    private void ValidateConcentrations(string owner)
    {
        if (Concentrations is null) throw new InvalidOptionException(owner, nameof(Concentrations), "is required (empty for none)", null);
        var ions = new HashSet<string>(StringComparer.Ordinal);
        if (Morphology is { Concentrations.Count: > 0 } placed && Concentrations.Count == 0)
        {
            // A multi-compartment cell's pools are on its groups (docs/spiking-multicompartment.md, "Ion concentrations"; checked
            // with the morphology, below).
            foreach (var p in CompartmentPools.Ions(placed))
            {
                ions.Add(p.Ion);
                if (Channels.Any(c => c.Gates.Any(g => $"{c.Name}_{g.Name}" == p.VariableName)))
                    throw new InvalidOptionException(owner, $"{nameof(Morphology)}.{nameof(MorphologySpec.Concentrations)}", $"names the variable '{p.VariableName}', which a gate already has", p.Ion);
            }
        }
        for (int k = 0; k < Concentrations.Count; k++)
        {
            if (Concentrations[k] is null) throw new InvalidOptionException(owner, $"{nameof(Concentrations)}[{k}]", "is required", null);
            Concentrations[k].Validate(owner, $"{nameof(Concentrations)}[{k}]");
            if (!ions.Add(Concentrations[k].Ion))
                throw new InvalidOptionException(owner, $"{nameof(Concentrations)}[{k}].{nameof(ConcentrationPoolSpec.Ion)}", $"repeats ion '{Concentrations[k].Ion}'; a cell has one pool per ion", Concentrations[k].Ion);
            string variable = Concentrations[k].VariableName;
            if (Channels.Any(c => c.Gates.Any(g => $"{c.Name}_{g.Name}" == variable)))
                throw new InvalidOptionException(owner, $"{nameof(Concentrations)}[{k}].{nameof(ConcentrationPoolSpec.Ion)}", $"names the variable '{variable}', which a gate already has", Concentrations[k].Ion);
        }
        if (Concentrations.Count > MaxConcentrations)
            throw new InvalidOptionException(owner, nameof(Concentrations), $"lists {Concentrations.Count} pools; a cell has at most {MaxConcentrations}", Concentrations.Count);
        SpecChecks.InClosed(owner, nameof(TemperatureCelsius), TemperatureCelsius, -273.15 + 1e-9, 1000);
        if (TemperatureChangesCelsius.Count != TemperatureChangesMs.Count)
            throw new InvalidOptionException(owner, nameof(TemperatureChangesCelsius), $"must have one temperature per time of temperatureChangesMs ({TemperatureChangesMs.Count})", TemperatureChangesCelsius.Count);
        for (int k = 0; k < TemperatureChangesMs.Count; k++)
        {
            SpecChecks.NonNegative(owner, $"{nameof(TemperatureChangesMs)}[{k}]", TemperatureChangesMs[k]);
            if (k > 0 && !(TemperatureChangesMs[k] > TemperatureChangesMs[k - 1]))
                throw new InvalidOptionException(owner, $"{nameof(TemperatureChangesMs)}[{k}]", $"must be above the time before it ({InvalidOptionException.Format(TemperatureChangesMs[k - 1])}): the changes are in time order", TemperatureChangesMs[k]);
            SpecChecks.InClosed(owner, $"{nameof(TemperatureChangesCelsius)}[{k}]", TemperatureChangesCelsius[k], -273.15 + 1e-9, 1000);
        }
        if (TemperatureChangesMs.Count > 0 && Morphology is not null)
            throw new InvalidOptionException(owner, nameof(TemperatureChangesMs), "lists temperature changes for a cell with a morphology; a changing temperature is stepped for point cells only", TemperatureChangesMs.Count);
        for (int c = 0; c < Channels.Count; c++)
        {
            var channel = Channels[c];
            // caConc in an expression is the ca pool's concentration (docs/spiking-hh.md, "Expression functions"): a cell needs one.
            if (!ions.Contains("ca") && channel.Gates.FirstOrDefault(g => g.ReadsConcentration) is { } reading)
                throw new InvalidOptionException(owner, $"{nameof(Channels)}[{c}].Gates[{channel.Gates.ToList().IndexOf(reading)}]",
                    "reads caConc, but the cell has no concentrations entry of ion 'ca'; add a ca pool (one with no calcium channel and restingMm = initialMm holds caConc constant)", reading.Name);
            if (channel.Reversal != ReversalKind.Fixed && !ions.Contains(channel.Ion!))
                throw new InvalidOptionException(owner, $"{nameof(Channels)}[{c}].{nameof(IonChannelSpec.Ion)}",
                    $"is '{channel.Ion}', which no concentrations entry has; a {SpecPath.Camel(channel.Reversal.ToString())} channel takes its concentrations from its ion's pool", channel.Ion);
        }
    }

    /// <summary>The most concentration pools a cell may have.</summary>
    public const int MaxConcentrations = 4;

    /// <summary>
    /// The Traub-Miles channels of Brette et al. 2007's COBAHH benchmark (Brian2's COBAHH example), for an area of 20 000 um^2:
    /// leak 10 nS at -60 mV, Na 20 000 nS at 50 mV with m^3 h, K 6 000 nS at -90 mV with n^4.
    /// </summary>
    /// <param name="vtMv">V_T in mV (-63), the shift of every rate function.</param>
    /// <returns>The channels leak, na, k.</returns>
    public static IReadOnlyList<IonChannelSpec> TraubMilesChannels(double vtMv) =>
    [
        IonChannelSpec.Passive("leak", 10, -60),
        new IonChannelSpec("na", 20_000, 50,
        [
            // alpha_m = 0.32 (13 - v + VT) / (exp((13 - v + VT) / 4) - 1), beta_m = 0.28 (v - VT - 40) / (exp((v - VT - 40) / 5) - 1)
            GateSpec.FromRates("m", 3, new(VoltageFunctionForm.ExpLinear, 1.28, vtMv + 13, 4), new(VoltageFunctionForm.ExpLinear, 1.4, vtMv + 40, -5)),
            // alpha_h = 0.128 exp((17 - v + VT) / 18), beta_h = 4 / (1 + exp((40 - v + VT) / 5))
            GateSpec.FromRates("h", 1, new(VoltageFunctionForm.Exp, 0.128, vtMv + 17, -18), new(VoltageFunctionForm.Sigmoid, 4, vtMv + 40, 5)),
        ]),
        new IonChannelSpec("k", 6_000, -90,
        [
            // alpha_n = 0.032 (15 - v + VT) / (exp((15 - v + VT) / 5) - 1), beta_n = 0.5 exp((10 - v + VT) / 40)
            GateSpec.FromRates("n", 4, new(VoltageFunctionForm.ExpLinear, 0.16, vtMv + 15, 5), new(VoltageFunctionForm.Exp, 0.5, vtMv + 10, -40)),
        ]),
    ];

    /// <summary>
    /// Hodgkin and Huxley's squid giant axon (1952) at 6.3 degC in the modern convention (rest -65 mV) for a patch of 1 000 um^2
    /// (so 1 uA/cm^2 is 10 pA): C 1 uF/cm^2 = 10 pF; gNa 120, gK 36, gL 0.3 mS/cm^2 = 1 200, 360, 3 nS; ENa 50, EK -77,
    /// EL -54.387 mV. Its rates in mV and ms: alpha_m = 0.1 (v + 40) / (1 - exp(-(v + 40) / 10)), beta_m = 4 exp(-(v + 65) / 18),
    /// alpha_h = 0.07 exp(-(v + 65) / 20), beta_h = 1 / (1 + exp(-(v + 35) / 10)), alpha_n = 0.01 (v + 55) / (1 - exp(-(v + 55) / 10)),
    /// beta_n = 0.125 exp(-(v + 65) / 80).
    /// </summary>
    public static IReadOnlyList<IonChannelSpec> HodgkinHuxley1952Channels { get; } =
    [
        IonChannelSpec.Passive("leak", 3, -54.387),
        new IonChannelSpec("na", 1_200, 50,
        [
            GateSpec.FromRates("m", 3, new(VoltageFunctionForm.ExpLinear, 1, -40, 10), new(VoltageFunctionForm.Exp, 4, -65, -18)),
            GateSpec.FromRates("h", 1, new(VoltageFunctionForm.Exp, 0.07, -65, -20), new(VoltageFunctionForm.Sigmoid, 1, -35, 10)),
        ]),
        new IonChannelSpec("k", 360, -77,
        [
            GateSpec.FromRates("n", 4, new(VoltageFunctionForm.ExpLinear, 0.1, -55, 10), new(VoltageFunctionForm.Exp, 0.125, -65, -80)),
        ]),
    ];

    /// <summary>The COBAHH cell (the defaults): Traub-Miles channels, C 200 pF, threshold -20 mV, E_e 0, E_i -80 mV, tau_e 5, tau_i 10 ms.</summary>
    public static HodgkinHuxleyNeuronSpec TraubMiles { get; } = new();

    /// <summary>Hodgkin and Huxley 1952's squid axon, 1 000 um^2 (C 10 pF), starting at rest (-65 mV); threshold -20 mV.</summary>
    public static HodgkinHuxleyNeuronSpec HodgkinHuxley1952 { get; } = new()
    {
        CapacitancePf = 10, Channels = HodgkinHuxley1952Channels, InitialMv = -65,
    };

    /// <summary>File-format descriptor: name, presets, parameter table (with the channel list) and recordable variables (v, CHANNEL_GATE of each gate, ge and gi or each port by its name).</summary>
    public static NeuronModelDescriptor<HodgkinHuxleyNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<HodgkinHuxleyNeuronSpec>(
            NeuronModels.HodgkinHuxley, "Hodgkin-Huxley conductance-based point neuron with any ion channels (Traub-Miles for COBAHH, Hodgkin and Huxley 1952)")
        .Preset("traubMiles", TraubMiles).Preset("hodgkinHuxley1952", HodgkinHuxley1952)
        .Number("capacitancePf", "pF", "C, membrane capacitance", s => s.CapacitancePf, (s, v) => s with { CapacitancePf = v })
        .Channels(s => s.Channels, (s, v) => s with { Channels = v })
        .Concentrations(s => s.Concentrations, (s, v) => s with { Concentrations = v })
        .OptionalNumber("temperatureCelsius", "degC", "T, for the Nernst reversals and GHK currents of channels with a concentration pool, and the temperature at which each gate's rateFactor holds", s => s.TemperatureCelsius, (s, v) => s with { TemperatureCelsius = v })
        .OptionalNumbers("temperatureChangesMs", "ms", "when the temperature changes (ascending; optional): gates with a q10 follow it", s => s.TemperatureChangesMs, (s, v) => s with { TemperatureChangesMs = v })
        .OptionalNumbers("temperatureChangesCelsius", "degC", "the temperature from each of temperatureChangesMs on", s => s.TemperatureChangesCelsius, (s, v) => s with { TemperatureChangesCelsius = v })
        .Number("spikeThresholdMv", "mV", "a spike is an upward crossing of this potential", s => s.SpikeThresholdMv, (s, v) => s with { SpikeThresholdMv = v })
        .Number("refractoryMs", "ms", "the threshold is not tested for this long after a spike (v is never reset)", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .Number("initialMv", "mV", "v at the start; each gate starts at its steady state at that v", s => s.InitialMv, (s, v) => s with { InitialMv = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory conductance", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory conductance", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .OptionalNumber("riseExcMs", "ms", "tau_r, rise time of the excitatory conductance (0: single exponential; tauExcMs: alpha)", s => s.RiseExcMs, (s, v) => s with { RiseExcMs = v })
        .OptionalNumber("riseInhMs", "ms", "tau_r, rise time of the inhibitory conductance (0: single exponential; tauInhMs: alpha)", s => s.RiseInhMs, (s, v) => s with { RiseInhMs = v })
        .Number("excReversalMv", "mV", "E_e, excitatory reversal potential", s => s.ExcReversalMv, (s, v) => s with { ExcReversalMv = v })
        .Number("inhReversalMv", "mV", "E_i, inhibitory reversal potential", s => s.InhReversalMv, (s, v) => s with { InhReversalMv = v })
        .Ports(s => s.Ports, (s, v) => s with { Ports = v })
        .Morphology(s => s.Morphology, (s, v) => s with { Morphology = v })
        .Display(new VoltageRange(null, -80, null, 40))
        .Variables(s => ["v", .. s.Channels.SelectMany(c => c.Gates.Select(g => $"{c.Name}_{g.Name}")), .. s.OccupancyNames(), .. s.Pools.Select(p => p.VariableName), .. s.ChannelCurrentNames(), .. s.Ports.Count > 0 ? s.Ports.Select(p => p.Name) : ["ge", "gi"], .. s.PortBlockNames(),
            .. s.Morphology is { } m ? m.Compartments.SelectMany(c => s.Channels.SelectMany(k => k.Gates.Select(g => $"{k.Name}_{g.Name}")).Prepend("v").Concat(s.ChannelCurrentNames())
                .Concat(s.Pools.Select(p => p.VariableName)).Concat(s.Ports.Count > 0 ? s.Ports.Select(p => p.Name) : ["ge", "gi"]).Select(x => $"{x}[{c.Name}]")) : []]);
}
