using System.Globalization;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's abstract cells whose LEMS dynamics are ODEs (Cells.xml's fitzHughNagumoCell and fitzHughNagumo1969Cell, PyNN.xml's
/// HH_cond_exp), run on the engine's <c>equations</c> model with equations text generated from the cell's parameters, and PyNN's
/// integrate-and-fire cells and synapses (PyNN.xml), mapped onto the engine's lif, conductanceLif and adex where the equations
/// are the same (docs/neuroml.md, "Abstract and PyNN cells").
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>The LEMS variables that a LEMS OutputColumn may record for each population (filled when given; null: not wanted).</summary>
    private IDictionary<string, IReadOnlyDictionary<string, NeuroMlRecordable>>? _recordables;

    /// <summary>Reads one of the abstract or PyNN cells and synapses; false when <paramref name="name"/> is none of them.</summary>
    private bool ReadAbstract(XElement e, string id, string name)
    {
        switch (name)
        {
            case "fitzHughNagumoCell":
                _cells[id] = FitzHughNagumo(e, id);
                return true;
            case "fitzHughNagumo1969Cell":
                _cells[id] = FitzHughNagumo1969(e, id);
                return true;
            case "pinskyRinzelCA3Cell":
                _cells[id] = PinskyRinzel(e, id);
                return true;
            case "hindmarshRose1984Cell":
                _cells[id] = HindmarshRose(e, id);
                return true;
            case "IF_curr_alpha" or "IF_curr_exp" or "IF_cond_alpha" or "IF_cond_exp":
                _cells[id] = PyNnIaf(e, id, name);
                return true;
            case "EIF_cond_exp_isfa_ista" or "EIF_cond_alpha_isfa_ista":
                _cells[id] = PyNnEif(e, id, name);
                return true;
            case "HH_cond_exp":
                _cells[id] = PyNnHh(e, id);
                return true;
            case "expCondSynapse" or "alphaCondSynapse":
            {
                // g in uS (PyNN.xml: i = g (e_rev - v) nA): weight 1 is 1000 nS. exp: g' = -g / tau_syn, g += w; alpha: g' = (e A - g) / tau_syn,
                // A' = -A / tau_syn, A += w, so g = w (t / tau) exp(1 - t / tau), the engine's alpha channel (rise = decay).
                double tau = PlainPositive(e, "tau_syn");
                _synapses[id] = new NeuroMlSynapse(id, 1000, tau, name == "alphaCondSynapse" ? tau : 0, PlainNumber(e, "e_rev")) { DimensionlessG = true };
                return true;
            }
            case "expCurrSynapse" or "alphaCurrSynapse":
            {
                // I in nA: weight 1 is 1000 pA; exp decays with tau_syn, alpha peaks at w nA at t = tau_syn (as alphaCurrentSynapse).
                double tau = PlainPositive(e, "tau_syn");
                _synapses[id] = new NeuroMlSynapse(id, 1000, tau, name == "alphaCurrSynapse" ? tau : 0, double.PositiveInfinity) { CurrentBased = true };
                return true;
            }
            case "timedSynapticInput":
            {
                var times = new List<double>();
                foreach (var x in e.Elements())
                {
                    if (x.Name.LocalName is "notes" or "annotation" or "property") continue;
                    if (x.Name.LocalName != "spike") throw Fail(x, $"is <{x.Name.LocalName}> in timedSynapticInput '{id}', which holds <spike time=...> elements.");
                    times.Add(NonNegative(x, "time", NeuroMlDimension.Time));
                }
                times.Sort();
                _timedInputs[id] = (e, Text(e, "synapse"), times);
                return true;
            }
            case "spikeGeneratorRandom" or "spikeGeneratorRefPoisson":
                _cells[id] = RandomIntervals(e, id, name);
                return true;
            case "voltageClamp" or "voltageClampTriple":
                _clamps[id] = VoltageClamp(e, id, name);
                return true;
            case "SpikeSourcePoisson":
            {
                // PyNN.xml: a Poisson process of rate from start until start + duration (its first spike start - log(U) / rate, then
                // exponential intervals while below start + duration): the engine's poisson source with that window; a duration of
                // 10^9 ms or more (the exporter's for a source without stopMs) has no end.
                double start = NonNegative(e, "start", NeuroMlDimension.Time), duration = NonNegative(e, "duration", NeuroMlDimension.Time);
                double rate = Quantity(e, "rate", NeuroMlDimension.Frequency);
                if (rate < 0) throw Fail(e, $"@rate is {Show(rate)} Hz; a Poisson rate must be at least 0.");
                _cells[id] = new NeuroMlCell(id, name, new PoissonSourceSpec { RateHz = rate, StartMs = start, StopMs = duration >= EndlessMs ? null : start + duration }, 1, null);
                return true;
            }
            case "compoundInput" or "compoundInputDL":
                _compoundInputs[id] = CompoundInput(e, id, name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>timedSynapticInputs by id: the element, its synapse and its spike times in ms (sorted).</summary>
    private readonly Dictionary<string, (XElement Element, string SynapseId, List<double> TimesMs)> _timedInputs = new(StringComparer.Ordinal);

    /// <summary>
    /// timedSynapticInput (Inputs.xml): its spikes, each through its own instance of the synapse on each target, as a spikeArray's through
    /// a synapticConnection of delay 0. In the engine: a spikeTimes source population named "LIST_INPUT" (the inputList's or
    /// explicitInput's id, or "input" and its position, and the input's id) with one source per target, each spiking at the listed times
    /// placed as a spikeArray's, and a one-to-one projection onto the targets (weight x gbase in the target's units).
    /// </summary>
    private void TimedInputs(List<XElement> inputLists, Dictionary<string, Population> populations, double dt, List<PopulationSpec> sources, List<ProjectionSpec> projections)
    {
        for (int k = 0; k < inputLists.Count; k++)
        {
            var e = inputLists[k];
            var (target, component) = InputTarget(e, populations);
            if (!_timedInputs.TryGetValue(component, out var timed)) continue;
            var synapse = SynapseOf(e, timed.SynapseId);
            var targets = new List<int>();
            var weights = new List<double>();
            if (e.Name.LocalName == "explicitInput")
            {
                targets.Add(CellIndex(e, "target", target));
                weights.Add(1);
            }
            else
            {
                foreach (var c in e.Elements())
                {
                    if (c.Name.LocalName is not ("input" or "inputW")) continue;
                    targets.Add(CellIndex(c, "target", target));
                    weights.Add(c.Name.LocalName == "inputW" ? Quantity(c, "weight", NeuroMlDimension.None) : 1);
                }
            }
            if (weights.Exists(w => w < 0)) throw Fail(e, $"has an input of negative weight; NeuroSharp's weights are magnitudes (the synapse's erev gives the sign).");
            string name = $"{(string?)e.Attribute("id") ?? "input" + k.ToString(CultureInfo.InvariantCulture)}_{component}";
            if (populations.ContainsKey(name) || sources.Exists(p => p.Name == name))
                throw Fail(e, $"needs a source population '{name}' for timedSynapticInput '{component}', but the network already has a population of that name.");
            var indices = new List<int>();
            var times = new List<double>();
            foreach (double t in timed.TimesMs)
            {
                long step = Math.Max((long)Math.Ceiling(t / dt - 1e-9) - 1, 0);
                for (int i = 0; i < targets.Count; i++)
                {
                    indices.Add(i);
                    times.Add(step * dt);
                }
            }
            sources.Add(new PopulationSpec { Name = name, Count = targets.Count, Model = new SpikeTimesSourceSpec { Indices = indices, TimesMs = times } });
            var scaled = weights.Select(w => w * synapse.GbaseNs / target.Cell.LeakNs).ToList();
            bool one = scaled.TrueForAll(w => w == scaled[0]);
            projections.AddRange(PerPart(new ProjectionSpec
            {
                Name = name, Source = name, Target = target.Name, Receptor = ReceptorOf(target, synapse),
                Connectivity = new ExplicitConnectivity { Sources = [.. Enumerable.Range(0, targets.Count)], Targets = targets, Weights = one ? null : scaled },
                Weight = DistributionSpec.Constant(one ? scaled[0] : 1),
                DelayMs = DistributionSpec.Constant(0),
                ShortTermPlasticity = synapse.ShortTerm,
            }, synapse, target));
        }
    }

    /// <summary>compoundInput(DL)s by id: their child generators.</summary>
    private readonly Dictionary<string, List<NeuroMlPulse>> _compoundInputs = new(StringComparer.Ordinal);

    /// <summary>
    /// compoundInput (Inputs.xml): i = weight x the sum of its children's currents, each a pulseGenerator, rampGenerator or
    /// sineGenerator (compoundInputDL: their DL forms); the engine sums its current inputs, so each child is one input of the same
    /// targets and weight.
    /// </summary>
    private List<NeuroMlPulse> CompoundInput(XElement e, string id, string name)
    {
        bool dimensionless = name == "compoundInputDL";
        string[] allowed = dimensionless ? ["pulseGeneratorDL", "rampGeneratorDL", "sineGeneratorDL"] : ["pulseGenerator", "rampGenerator", "sineGenerator"];
        var parts = new List<NeuroMlPulse>();
        foreach (var x in e.Elements())
        {
            string child = x.Name.LocalName;
            if (child is "notes" or "annotation" or "property") continue;
            if (!allowed.Contains(child))
                throw Fail(x, $"is <{child}> in {name} '{id}'; NeuroSharp sums the currents of {string.Join(", ", allowed)} children.");
            string childId = (string?)x.Attribute("id") ?? id;
            parts.Add(child.StartsWith("pulse", StringComparison.Ordinal)
                ? new NeuroMlPulse(childId, NonNegative(x, "delay", NeuroMlDimension.Time), NonNegative(x, "duration", NeuroMlDimension.Time),
                    Quantity(x, "amplitude", dimensionless ? NeuroMlDimension.None : NeuroMlDimension.Current)) { Dimensionless = dimensionless, Element = child }
                : Generator(x, childId, child));
        }
        if (parts.Count == 0) throw Fail(e, $"has no child currents; a {name} sums pulse, ramp and sine generators.");
        return parts;
    }

    /// <summary>The currents of a pulse, ramp or sine generator or of a compoundInput; null when the id is none of them.</summary>
    private IReadOnlyList<NeuroMlPulse>? PulsesOf(string component) =>
        _pulses.TryGetValue(component, out var pulse) ? [pulse] : _compoundInputs.TryGetValue(component, out var parts) ? parts : null;

    /// <summary>
    /// fitzHughNagumoCell (Cells.xml): dV/dt = (V - V^3 / 3 - W + I) / SEC, dW/dt = 0.08 (V + 0.7 - 0.8 W) / SEC with SEC = 1 s,
    /// V and W dimensionless and starting at 0 (no OnStart), no spike. In ms: each derivative divided by 1000.
    /// </summary>
    private NeuroMlCell FitzHughNagumo(XElement e, string id)
    {
        var model = new EquationsNeuronSpec
        {
            Parameters = [new("Iext", PlainNumber(e, "I")), new("SEC", 1000)],
            Variables = [new("V", 0), new("W", 0)],
            Equations = ["dV/dt = (V - V ** 3 / 3 - W + Iext) / SEC", "dW/dt = 0.08 * (V + 0.7 - 0.8 * W) / SEC"],
            Threshold = "", Reset = [],
        };
        return new NeuroMlCell(id, "fitzHughNagumoCell", model, 1, null) { Recorded = Dimensionless("V", "W") };
    }

    /// <summary>
    /// fitzHughNagumo1969Cell (Cells.xml): F = V - V^3 / 3, dV/dt = (F - W + I) / TS, dW/dt = phi (V + a - b W) / TS with TS = 1 ms,
    /// V = V0 and W = W0 at the start, no spike.
    /// </summary>
    private NeuroMlCell FitzHughNagumo1969(XElement e, string id)
    {
        var model = new EquationsNeuronSpec
        {
            Parameters = [new("a", PlainNumber(e, "a")), new("b", PlainNumber(e, "b")), new("Iext", PlainNumber(e, "I")), new("phi", PlainNumber(e, "phi"))],
            Variables = [new("V", PlainNumber(e, "V0")), new("W", PlainNumber(e, "W0"))],
            Equations = ["F = V - V ** 3 / 3", "dV/dt = F - W + Iext", "dW/dt = phi * (V + a - b * W)"],
            Threshold = "", Reset = [],
        };
        return new NeuroMlCell(id, "fitzHughNagumo1969Cell", model, 1, null) { Recorded = Dimensionless("V", "W", "F") };
    }

    /// <summary>
    /// pinskyRinzelCA3Cell (Cells.xml; Pinsky and Rinzel 1994): soma Vs and dendrite Vd coupled by gc, in mV, ms, mS/cm^2, uA/cm^2 and
    /// uF/cm^2 (so that each derivative is in mV/ms), the gates hs, ns, sd, cd, qd and the calcium Cad, forward Euler as jLEMS. Its
    /// synaptic states Si and Wi are never raised (the type has no event that raises them) and start at 0, so Iampa = Inmda = 0 and they
    /// are left out. Vs = Vd = eL and qd = qd0 at the start, the rest 0. No spike condition, no inputs.
    /// </summary>
    private NeuroMlCell PinskyRinzel(XElement e, string id)
    {
        double G(string a) => Quantity(e, a, NeuroMlDimension.ConductanceDensity) / 10; // S/m^2 to mS/cm^2
        double pp = PlainNumber(e, "pp");
        if (!(pp > 0 && pp < 1)) throw Fail(e, $"@pp is {Show(pp)}; the soma's fraction of the area must lie between 0 and 1.");
        double eL = Quantity(e, "eL", NeuroMlDimension.Voltage);
        var model = new EquationsNeuronSpec
        {
            Parameters =
            [
                new("iSoma", CurrentDensity(e, "iSoma")), new("iDend", CurrentDensity(e, "iDend")),
                new("gLs", G("gLs")), new("gLd", G("gLd")), new("gNa", G("gNa")), new("gKdr", G("gKdr")), new("gCa", G("gCa")),
                new("gKahp", G("gKahp")), new("gKC", G("gKC")), new("gc", G("gc")),
                new("eNa", Quantity(e, "eNa", NeuroMlDimension.Voltage)), new("eCa", Quantity(e, "eCa", NeuroMlDimension.Voltage)),
                new("eK", Quantity(e, "eK", NeuroMlDimension.Voltage)), new("eL", eL), new("pp", pp),
                new("cm", Positive(e, "cm", NeuroMlDimension.SpecificCapacitance) * 100), // F/m^2 to uF/cm^2
                new("betaqd", 0.001),
            ],
            Variables =
            [
                new("Vs", eL), new("Vd", eL), new("Cad", 0), new("hs", 0), new("ns", 0), new("sd", 0), new("cd", 0), new("qd", PlainNumber(e, "qd0")),
            ],
            Equations =
            [
                "ICad = gCa * sd * sd * (Vd - eCa)",
                "alphams = 0.32 * (-46.9 - Vs) / (exp((-46.9 - Vs) / 4.0) - 1.0)",
                "betams = 0.28 * (Vs + 19.9) / (exp((Vs + 19.9) / 5.0) - 1.0)",
                "Minfs = alphams / (alphams + betams)",
                "alphans = 0.016 * (-24.9 - Vs) / (exp((-24.9 - Vs) / 5.0) - 1.0)",
                "betans = 0.25 * exp(-1.0 - 0.025 * Vs)",
                "alphahs = 0.128 * exp((-43.0 - Vs) / 18.0)",
                "betahs = 4.0 / (1.0 + exp((-20.0 - Vs) / 5.0))",
                "alphasd = 1.6 / (1.0 + exp(-0.072 * (Vd - 5.0)))",
                "betasd = 0.02 * (Vd + 8.9) / (exp((Vd + 8.9) / 5.0) - 1.0)",
                "alphaqd = min(0.00002 * Cad, 0.01)",
                "chid = min(Cad / 250, 1)",
                "alphacd = (Vd < -10) * exp((Vd + 50.0) / 11 - (Vd + 53.5) / 27) / 18.975 + (Vd >= -10) * 2.0 * exp((-53.5 - Vd) / 27.0)",
                "betacd = (Vd < -10) * (2.0 * exp((-53.5 - Vd) / 27.0) - alphacd)",
                "dVs/dt = (-gLs * (Vs - eL) - gNa * (Minfs ** 2) * hs * (Vs - eNa) - gKdr * ns * (Vs - eK) + (gc / pp) * (Vd - Vs) + iSoma / pp) / cm",
                "dVd/dt = (iDend / (1.0 - pp) - gLd * (Vd - eL) - ICad - gKahp * qd * (Vd - eK) - gKC * cd * chid * (Vd - eK) + (gc * (Vs - Vd)) / (1.0 - pp)) / cm",
                "dCad/dt = -0.13 * ICad - 0.075 * Cad",
                "dhs/dt = alphahs - (alphahs + betahs) * hs",
                "dns/dt = alphans - (alphans + betans) * ns",
                "dsd/dt = alphasd - (alphasd + betasd) * sd",
                "dcd/dt = alphacd - (alphacd + betacd) * cd",
                "dqd/dt = alphaqd - (alphaqd + betaqd) * qd",
            ],
            Threshold = "", Reset = [],
        };
        var recorded = new Dictionary<string, NeuroMlRecordable>(StringComparer.Ordinal)
        {
            ["v"] = new("Vs", 1e-3), ["Vs"] = new("Vs", 1e-3), ["Vd"] = new("Vd", 1e-3),
            ["Cad"] = new("Cad", 1), ["hs"] = new("hs", 1), ["ns"] = new("ns", 1), ["sd"] = new("sd", 1), ["cd"] = new("cd", 1), ["qd"] = new("qd", 1),
        };
        return new NeuroMlCell(id, "pinskyRinzelCA3Cell", model, 1, null) { Recorded = recorded };
    }

    /// <summary>
    /// hindmarshRose1984Cell (Cells.xml; Hindmarsh and Rose 1984), in mV, ms, pF and pA: x = v / v_scaling, phi = y - a x^3 + b x^2,
    /// chi = c - d x^2 - y, rho = s (x - x1) - z; dv/dt = v_scaling (phi - z) / 1 ms + iSyn / C, dy/dt = chi / 1 ms, dz/dt = r rho / 1 ms;
    /// v = x0 v_scaling, y = y0, z = z0 at the start; forward Euler as jLEMS. A spike when v &gt; 0 with spiking &lt; 0.5 (then spiking = 1);
    /// spiking returns to 0 where v &lt; 0: here dspiking/dt = -(v &lt; 0) spiking / dt, whose Euler step zeroes it in the step after v is
    /// below 0 (jLEMS zeroes it in that step; the two differ only when v is below 0 for a single step between two spikes). Current inputs
    /// (pA) only, as <c>I</c>.
    /// </summary>
    private NeuroMlCell HindmarshRose(XElement e, string id)
    {
        double scaling = Quantity(e, "v_scaling", NeuroMlDimension.Voltage);
        if (!(scaling > 0)) throw Fail(e, $"@v_scaling is '{(string?)e.Attribute("v_scaling")}'; it must be above 0 mV (v = x v_scaling).");
        string[] names = ["a", "b", "c", "d", "r", "s", "x1"];
        var parameters = names.Select(n => new KeyValuePair<string, double>(n, PlainNumber(e, n))).ToList();
        parameters.Add(new("vs", scaling));
        parameters.Add(new("Cm", Positive(e, "C", NeuroMlDimension.Capacitance)));
        var model = new EquationsNeuronSpec
        {
            Parameters = parameters,
            Variables = [new("v", PlainNumber(e, "x0") * scaling), new("y", PlainNumber(e, "y0")), new("z", PlainNumber(e, "z0")), new("spiking", 0)],
            Equations =
            [
                "x = v / vs",
                "phi = y - a * x ** 3 + b * x ** 2",
                "chi = c - d * x ** 2 - y",
                "rho = s * (x - x1) - z",
                "dv/dt = vs * (phi - z) + I / Cm",
                "dy/dt = chi",
                "dz/dt = r * rho",
                "dspiking/dt = -(v < 0) * spiking / dt",
            ],
            Threshold = "v > 0 and spiking < 0.5", Reset = ["spiking = 1"],
        };
        var recorded = Dimensionless("x", "y", "z", "phi", "chi", "rho", "spiking");
        recorded["v"] = new("v", 1e-3);
        return new NeuroMlCell(id, "hindmarshRose1984Cell", model, 1, null)
        {
            Recorded = recorded,
            SynapseRefusal = "NeuroSharp runs hindmarshRose1984Cell as equations of x, y and z with current inputs only (pulse and ramp generators), not synapses",
        };
    }

    /// <summary>A current density in uA/cm^2 (uA_per_cm2, mA_per_cm2, A_per_m2).</summary>
    private double CurrentDensity(XElement e, string attribute)
    {
        string text = Text(e, attribute).Trim();
        foreach (var (unit, factor) in new[] { ("uA_per_cm2", 1.0), ("mA_per_cm2", 1000.0), ("A_per_m2", 100.0) })
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text[..^unit.Length].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                return v * factor;
        }
        throw Fail(e, $"@{attribute} is '{text}', not a current density (units: uA_per_cm2, mA_per_cm2, A_per_m2).");
    }

    private static Dictionary<string, NeuroMlRecordable> Dimensionless(params string[] names) =>
        names.ToDictionary(n => n, n => new NeuroMlRecordable(n, 1), StringComparer.Ordinal);

    /// <summary>
    /// IF_curr_alpha, IF_curr_exp, IF_cond_alpha, IF_cond_exp (PyNN.xml) share one membrane, in mV, ms, nF and nA:
    /// dv/dt = i_offset / cm + (v_rest - v) / tau_m + iSyn / cm; v &gt; v_thresh -&gt; spike, v = v_reset held for tau_refrac;
    /// v starts at v_init. That is iafRefCell's membrane with C = cm, g_L = cm / tau_m (1000 cm / tau_m nS), the engine's
    /// conductanceLif (or, under current synapses, lif) with i_offset a constant current. Which synapses reach it is the file's
    /// choice (the cell's name and tau_syn_E, tau_syn_I do not enter its LEMS dynamics).
    /// </summary>
    private NeuroMlCell PyNnIaf(XElement e, string id, string name)
    {
        double cm = PlainPositive(e, "cm"), tauM = PlainPositive(e, "tau_m");
        double rest = PlainNumber(e, "v_rest"), reset = PlainNumber(e, "v_reset"), thresh = PlainNumber(e, "v_thresh");
        if (!(reset < thresh)) throw Fail(e, $"has v_reset {Show(reset)} mV, not below v_thresh {Show(thresh)} mV; the cell would fire on every step.");
        double refract = PlainNumber(e, "tau_refrac");
        if (refract < 0) throw Fail(e, $"@tau_refrac is {Show(refract)} ms; it must be at least 0.");
        var model = new ConductanceLifNeuronSpec { TauMs = tauM, RestMv = rest, ResetMv = reset, ThresholdMv = thresh, RefractoryMs = refract };
        double v0 = PlainNumber(e, "v_init");
        return new NeuroMlCell(id, name, model, 1000 * cm / tauM, v0 == rest ? null : v0) { OffsetPa = 1000 * PlainNumber(e, "i_offset") };
    }

    /// <summary>
    /// EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista (PyNN.xml): Brette and Gerstner's AdEx in mV, ms, nF, nA and uS,
    /// cm dv/dt = cm (v_rest - v + delta_T exp((v - v_thresh) / delta_T)) / tau_m + i_offset - w + iSyn,
    /// tau_w dw/dt = a (v - v_rest) - w; v &gt; v_spike -&gt; spike, v = v_reset (held for tau_refrac), w += b. The engine's adex with
    /// C = 1000 cm pF, g_L = 1000 cm / tau_m nS, a in nS and b, w in pA (x 1000). With delta_T = 0 PyNN.xml's delta_I is 0 and its
    /// eif_threshold is v_thresh: the engine's adex with slopeMv 0 (no exponential term, a spike where v exceeds v_thresh).
    /// </summary>
    private NeuroMlCell PyNnEif(XElement e, string id, string name)
    {
        double cm = PlainPositive(e, "cm"), tauM = PlainPositive(e, "tau_m");
        double deltaT = PlainNumber(e, "delta_T");
        if (deltaT < 0)
            throw Fail(e, $"has delta_T {Show(deltaT)} mV; PyNN.xml's delta_I is defined for delta_T > 0 (the exponential) and delta_T = 0 (none), not below 0.");
        double refract = PlainNumber(e, "tau_refrac");
        if (refract < 0) throw Fail(e, $"@tau_refrac is {Show(refract)} ms; it must be at least 0.");
        var model = new AdExNeuronSpec
        {
            CapacitancePf = 1000 * cm, LeakNs = 1000 * cm / tauM, RestMv = PlainNumber(e, "v_rest"), ThresholdMv = PlainNumber(e, "v_thresh"),
            SlopeMv = deltaT, PeakMv = PlainNumber(e, "v_spike"), ResetMv = PlainNumber(e, "v_reset"), AdaptationNs = 1000 * PlainNumber(e, "a"),
            SpikeAdaptationPa = 1000 * PlainNumber(e, "b"), TauWMs = PlainPositive(e, "tau_w"), RefractoryMs = refract,
        };
        double v0 = PlainNumber(e, "v_init");
        return new NeuroMlCell(id, name, model, 1, v0 == model.RestMv ? null : v0)
        {
            OffsetPa = 1000 * PlainNumber(e, "i_offset"),
            // LEMS's w is dimensionless (its number is nA); the engine's is in pA.
            Recorded = new Dictionary<string, NeuroMlRecordable>(StringComparer.Ordinal) { ["v"] = new("v", 1e-3), ["w"] = new("w", 1e-3) },
            SynapseRefusal = "the engine's AdEx takes current-based synaptic input, so NeuroSharp does not put PyNN's conductance synapses on an EIF_cond cell",
        };
    }

    /// <summary>
    /// HH_cond_exp (PyNN.xml; Traub's rates as PyNN's Brian backend writes them), in mV, ms, nF, uS and nA, stepped by forward Euler as
    /// jLEMS steps it. m, h and n start at 0 (the type has no OnStart for them) and v at v_init; it has no spike condition, so it never
    /// spikes. An input current I (pA) enters as I / 1000 nA.
    /// </summary>
    private NeuroMlCell PyNnHh(XElement e, string id)
    {
        string[] names = ["cm", "gbar_K", "gbar_Na", "g_leak", "e_rev_K", "e_rev_Na", "e_rev_leak", "v_offset", "i_offset"];
        var parameters = names.Select(n => new KeyValuePair<string, double>(n, n == "cm" ? PlainPositive(e, n) : PlainNumber(e, n))).ToList();
        var model = new EquationsNeuronSpec
        {
            Parameters = parameters,
            Variables = [new("v", PlainNumber(e, "v_init")), new("m", 0), new("h", 0), new("n", 0)],
            Equations =
            [
                "iLeak = g_leak * (e_rev_leak - v)",
                "iNa = gbar_Na * (m * m * m) * h * (e_rev_Na - v)",
                "iK = gbar_K * (n * n * n * n) * (e_rev_K - v)",
                "alpham = 0.32 * (13 - v + v_offset) / (exp((13 - v + v_offset) / 4.0) - 1)",
                "betam = 0.28 * (v - v_offset - 40) / (exp((v - v_offset - 40) / 5.0) - 1)",
                "alphah = 0.128 * exp((17 - v + v_offset) / 18.0)",
                "betah = 4.0 / (1 + exp((40 - v + v_offset) / 5))",
                "alphan = 0.032 * (15 - v + v_offset) / (exp((15 - v + v_offset) / 5) - 1)",
                "betan = 0.5 * exp((10 - v + v_offset) / 40)",
                "dv/dt = (iLeak + iNa + iK + i_offset + I) / cm",
                "dm/dt = alpham * (1 - m) - betam * m",
                "dh/dt = alphah * (1 - h) - betah * h",
                "dn/dt = alphan * (1 - n) - betan * n",
            ],
            Threshold = "", Reset = [],
        };
        return new NeuroMlCell(id, "HH_cond_exp", model, 1000, null)
        {
            Recorded = new Dictionary<string, NeuroMlRecordable>(StringComparer.Ordinal)
            {
                ["v"] = new("v", 1e-3), ["m"] = new("m", 1), ["h"] = new("h", 1), ["n"] = new("n", 1),
            },
            SynapseRefusal = "NeuroSharp runs HH_cond_exp as equations of its membrane and gates with current inputs only (pulse and ramp generators), not synapses",
        };
    }

    /// <summary>A PyNN parameter: a plain number (PyNN.xml gives them dimension none, in mV, ms, nF, nA or uS by convention).</summary>
    private double PlainNumber(XElement e, string attribute)
    {
        string text = Text(e, attribute);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw Fail(e, $"@{attribute} is '{text}', not a plain number (PyNN's and the abstract cells' parameters are dimensionless numbers).");
    }

    private double PlainPositive(XElement e, string attribute)
    {
        double v = PlainNumber(e, attribute);
        return v > 0 ? v : throw Fail(e, $"@{attribute} is {Show(v)}; it must be above 0.");
    }

    /// <summary>The constant currents of PyNN cells (i_offset), one input per population that has one.</summary>
    private static IEnumerable<InputSpec> Offsets(IEnumerable<(string Name, NeuroMlCell Cell)> populations) =>
        populations.Where(p => p.Cell.OffsetPa != 0)
            .Select(p => (InputSpec)new CurrentInputSpec { Target = p.Name, Amplitude = p.Cell.OffsetPa / p.Cell.LeakNs });

    /// <summary>
    /// c302's iafActivityCell (cell_B.xml), when its LEMS type has exactly that activity trace: target = (v - reset) / (thresh - reset),
    /// d activity/dt = (target - activity) / tau1 (or the same with target written out), and, where the type says so, activity set to 0
    /// when it falls below 0. It does not act on v, so its OutputColumn
    /// is computed from the simulated v (<see cref="LemsOutputs"/>); null for any other extension of iafCell.
    /// </summary>
    private Dictionary<string, NeuroMlRecordable>? ActivityOf(XElement e, ConductanceLifNeuronSpec model)
    {
        if ((string?)e.Attribute("type") is not { } type || !_componentTypes.TryGetValue(type, out var ct)) return null;
        var dynamics = ct.Elements().FirstOrDefault(x => x.Name.LocalName == "Dynamics");
        if (dynamics is null) return null;
        string? Value(string element, string attribute, string variable) => dynamics.Descendants()
            .FirstOrDefault(x => x.Name.LocalName == element && (string?)x.Attribute(attribute) == variable) is { } d ? Squash((string?)d.Attribute("value")) : null;
        string? derivative = Value("TimeDerivative", "variable", "activity");
        bool activity = derivative == "((v-reset)/(thresh-reset)-activity)/tau1"
            || (derivative == "(target-activity)/tau1" && Value("DerivedVariable", "name", "target") == "(v-reset)/(thresh-reset)");
        bool clipped = dynamics.Descendants().Any(x => x.Name.LocalName == "OnCondition" && Squash((string?)x.Attribute("test")) == "activity.lt.0"
            && x.Elements().Any(a => a.Name.LocalName == "StateAssignment" && (string?)a.Attribute("variable") == "activity" && Squash((string?)a.Attribute("value")) == "0"));
        if (!activity) return null;
        double tau1 = Positive(e, "tau1");
        return new Dictionary<string, NeuroMlRecordable>(StringComparer.Ordinal)
        {
            ["v"] = new("v", 1e-3),
            ["activity"] = new("v", 1, new LemsActivity(tau1, model.ResetMv, model.ThresholdMv) { ClipsAtZero = clipped }),
        };
    }
}
