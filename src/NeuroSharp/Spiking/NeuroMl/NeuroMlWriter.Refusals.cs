using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>What NeuroML export refuses, each in one sentence naming the JSON path and the reason.</summary>
internal static partial class NeuroMlWriter
{
    private static void Refuse(NetworkSpec spec)
    {
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            string name = spec.Populations[i].Name;
            if (NmlId(name) != name)
                throw new InvalidInputException($"{SpecPath.Field(spec, "populations", i, ".name")}: '{name}' is not a NeuroML id (letters, digits and underscores, not starting with a digit); rename it to export.");
        }
        if (spec.Changes.Count > 0)
            throw new InvalidInputException($"$.changes: NeuroML export does not write timed parameter changes ({spec.Changes.Count} here); remove them to export.");
        if (spec.Neurons.Count > 0)
            throw new InvalidInputException($"$.neurons: NeuroML export writes populations; make each single neuron a population of 1 ({spec.Neurons.Count} single neurons here).");
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            string path = SpecPath.Field(spec, "projections", i, "");
            if (p.Stdp is not null || p.Normalization is not null)
                throw new InvalidInputException($"{path}: plasticity (stdp, normalization) has no NeuroML core counterpart; remove it to export.");
            if (p.Release is not null)
                throw new InvalidInputException($"{path}.release: stochastic release has no NeuroML core counterpart; remove it to export.");
            if (p.ShortTermPlasticity is { Sites: > 0 } sites)
                throw new InvalidInputException($"{path}.shortTermPlasticity.sites: stochastic release from {sites.Sites} site{(sites.Sites == 1 ? "" : "s")} has no NeuroML core counterpart (its tsodyksMarkram mechanisms are deterministic); remove it to export.");
            var target = spec.Populations.First(x => x.Name == p.Target);
            if (target.Model is LifNeuronSpec lif)
            {
                CheckAlphaChannel(lif, p.Receptor, target.Name, path);
                if (p.ShortTermPlasticity is not null)
                    throw new InvalidInputException($"{path}.shortTermPlasticity: its target '{p.Target}' is a lif population, whose NeuroML alphaCurrentSynapse takes no plasticity mechanism (only blockingPlasticSynapse, a conductance synapse, does); remove it to export.");
                continue;
            }
            if (Channels(target.Model) is null && PortsOf(target.Model).Count == 0 && target.Model is not HodgkinHuxleyNeuronSpec)
                throw new InvalidInputException($"{path}: its target '{p.Target}' is {NeuronModels.WithArticle(target.Model)} population, whose synapses are current-based; NeuroML export writes conductance synapses onto conductanceLif, izhikevich2007 and hh populations and alpha current synapses onto lif populations only.");
            if (p.ShortTermPlasticity is not null)
            {
                var (decay, rise) = p.Port > 0 ? (PortsOf(target.Model)[p.Port - 1].DecayMs, PortsOf(target.Model)[p.Port - 1].RiseMs)
                    : Channels(target.Model) is { } both ? (p.Receptor == Receptor.Excitatory ? (both.Exc.Tau, both.Exc.Rise) : (both.Inh.Tau, both.Inh.Rise)) : (0, 0);
                if (!(rise > 0 && rise < decay))
                    throw new InvalidInputException($"{path}.shortTermPlasticity: NeuroML carries short-term plasticity on a blockingPlasticSynapse, an expTwoSynapse, whose rise must be above 0 and below its decay; the channel it reaches has rise {Number(rise)} ms and decay {Number(decay)} ms.");
            }
        }
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            if (spec.Populations[i].Model is HodgkinHuxleyNeuronSpec { TemperatureChangesMs.Count: > 0 })
                throw new InvalidInputException($"$.populations[{i}].params.temperatureChangesMs: NeuroML changes a temperature in time only in a LEMS ComponentType that holds the network (NeuroML2's Ex17 tissue), which export does not write; remove the changes to export.");
            var ports = PortsOf(spec.Populations[i].Model);
            int currentPort = ports.ToList().FindIndex(q => q.Current && q.RiseMs != 0 && q.RiseMs != q.DecayMs);
            if (currentPort >= 0)
                throw new InvalidInputException($"$.populations[{i}].params.ports[{currentPort}] ('{ports[currentPort].Name}') is a current port of rise {Number(ports[currentPort].RiseMs)} ms and decay {Number(ports[currentPort].DecayMs)} ms; NeuroML's current synapses are exponential (PyNN's expCurrSynapse, rise 0) or alpha (alphaCurrentSynapse, rise = decay), so give it one of those to export.");
            for (int k = 1; k < ports.Count; k++)
            {
                var a = ports[k];
                int same = ports.Take(k).ToList().FindIndex(b => (b.DecayMs, b.RiseMs, b.ReversalMv, b.Block, b.Current) == (a.DecayMs, a.RiseMs, a.ReversalMv, a.Block, a.Current));
                if (same >= 0)
                    throw new InvalidInputException($"$.populations[{i}].params.ports[{k}] has the decay, rise, reversal and block of port '{ports[same].Name}'; NeuroML's synapses of one kind share a port when read back, so merge the two to export.");
            }
        }
        for (int i = 0; i < spec.GapJunctions.Count; i++)
        {
            var g = spec.GapJunctions[i];
            if (new[] { g.Source, g.Target }.Any(name => spec.Populations.First(x => x.Name == name).Model is IzhikevichNeuronSpec))
                throw new InvalidInputException($"$.gapJunctions[{i}]: it couples an izhikevich population, whose NeuroML izhikevichCell takes dimensionless currents; NeuroML export writes gap junctions between other cells.");
            if (g.Connectivity is not ExplicitConnectivity || (g.Connectivity is ExplicitConnectivity { Weights: null } && !g.Conductance.IsConstant))
                throw new InvalidInputException($"$.gapJunctions[{i}].connectivity: NeuroML export writes gap junctions listed pair by pair (rule explicit, with a constant conductance or listed weights).");
        }
        for (int i = 0; i < spec.GradedProjections.Count; i++)
        {
            var g = spec.GradedProjections[i];
            if (spec.Populations.First(x => x.Name == g.Target).Model is IzhikevichNeuronSpec)
                throw new InvalidInputException($"$.gradedProjections[{i}].target: '{g.Target}' is an izhikevich population, whose NeuroML izhikevichCell takes dimensionless currents; a graded synapse carries a conductance current.");
        }
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            if (spec.Inputs[i] is not (CurrentInputSpec or PoissonInputSpec or VoltageClampSpec))
                throw new InvalidInputException($"$.inputs[{i}]: a transmitter stimulus has no NeuroML counterpart.");
            if (spec.Inputs[i] is VoltageClampSpec clamp && spec.Populations.FirstOrDefault(x => x.Name == clamp.Target) is { Model: IzhikevichNeuronSpec })
                throw new InvalidInputException($"$.inputs[{i}]: a voltage clamp on '{clamp.Target}', an izhikevich population, whose NeuroML izhikevichCell takes dimensionless currents; a clamp's current is (target - v) / resistance in amperes.");
            if (spec.Inputs[i] is PoissonInputSpec { Port: 0 } onLif && spec.Populations.FirstOrDefault(x => x.Name == onLif.Target) is { Model: LifNeuronSpec lif })
            {
                CheckAlphaChannel(lif, onLif.Receptor, onLif.Target, $"$.inputs[{i}]");
                continue;
            }
            if (spec.Inputs[i] is PoissonInputSpec poisson && spec.Populations.FirstOrDefault(x => x.Name == poisson.Target) is { } target && Channels(target.Model) is null && PortsOf(target.Model).Count == 0 && target.Model is not HodgkinHuxleyNeuronSpec)
                throw new InvalidInputException($"$.inputs[{i}]: a Poisson input into '{poisson.Target}', {NeuronModels.WithArticle(target.Model)} population, is current-based; NeuroML export writes Poisson inputs through the conductance channels of conductanceLif, izhikevich2007 and hh populations only.");
        }
    }

    /// <summary>A synapse onto a lif reaches it through an alphaCurrentSynapse, which has the engine's alpha channel (rise = decay) only.</summary>
    private static void CheckAlphaChannel(LifNeuronSpec lif, Receptor receptor, string population, string path)
    {
        var (tau, rise) = receptor == Receptor.Excitatory ? (lif.TauExcMs, lif.RiseExcMs) : (lif.TauInhMs, lif.RiseInhMs);
        string name = receptor == Receptor.Excitatory ? "Exc" : "Inh";
        if (rise != tau)
            throw new InvalidInputException($"{path}: it reaches the {receptor.ToString().ToLowerInvariant()} channel of lif population '{population}', whose rise{name}Ms {Number(rise)} is not its tau{name}Ms {Number(tau)}; NeuroML's current synapse onto an iafCell is the alphaCurrentSynapse (rise = decay), so give the channel rise{name}Ms = tau{name}Ms to export.");
    }
}
