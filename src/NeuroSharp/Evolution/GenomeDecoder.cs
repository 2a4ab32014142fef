using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// Turns a genome into the project's network: population <c>input</c> (the sensors, in node order), <c>output</c>
/// (the motor neurons), <c>hidden-exc</c> and <c>hidden-inh</c> (hidden neurons by kind, in node order), and one
/// explicit projection per (source population, target population, lane, receptor) with each enabled link's weight
/// magnitude times the model's weight scale and its delay in ms (parallel links of a pair sit on their own lanes, so no
/// projection holds a pair twice). A link's receptor is its source's kind for a
/// hidden source and its weight's sign for a sensor or motor source (those populations are Mixed).
/// With <see cref="ControllerModel.Transmitter"/> a genome decodes to single transmitter neurons instead
/// (<see cref="DecodeTransmitter"/>). A model with <see cref="ControllerModel.SensorToMotorLinks"/> false leaves
/// out links from a sensor straight to a motor neuron.
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
        if (model.IsTransmitter) return DecodeTransmitter(genome, model, name);
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
            new() { Name = IEvolutionTask.InputPopulation, Count = counts0, Model = model.Sensor, Kind = NeuronKind.Mixed },
            new() { Name = IEvolutionTask.OutputPopulation, Count = counts1, Model = model.Neuron, Kind = NeuronKind.Mixed },
        };
        if (exc > 0) populations.Add(new() { Name = HiddenExcitatory, Count = exc, Model = model.Neuron, Kind = NeuronKind.Excitatory });
        if (inh > 0) populations.Add(new() { Name = HiddenInhibitory, Count = inh, Model = model.Neuron, Kind = NeuronKind.Inhibitory });

        var groups = new SortedDictionary<(int Source, int Target, int Lane, int Receptor), List<(int S, int T, double W, double D)>>();
        foreach (var l in genome.Links)
        {
            if (!Expressed(genome, model, l)) continue;
            double w = NeatOperators.EffectiveWeight(genome.Nodes, l);
            var (sp, si) = place[l.Source];
            var (tp, ti) = place[l.Target];
            var key = (Order(sp), Order(tp), l.Lane, w < 0 ? 1 : 0);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add((si, ti, Math.Abs(w) * model.WeightScale, l.DelaySteps * model.DtMs));
        }
        var projections = new List<ProjectionSpec>(groups.Count);
        foreach (var ((s, t, lane, r), list) in groups)
        {
            list.Sort((a, b) => a.S != b.S ? a.S.CompareTo(b.S) : a.T.CompareTo(b.T));
            var receptor = r == 1 ? Receptor.Inhibitory : Receptor.Excitatory;
            projections.Add(new ProjectionSpec
            {
                Name = $"{Names[s]}->{Names[t]}:{(r == 1 ? "inh" : "exc")}{(lane == 0 ? "" : $":lane{lane}")}",
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

    /// <summary>The id of hidden node <paramref name="nodeId"/> in a transmitter network: "hidden.{id}".</summary>
    /// <param name="nodeId">The node's id in the genome.</param>
    /// <returns>The neuron's id.</returns>
    public static string TransmitterHiddenId(int nodeId) => $"hidden.{nodeId}";

    /// <summary>
    /// Decodes a genome to a network of transmitter neurons (article 002; docs/evolution-neat.md, "Transmitter
    /// neurons"): one neuron per node, in node order, with the ids the tasks bind ("input.i", "output.j") and
    /// "hidden.{node id}" for hidden nodes; one link per expressed link gene. Sensors, motor neurons and excitatory
    /// hidden nodes are excitatory neurons (the model's neuron, activator only); inhibitory hidden nodes produce the
    /// same amount of inhibitor instead (Dale's principle, kinds declared in the file). A transmitter link carries no
    /// weight and no delay (the source's release is shared evenly among its links), so the genes' weights and delays
    /// are not used: the topology and the kinds are what evolves. A parallel link (lane above 0) would only repeat its pair,
    /// so a genome that expresses one is refused.
    /// </summary>
    /// <param name="genome">The genome.</param>
    /// <param name="model">A transmitter model (<see cref="ControllerModel.IsTransmitter"/>).</param>
    /// <param name="name">The network's name, or null.</param>
    /// <returns>A valid network (it passes <see cref="NetworkSpec.Validate"/>).</returns>
    public static NetworkSpec DecodeTransmitter(Genome genome, ControllerModel model, string? name = null)
    {
        if (model.Neuron is not TransmitterNeuronSpec excitatory) throw new ArgumentException($"Model {model.Name} is not a transmitter model.", nameof(model));
        if (excitatory.ReleasedKind != NeuronKind.Excitatory)
            throw new ArgumentException($"Model {model.Name}'s neuron must be excitatory (reproductivity [a >= 0, 0]); inhibitory neurons are derived from it.", nameof(model));
        var inhibitory = excitatory with { Reproductivity = new TransmitterAmount(0, -excitatory.Reproductivity.Activator) };
        var ids = new Dictionary<int, string>(genome.Nodes.Count);
        var neurons = new List<SingleNeuronSpec>(genome.Nodes.Count);
        int inputs = 0, outputs = 0, hidden = 0;
        foreach (var n in genome.Nodes)
        {
            // Drawn as the studio lays out an arc: sensors left, motor neurons right, hidden neurons between.
            (string id, double x, double y) = n.Role switch
            {
                NodeRole.Input => (Worlds.NetworkBinding.TransmitterInputId(inputs), 80.0, 120.0 + 80 * inputs++),
                NodeRole.Output => (Worlds.NetworkBinding.TransmitterOutputId(outputs), 560.0, 120.0 + 80 * outputs++),
                _ => (TransmitterHiddenId(n.Id), 240.0 + 160 * (hidden % 2), 120.0 + 80 * (hidden++ / 2)),
            };
            bool inh = n.Role == NodeRole.Hidden && n.Kind == NeuronKind.Inhibitory;
            ids[n.Id] = id;
            neurons.Add(new SingleNeuronSpec
            {
                Id = id, Model = inh ? inhibitory : excitatory, Kind = inh ? NeuronKind.Inhibitory : NeuronKind.Excitatory, X = x, Y = y,
            });
        }
        var links = new List<LinkSpec>();
        foreach (var l in genome.Links)
        {
            if (!Expressed(genome, model, l)) continue;
            if (l.Lane != 0)
                throw new InvalidInputException($"Genome {genome.Id} has a parallel link {l.Source}->{l.Target} (lane {l.Lane}); transmitter links carry no weight or delay, so a transmitter network cannot hold parallel links (use NEAT with one link per pair for --model transmitter).");
            links.Add(new LinkSpec { From = ids[l.Source], To = ids[l.Target] });
        }
        return new NetworkSpec
        {
            Name = name,
            Description = $"Decoded from genome {genome.Id}: {genome.HiddenCount} hidden transmitter neurons, {links.Count} links, model {model.Name}.",
            DtMs = model.DtMs,
            Neurons = neurons,
            Links = links,
        };
    }

    private static bool Expressed(Genome genome, ControllerModel model, LinkGene link) =>
        link.Enabled && (model.SensorToMotorLinks || !(genome.Node(link.Source)?.Role == NodeRole.Input && genome.Node(link.Target)?.Role == NodeRole.Output));

    private static readonly string[] Names = [IEvolutionTask.InputPopulation, IEvolutionTask.OutputPopulation, HiddenExcitatory, HiddenInhibitory];

    private static int Order(string population) => Array.IndexOf(Names, population);
}
