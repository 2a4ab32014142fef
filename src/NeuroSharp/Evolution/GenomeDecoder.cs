using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// Turns a genome into the project's network: population <c>input</c> (the sensors, in node order), <c>output</c>
/// (the motor neurons), <c>hidden-exc</c> and <c>hidden-inh</c> (hidden neurons by kind, in node order), and one
/// explicit projection per (source population, target population, receptor) with each enabled link's weight
/// magnitude times the model's weight scale and its delay in ms. A link's receptor is its source's kind for a
/// hidden source and its weight's sign for a sensor or motor source (those populations are Mixed).
/// </summary>
public static class GenomeDecoder
{
    /// <summary>The population of excitatory hidden neurons.</summary>
    public const string HiddenExcitatory = "hidden-exc";

    /// <summary>The population of inhibitory hidden neurons.</summary>
    public const string HiddenInhibitory = "hidden-inh";

    /// <summary>Decodes a genome.</summary>
    /// <param name="genome">The genome.</param>
    /// <param name="model">The neurons and step.</param>
    /// <param name="name">The network's name, or null.</param>
    /// <returns>A valid network (it passes <see cref="NetworkSpec.Validate"/>).</returns>
    public static NetworkSpec Decode(Genome genome, ControllerModel model, string? name = null)
    {
        var place = new Dictionary<int, (string Population, int Index)>(genome.Nodes.Count);
        int counts0 = 0, counts1 = 0, exc = 0, inh = 0;
        foreach (var n in genome.Nodes)
        {
            place[n.Id] = n.Role switch
            {
                NodeRole.Input => (IEvolutionTask.InputPopulation, counts0++),
                NodeRole.Output => (IEvolutionTask.OutputPopulation, counts1++),
                _ => n.Kind == NeuronKind.Inhibitory ? (HiddenInhibitory, inh++) : (HiddenExcitatory, exc++),
            };
        }
        var populations = new List<PopulationSpec>
        {
            new() { Name = IEvolutionTask.InputPopulation, Count = counts0, Model = ControllerModel.SensorNeuron, Kind = NeuronKind.Mixed },
            new() { Name = IEvolutionTask.OutputPopulation, Count = counts1, Model = model.Neuron, Kind = NeuronKind.Mixed },
        };
        if (exc > 0) populations.Add(new() { Name = HiddenExcitatory, Count = exc, Model = model.Neuron, Kind = NeuronKind.Excitatory });
        if (inh > 0) populations.Add(new() { Name = HiddenInhibitory, Count = inh, Model = model.Neuron, Kind = NeuronKind.Inhibitory });

        var groups = new SortedDictionary<(int Source, int Target, int Receptor), List<(int S, int T, double W, double D)>>();
        foreach (var l in genome.Links)
        {
            if (!l.Enabled) continue;
            double w = NeatOperators.EffectiveWeight(genome.Nodes, l);
            var (sp, si) = place[l.Source];
            var (tp, ti) = place[l.Target];
            var key = (Order(sp), Order(tp), w < 0 ? 1 : 0);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add((si, ti, Math.Abs(w) * model.WeightScale, l.DelaySteps * model.DtMs));
        }
        var projections = new List<ProjectionSpec>(groups.Count);
        foreach (var ((s, t, r), list) in groups)
        {
            list.Sort((a, b) => a.S != b.S ? a.S.CompareTo(b.S) : a.T.CompareTo(b.T));
            var receptor = r == 1 ? Receptor.Inhibitory : Receptor.Excitatory;
            projections.Add(new ProjectionSpec
            {
                Name = $"{Names[s]}->{Names[t]}:{(r == 1 ? "inh" : "exc")}",
                Source = Names[s],
                Target = Names[t],
                Receptor = receptor,
                Connectivity = new ExplicitConnectivity
                {
                    Sources = [.. list.Select(x => x.S)],
                    Targets = [.. list.Select(x => x.T)],
                    Weights = [.. list.Select(x => x.W)],
                    DelaysMs = [.. list.Select(x => x.D)],
                },
            });
        }
        return new NetworkSpec
        {
            Name = name,
            Description = $"Decoded from genome {genome.Id}: {genome.HiddenCount} hidden neurons, {genome.Links.Count(l => l.Enabled)} enabled links, model {model.Name}.",
            DtMs = model.DtMs,
            Populations = populations,
            Projections = projections,
        };
    }

    private static readonly string[] Names = [IEvolutionTask.InputPopulation, IEvolutionTask.OutputPopulation, HiddenExcitatory, HiddenInhibitory];

    private static int Order(string population) => Array.IndexOf(Names, population);
}
