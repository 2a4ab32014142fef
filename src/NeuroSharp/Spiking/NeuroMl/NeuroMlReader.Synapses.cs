using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's synapses beyond expOne/expTwo/alpha (Synapses.xml): alphaCurrentSynapse (current-based: its cell becomes the engine's
/// current-based <c>lif</c>), blockingPlasticSynapse without block (an expTwoSynapse; its Tsodyks-Markram mechanism
/// becomes its projections' short-term plasticity), silentSynapse (delivers
/// nothing), and LEMS-style <c>synapticConnection(WD)</c> in a network.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>Reads one of the synapse elements of this file; false when <paramref name="name"/> is none of them.</summary>
    private bool ReadSynapse(XElement e, string id, string name)
    {
        switch (name)
        {
            case "alphaCurrentSynapse":
                // I' = (e J - I) / tau, J' = -J / tau, a spike adds w ibase to J: I = w ibase (t / tau) exp(1 - t / tau), peak w ibase at
                // t = tau, the engine's alpha (rise = decay = tau, peak = weight). Its sign picks the channel: kept as an infinite erev.
                double ibase = Quantity(e, "ibase", NeuroMlDimension.Current);
                double tau = Positive(e, "tau");
                _synapses[id] = new NeuroMlSynapse(id, Math.Abs(ibase), tau, tau, ibase >= 0 ? double.PositiveInfinity : double.NegativeInfinity) { CurrentBased = true };
                return true;
            case "blockingPlasticSynapse":
                ShortTermPlasticitySpec? stp = null;
                MagnesiumBlockSpec? block = null;
                string? blockId = null;
                foreach (var x in e.Elements())
                {
                    if (x.Name.LocalName is "notes" or "annotation" or "property") continue;
                    if (x.Name.LocalName == "voltageConcDepBlockMechanism" || x.Name.LocalName == "blockMechanism" && (string?)x.Attribute("type") == "voltageConcDepBlockMechanism")
                    {
                        if (block is not null)
                            throw Fail(x, $"is a second block mechanism of blockingPlasticSynapse '{id}', whose factors NeuroML multiplies; NeuroSharp's synaptic ports take one.");
                        block = VoltageConcentrationBlock(x);
                        blockId = (string?)x.Attribute("id");
                        continue;
                    }
                    if (PlasticityKind(x) is { } kind)
                    {
                        if (stp is not null)
                            throw Fail(x, $"is a second plasticity mechanism of blockingPlasticSynapse '{id}', whose factors NeuroML multiplies; NeuroSharp's projections take one Tsodyks-Markram mechanism.");
                        stp = TsodyksMarkram(x, kind);
                        continue;
                    }
                    string what = x.Name.LocalName.Contains("lock", StringComparison.Ordinal) || (string?)x.Attribute("type") is { } t && t.Contains("Block", StringComparison.Ordinal)
                        ? "a block of its conductance (such as NMDA's voltage-dependent magnesium block)" : "a plasticity mechanism";
                    throw Fail(x, $"is {what} of blockingPlasticSynapse '{id}', which NeuroSharp does not simulate; a blockingPlasticSynapse is read as the expTwoSynapse it extends, with a voltageConcDepBlockMechanism as its port's block (on cells mapped to hh or conductanceLif) and a tsodyksMarkramDepMechanism or tsodyksMarkramDepFacMechanism as its projections' short-term plasticity.");
                }
                double decay = Positive(e, "tauDecay");
                double rise = Quantity(e, "tauRise", NeuroMlDimension.Time);
                if (rise < 0 || rise > decay)
                    throw Fail(e, $"has tauRise {Show(rise)} ms; NeuroSharp's channels need 0 <= tauRise <= tauDecay ({Show(decay)} ms).");
                _synapses[id] = new NeuroMlSynapse(id, Quantity(e, "gbase", NeuroMlDimension.Conductance), decay, rise, Quantity(e, "erev", NeuroMlDimension.Voltage)) { ShortTerm = stp, Block = block, BlockId = blockId };
                return true;
            case "stdpSynapse":
                // Synapses.xml's stdpSynapse ("NOTE: EXAMPLE NOT YET WORKING") sets M and P to 1 and never changes them, resets tsince at a
                // presynaptic spike and reads it nowhere, and has no weight: its dynamics are an expTwoSynapse's, with no learning rule at all.
                throw Fail(e, "is an stdpSynapse, whose LEMS definition (NeuroML2CoreTypes/Synapses.xml, marked 'not yet working') changes no weight: M and P stay 1 and tsince is read by nothing, so it matches none of NeuroSharp's STDP rules (which change w by traces of pre- and postsynaptic spikes); write it as the expTwoSynapse its dynamics are, or give the network file's projection an stdp rule.");
            case "silentSynapse":
                // No current at all (Synapses.xml: i = 0): like a synapse of gbase 0, its connections stay and deliver nothing.
                _synapses[id] = new NeuroMlSynapse(id, 0, 1, 0, 0) { Silent = true };
                return true;
            case "expThreeSynapse":
                _synapses[id] = ExpThreeSynapse(e, id);
                return true;
            case "doubleSynapse":
                _synapses[id] = DoubleSynapse(e, id);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// voltageConcDepBlockMechanism (Synapses.xml: blockFactor = 1/(1 + (blockConcentration / scalingConc) * exp(-1 * (v / scalingVolt))))
    /// as a port's block, docs/spiking-hh.md.
    /// </summary>
    private MagnesiumBlockSpec VoltageConcentrationBlock(XElement x)
    {
        double c = Quantity(x, "blockConcentration", NeuroMlDimension.Concentration);
        if (c < 0) throw Fail(x, $"@blockConcentration is {Show(c)} mM; a concentration cannot be negative.");
        double scale = Quantity(x, "scalingVolt", NeuroMlDimension.Voltage);
        if (scale == 0) throw Fail(x, "@scalingVolt is 0; the block divides v by it.");
        return new MagnesiumBlockSpec(c, Positive(x, "scalingConc", NeuroMlDimension.Concentration), scale);
    }

    /// <summary>tsodyksMarkramDepMechanism or tsodyksMarkramDepFacMechanism, as its own element (LEMS) or as plasticityMechanism's type (NeuroML); else null.</summary>
    private static string? PlasticityKind(XElement x)
    {
        string name = x.Name.LocalName == "plasticityMechanism" ? (string?)x.Attribute("type") ?? "" : x.Name.LocalName;
        return name is "tsodyksMarkramDepMechanism" or "tsodyksMarkramDepFacMechanism" ? name : null;
    }

    /// <summary>
    /// NeuroML's Tsodyks-Markram mechanisms as the engine's short-term plasticity (docs/spiking-short-term-plasticity.md). Synapses.xml:
    /// R relaxes to 1 with tauRec, U to initReleaseProb with tauFac (DepFac; Dep keeps U = initReleaseProb); a spike adds
    /// weight R U to the conductance, then R *= 1 - U and U += initReleaseProb (1 - U). The engine's u relaxes to 0 and is raised
    /// (u += U (1 - u)) before it releases r = u x: its u just after a spike obeys u' = U + (1 - U) u e^(-dt / tau_fac), the same
    /// recursion as NeuroML's U just before one (both start at U), and x = R. So U = initReleaseProb, tau_rec = tauRec, tau_fac = tauFac
    /// (0 for Dep) give the same release at every spike.
    /// </summary>
    private ShortTermPlasticitySpec TsodyksMarkram(XElement x, string kind)
    {
        double u = Quantity(x, "initReleaseProb", NeuroMlDimension.None);
        if (!(u > 0 && u <= 1))
            throw Fail(x, $"@initReleaseProb is {Show(u)}; NeuroSharp's short-term plasticity needs a release probability in (0, 1].");
        double tauFac = kind == "tsodyksMarkramDepFacMechanism" ? Positive(x, "tauFac") : 0;
        return new ShortTermPlasticitySpec { U = u, TauRecMs = Positive(x, "tauRec"), TauFacMs = tauFac };
    }

    /// <summary>A port's name from its synapse's id: the id where it is a NeuroSharp name (letters, digits, _), else those characters of it; unique in the cell.</summary>
    private static string PortName(string id, HashSet<string> taken)
    {
        string name = new([.. id.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "syn" + name;
        string unique = name;
        for (int k = 2; !taken.Add(unique); k++) unique = $"{name}{k}";
        return unique;
    }

    /// <summary>
    /// A cell's synaptic ports, one per kind of synapse it receives (hh and conductanceLif alike), named as <paramref name="given"/>
    /// (the exporter's neurosharp:ports) names them, else after the synapses.
    /// </summary>
    private static List<SynapticPortSpec> PortsOf(List<NeuroMlSynapse> kinds, IEnumerable<string> cellNames, Dictionary<string, string> given)
    {
        var names = new HashSet<string>(cellNames, StringComparer.Ordinal);
        return [.. kinds.Select(s =>
        {
            string name = given.TryGetValue(s.Id, out var n) && names.Add(n) ? n : PortName(s.Id, names);
            return s.CurrentBased
                ? new SynapticPortSpec(name, s.TauMs, 0) { RiseMs = s.RiseMs, Current = true }
                : new SynapticPortSpec(name, s.TauMs, s.ErevMv) { RiseMs = s.RiseMs, Block = s.Block };
        })];
    }

    /// <summary>
    /// An iaf-mapped cell (iafCell, iafRefCell, PyNN's IF cells) reached by current-based and conductance synapses: one synaptic port per
    /// kind, the current-based kinds as current ports (i = w ibase, in the cell's leak units as its pulses), the others conductance
    /// ports. Hyperpolarising current synapses (negative ibase) are refused: a port adds its weight, and weights are magnitudes.
    /// </summary>
    private void MixedPorts(Population p)
    {
        if (p.Used.Find(u => u.CurrentBased && double.IsNegativeInfinity(u.ErevMv)) is { } negative)
            throw Fail(p.Element, $"receives the hyperpolarising current-based synapse '{negative.Id}' (negative ibase) beside conductance synapses; NeuroSharp runs such a population with a current port per current-based kind, which adds its (positive) weight, so only depolarising current synapses can join conductance ones.");
        p.Ports = [.. p.Used];
    }

    /// <summary>A current-based synapse reaches only iafCell and iafRefCell, which then become the engine's current-based lif.</summary>
    private void CheckCurrentSynapseTarget(Population target, NeuroMlSynapse synapse, XElement where)
    {
        if (synapse.CurrentBased && target.Cell.Model is not ConductanceLifNeuronSpec)
            throw Fail(where, $"puts the current-based synapse '{synapse.Id}' on population '{target.Name}' ({target.Cell.Element}); NeuroSharp runs current-based synapses on iafCell, iafRefCell and PyNN's IF cells only (as its lif model).");
    }

    /// <summary>
    /// The channels of a population reached by current-based synapses: the depolarising kind (ibase &gt; 0) is the excitatory
    /// channel, the hyperpolarising kind the inhibitory one; conductance synapses cannot join them on one population (except on
    /// iaf-mapped cells, which take both on synaptic ports: <see cref="MixedPorts"/>).
    /// </summary>
    private void AssignCurrentChannels(Population p)
    {
        if (p.Used.Find(u => !u.CurrentBased) is { } conductance)
            throw Fail(p.Element, $"receives the current-based synapse '{p.Used.First(u => u.CurrentBased).Id}' and the conductance synapse '{conductance.Id}'; NeuroSharp's cells take one kind (current-based iafCells run as its lif model), so split the population by its inputs.");
        foreach (bool positive in new[] { true, false })
        {
            var kinds = p.Used.Where(u => double.IsPositiveInfinity(u.ErevMv) == positive).ToList();
            if (kinds.Count > 1)
                throw Fail(p.Element, $"receives {kinds.Count} {(positive ? "depolarising" : "hyperpolarising")} current-based synapses that differ in tau ({string.Join(", ", kinds.Select(k => k.Id))}); NeuroSharp's lif has one excitatory and one inhibitory channel per population.");
            if (kinds.Count == 1)
            {
                if (positive) p.Excitatory = kinds[0];
                else p.Inhibitory = kinds[0];
            }
        }
    }

    /// <summary>An iafCell or iafRefCell reached by current-based synapses: the engine's lif with the same membrane (tau = C / g_L).</summary>
    private static LifNeuronSpec CurrentBasedLif(ConductanceLifNeuronSpec cell, NeuroMlSynapse? excitatory, NeuroMlSynapse? inhibitory)
    {
        var d = new LifNeuronSpec();
        return new LifNeuronSpec
        {
            TauMs = cell.TauMs, RestMv = cell.RestMv, ResetMv = cell.ResetMv, ThresholdMv = cell.ThresholdMv, RefractoryMs = cell.RefractoryMs,
            TauExcMs = excitatory?.TauMs ?? d.TauExcMs, RiseExcMs = excitatory?.RiseMs ?? d.RiseExcMs,
            TauInhMs = inhibitory?.TauMs ?? d.TauInhMs, RiseInhMs = inhibitory?.RiseMs ?? d.RiseInhMs,
        };
    }

    /// <summary>The population and index of a cell named as "pop[i]" or "pop/i/cell" (synapticConnection's from and to).</summary>
    private (Population Population, int Index) CellAt(XElement e, string attribute, Dictionary<string, Population> populations)
    {
        string text = Text(e, attribute);
        var m = CellReference().Match(text);
        if (!m.Success || !populations.TryGetValue(m.Groups["pop"].Value, out var p))
            throw Fail(e, $"@{attribute} is '{text}', which names no cell of the network's populations (as pop[0] or pop/0/cell).");
        return (p, CellIndex(e, attribute, p));
    }

    /// <summary>A synapticConnection (weight 1, delay 0) or synapticConnectionWD: a projection of one synapse.</summary>
    private IEnumerable<ProjectionSpec> ToSynapticConnection(XElement e, Dictionary<string, Population> populations, int ordinal)
    {
        var (pre, source) = CellAt(e, "from", populations);
        var (post, target) = CellAt(e, "to", populations);
        var synapse = SynapseOf(e, Text(e, "synapse"));
        bool wd = e.Name.LocalName == "synapticConnectionWD";
        double w = wd ? Quantity(e, "weight", NeuroMlDimension.None) : 1;
        if (w < 0) throw Fail(e, $"@weight is {Show(w)}; NeuroSharp's weights are magnitudes (the synapse's erev or ibase gives the sign).");
        return PerPart(new ProjectionSpec
        {
            Name = (string?)e.Attribute("id") is { Length: > 0 } id ? id : $"synapticConnection{ordinal}", Source = pre.Name, Target = post.Name,
            Receptor = ReceptorOf(post, synapse),
            Connectivity = new ExplicitConnectivity { Sources = [source], Targets = [target] },
            Weight = DistributionSpec.Constant(w * synapse.GbaseNs / post.Cell.LeakNs),
            DelayMs = DistributionSpec.Constant(wd ? NonNegative(e, "delay", NeuroMlDimension.Time) : 0),
            ShortTermPlasticity = synapse.ShortTerm, Port = PortOf(post, synapse),
        }, synapse, post);
    }
}
