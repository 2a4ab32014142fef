using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>The synapses: each population's channels as expOne/expTwo/alpha synapses, and the synapse lists of projections.</summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The synaptic ports of an hh, conductanceLif or izhikevich2007 model (empty for those without ports and for other models).</summary>
    private static IReadOnlyList<SynapticPortSpec> PortsOf(NeuronModelSpec model) => model switch
    {
        HodgkinHuxleyNeuronSpec m => m.Ports,
        ConductanceLifNeuronSpec m => m.Ports,
        Izhikevich2007NeuronSpec m => m.Ports,
        _ => [],
    };

    /// <summary>The two conductance channels (tau, rise, erev) of a model that has them, else null.</summary>
    private static ((double Tau, double Rise, double Erev) Exc, (double Tau, double Rise, double Erev) Inh)? Channels(NeuronModelSpec model) => model switch
    {
        ConductanceLifNeuronSpec { Ports.Count: 0 } m => ((m.TauExcMs, m.RiseExcMs, m.ExcReversalMv), (m.TauInhMs, m.RiseInhMs, m.InhReversalMv)),
        Izhikevich2007NeuronSpec { Ports.Count: 0 } m => ((m.TauExcMs, m.RiseExcMs, m.ExcReversalMv), (m.TauInhMs, m.RiseInhMs, m.InhReversalMv)),
        HodgkinHuxleyNeuronSpec { Ports.Count: 0 } m => ((m.TauExcMs, m.RiseExcMs, m.ExcReversalMv), (m.TauInhMs, m.RiseInhMs, m.InhReversalMv)),
        _ => null,
    };

    private static XElement Synapse((double Tau, double Rise, double Erev) channel, string id)
    {
        var (tau, rise, erev) = channel;
        var attributes = new List<XAttribute> { new("id", id), new("gbase", "1nS"), new("erev", NeuroMlUnits.Format(erev, NeuroMlDimension.Voltage)) };
        if (rise == 0) return new XElement(Ns + "expOneSynapse", attributes, new XAttribute("tauDecay", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
        if (rise == tau) return new XElement(Ns + "alphaSynapse", attributes, new XAttribute("tau", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
        return new XElement(Ns + "expTwoSynapse", attributes, new XAttribute("tauRise", NeuroMlUnits.Format(rise, NeuroMlDimension.Time)),
            new XAttribute("tauDecay", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
    }

    /// <summary>
    /// The synapses of a projection, (source, target, weight, delay in ms): from the file where it lists
    /// them with constant or listed weights and delays (exact), else as the engine builds them from the seed
    /// (weights in float, delays in whole steps).
    /// </summary>
    internal static IEnumerable<(int Source, int Target, double Weight, double DelayMs)> Synapses(NetworkSpec spec, ProjectionSpec p, ulong seed, ref SpikingEngine? engine)
    {
        if (p.Connectivity is ExplicitConnectivity e && (e.Weights is not null || p.Weight.IsConstant) && (e.DelaysMs is not null || p.DelayMs.IsConstant))
        {
            double w = p.Weight.IsConstant ? ConstantOf(p.Weight) : 0, d = p.DelayMs.IsConstant ? ConstantOf(p.DelayMs) : 0;
            return Enumerable.Range(0, e.Sources.Count).Select(k => (e.Sources[k], e.Targets[k], e.Weights?[k] ?? w, e.DelaysMs?[k] ?? d)).ToList();
        }
        engine ??= new SpikingEngine(spec, new SimulationOptions { Seed = seed });
        var snapshot = engine.GetProjection(p.DisplayName);
        var list = new List<(int, int, double, double)>(snapshot.Targets.Length);
        for (int s = 0; s + 1 < snapshot.RowStart.Length; s++)
        {
            for (int k = snapshot.RowStart[s]; k < snapshot.RowStart[s + 1]; k++)
                list.Add((s, snapshot.Targets[k], snapshot.Weights[k], snapshot.DelaySteps[k] * spec.DtMs));
        }
        return list;
    }

    private static double ConstantOf(DistributionSpec d) => d.Kind switch
    {
        DistributionKind.Constant => d.Value,
        DistributionKind.Uniform => d.Low,
        _ => d.Mean,
    };

    /// <summary>
    /// An hh synaptic port as a synapse of gbase 1 nS: with a block, a blockingPlasticSynapse with its voltageConcDepBlockMechanism
    /// (NMDA's magnesium block), else as <see cref="Synapse"/>.
    /// </summary>
    private static XElement PortSynapse(SynapticPortSpec port, string id)
    {
        if (port.Current)
        {
            // A current port (conductanceLif only): an alpha one as alphaCurrentSynapse of ibase 1 pA (weights pass unchanged through g_L 1 nS),
            // an exponential one as PyNN's expCurrSynapse, whose weight is in nA (CurrentWeightScale); other rises are refused (Refusals).
            return port.RiseMs == port.DecayMs
                ? new XElement(Ns + "alphaCurrentSynapse", new XAttribute("id", id), new XAttribute("tau", NeuroMlUnits.Format(port.DecayMs, NeuroMlDimension.Time)), new XAttribute("ibase", "1pA"))
                : new XElement(Ns + "expCurrSynapse", new XAttribute("id", id), new XAttribute("tau_syn", Number(port.DecayMs)));
        }
        if (port.Block is not { } block) return Synapse((port.DecayMs, port.RiseMs, port.ReversalMv), id);
        return new XElement(Ns + "blockingPlasticSynapse", new XAttribute("id", id), new XAttribute("gbase", "1nS"),
            new XAttribute("erev", NeuroMlUnits.Format(port.ReversalMv, NeuroMlDimension.Voltage)),
            new XAttribute("tauRise", NeuroMlUnits.Format(port.RiseMs, NeuroMlDimension.Time)), new XAttribute("tauDecay", NeuroMlUnits.Format(port.DecayMs, NeuroMlDimension.Time)),
            new XElement(Ns + "blockMechanism", new XAttribute("type", "voltageConcDepBlockMechanism"), new XAttribute("species", "mg"),
                new XAttribute("blockConcentration", NeuroMlUnits.Format(block.ConcentrationMm, NeuroMlDimension.Concentration)),
                new XAttribute("scalingConc", NeuroMlUnits.Format(block.ScalingConcentrationMm, NeuroMlDimension.Concentration)),
                new XAttribute("scalingVolt", NeuroMlUnits.Format(block.ScalingVoltageMv, NeuroMlDimension.Voltage))));
    }

    /// <summary>The factor the reader multiplies a weight through a port's synapse by: 1000 for PyNN's expCurrSynapse (weight 1 is 1 nA = 1000 pA), else 1.</summary>
    private static double WeightScale(SynapticPortSpec? port) => port is { Current: true } && port.RiseMs != port.DecayMs ? 1000 : 1;

    /// <summary>The weight to write through a synapse the reader scales by <paramref name="scale"/> (onto g_L 1 nS): the double whose product is <paramref name="weight"/> again.</summary>
    private static double WrittenWeight(double weight, double scale) => scale == 1 ? weight : Exact(weight, x => x * scale / 1, weight / scale);

    /// <summary>
    /// A projection's short-term plasticity as its own blockingPlasticSynapse (gbase 1 nS): the dynamics of the channel or port it
    /// reaches (which the reader recognises by tau, rise, erev and block) and a plasticityMechanism, tsodyksMarkramDepMechanism
    /// (tauFac 0) or tsodyksMarkramDepFacMechanism, whose initReleaseProb, tauRec and tauFac are the engine's U, tau_rec and tau_fac.
    /// </summary>
    private static XElement PlasticSynapse(NetworkSpec spec, ProjectionSpec p, ShortTermPlasticitySpec stp, string id)
    {
        var target = spec.Populations.First(x => x.Name == p.Target).Model;
        var port = p.Port > 0 ? PortsOf(target)[p.Port - 1] : null;
        var (tau, rise, erev) = port is not null ? (port.DecayMs, port.RiseMs, port.ReversalMv)
            : p.Receptor == Receptor.Excitatory ? Channels(target)!.Value.Exc : Channels(target)!.Value.Inh;
        var synapse = new XElement(Ns + "blockingPlasticSynapse", new XAttribute("id", id), new XAttribute("gbase", "1nS"),
            new XAttribute("erev", NeuroMlUnits.Format(erev, NeuroMlDimension.Voltage)),
            new XAttribute("tauRise", NeuroMlUnits.Format(rise, NeuroMlDimension.Time)), new XAttribute("tauDecay", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
        var mechanism = new XElement(Ns + "plasticityMechanism", new XAttribute("type", stp.TauFacMs > 0 ? "tsodyksMarkramDepFacMechanism" : "tsodyksMarkramDepMechanism"),
            new XAttribute("initReleaseProb", Number(stp.U)), new XAttribute("tauRec", NeuroMlUnits.Format(stp.TauRecMs, NeuroMlDimension.Time)));
        if (stp.TauFacMs > 0) mechanism.Add(new XAttribute("tauFac", NeuroMlUnits.Format(stp.TauFacMs, NeuroMlDimension.Time)));
        synapse.Add(mechanism);
        if (port?.Block is { } block) synapse.Add(PortSynapse(port, "unused").Elements().Single());
        return synapse;
    }
}
