using System.Globalization;
using NeuroSharp.Spiking;
using P = NeuroSharp.Evolution.Worlds.Worm.WormConnectomeCircuit.Parameter;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// A named-cell connectome packed for fast stepping (<see cref="WormConnectomeCircuit"/>): cells with equal models share
/// one population, and the synapses of each (source group, target group, receptor) one explicit projection with
/// per-synapse weights and delays. Nothing of the wiring changes: every cell, synapse (except those of weight 0) and gap
/// junction is kept with its weight and delay.
/// </summary>
internal sealed class PackedConnectome
{
    private sealed record Group(ConductanceLifNeuronSpec Model, NeuronKind Kind, IReadOnlyDictionary<string, DistributionSpec>? Initial)
    {
        public int Count { get; set; }
    }

    private sealed class SynapseClass(int source, int target, Receptor receptor, bool toMuscle = false)
    {
        public bool ToMuscle { get; } = toMuscle;
        public int Source { get; } = source;
        public int Target { get; } = target;
        public Receptor Receptor { get; } = receptor;
        public List<int> Sources { get; } = [];
        public List<int> Targets { get; } = [];
        public List<double> Weights { get; } = [];
        public List<double> Delays { get; } = [];
    }

    private readonly List<Group> _groups = [];
    private readonly Dictionary<string, (int Group, int Index)> _cells = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<SynapseClass> _synapses = [];
    private readonly List<SynapseClass> _gaps = [];
    private string _source = "";
    private int _dropped;

    private readonly Dictionary<string, (int Group, int Offset)> _populations = new(StringComparer.Ordinal);

    /// <summary>Whether the connectome has gap junctions (c302's level B; level A has none).</summary>
    public bool HasGapJunctions => _gaps.Count > 0;

    /// <summary>Packs <paramref name="net"/>.</summary>
    /// <param name="net">A network of named cells with head muscle cells (<see cref="WormConnectome.Map"/>).</param>
    /// <returns>The packed form.</returns>
    /// <exception cref="InvalidInputException">No head muscle cells; a model other than conductanceLif; a projection that is not explicit with fixed weights, or has plasticity; single neurons or transmitter neurons.</exception>
    public static PackedConnectome Pack(NetworkSpec net)
    {
        ArgumentNullException.ThrowIfNull(net);
        string what = $"The network '{net.Name}'";
        if (WormConnectome.Map(net) is null)
            throw new InvalidInputException($"{what} has no head muscle cell (MDL01 to MVR04), so it cannot be a worm's connectome.");
        if (net.Populations.Any(p => p.Name is IEvolutionTask.InputPopulation or IEvolutionTask.OutputPopulation))
            throw new InvalidInputException($"{what} already has an 'input' or 'output' population; a connectome binds by cell names only.");
        if (net.Neurons.Count > 0) throw new InvalidInputException($"{what} has single neurons ('{net.Neurons[0].Id}'); a connectome here is populations of named cells.");
        var packed = new PackedConnectome { _source = net.Name ?? "connectome" };
        foreach (var p in net.Populations)
        {
            if (p.Model is not ConductanceLifNeuronSpec)
                throw new InvalidInputException($"Population '{p.Name}' is a {p.Model.GetType().Name}; a worm connectome here is conductance-LIF cells (c302's iafCell).");
        }
        // A channel on which a cell receives no synapse has the importer's default time constants, which act on nothing;
        // it takes the file's usual values for that channel, so such cells pack with the rest and the sensory input
        // (which arrives on it) has the file's synapse kinetics.
        var exc = net.Projections.Where(p => p.Receptor == Receptor.Excitatory && Acts(p)).Select(p => p.Target).ToHashSet(StringComparer.Ordinal);
        var inh = net.Projections.Where(p => p.Receptor == Receptor.Inhibitory && Acts(p)).Select(p => p.Target).ToHashSet(StringComparer.Ordinal);
        var models = net.Populations.ToDictionary(p => p.Name, p => (ConductanceLifNeuronSpec)p.Model, StringComparer.Ordinal);
        var usualExc = models.Where(m => exc.Contains(m.Key)).GroupBy(m => (m.Value.TauExcMs, m.Value.RiseExcMs, m.Value.ExcReversalMv)).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var usualInh = models.Where(m => inh.Contains(m.Key)).GroupBy(m => (m.Value.TauInhMs, m.Value.RiseInhMs, m.Value.InhReversalMv)).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        foreach (var p in net.Populations)
        {
            var m = models[p.Name];
            if (!exc.Contains(p.Name) && exc.Count > 0) m = m with { TauExcMs = usualExc.TauExcMs, RiseExcMs = usualExc.RiseExcMs, ExcReversalMv = usualExc.ExcReversalMv };
            if (!inh.Contains(p.Name) && inh.Count > 0) m = m with { TauInhMs = usualInh.TauInhMs, RiseInhMs = usualInh.RiseInhMs, InhReversalMv = usualInh.InhReversalMv };
            packed.AddCells(p, m);
        }
        foreach (var pr in net.Projections) packed.AddProjection(pr);
        foreach (var gj in net.GapJunctions) packed.AddGapJunction(gj);
        return packed;
    }

    /// <summary>Whether a projection has a synapse of weight other than 0 (c302's zero-gbase ones act on nothing).</summary>
    private static bool Acts(ProjectionSpec p) =>
        p.Connectivity is ExplicitConnectivity { Weights: { } w } ? w.Any(x => x != 0) : !p.Weight.IsConstant || p.Weight.Value != 0;

    private void AddCells(PopulationSpec p, ConductanceLifNeuronSpec model)
    {
        int g = _groups.FindIndex(x => x.Model == model && x.Kind == p.Kind && SameInitial(x.Initial, p.Initial));
        if (g < 0)
        {
            _groups.Add(new Group(model, p.Kind, p.Initial));
            g = _groups.Count - 1;
        }
        var group = _groups[g];
        _populations[p.Name] = (g, group.Count);
        for (int i = 0; i < p.Count; i++)
        {
            string cell = p.Count == 1 ? p.Name : $"{p.Name}[{i}]";
            _cells[cell] = (g, group.Count + i);
            _order.Add(cell);
        }
        group.Count += p.Count;
    }

    private static bool SameInitial(IReadOnlyDictionary<string, DistributionSpec>? a, IReadOnlyDictionary<string, DistributionSpec>? b) =>
        (a is null || a.Count == 0) ? (b is null || b.Count == 0) : b is not null && a.Count == b.Count && a.All(kv => kv.Value.Kind != DistributionKind.PerNeuron && b.TryGetValue(kv.Key, out var v) && v == kv.Value); // a per-neuron list belongs to its population's size

    private (int Group, int Offset) Locate(string population)
    {
        return _populations[population];
    }

    private void AddProjection(ProjectionSpec pr)
    {
        if (pr.Stdp is not null || pr.ShortTermPlasticity is not null || pr.Normalization is not null)
            throw new InvalidInputException($"Projection '{pr.DisplayName}' has plasticity; a worm connectome's synapses are fixed.");
        if (pr.Release is not null)
            throw new InvalidInputException($"Projection '{pr.DisplayName}' has stochastic release; a worm connectome's synapses are fixed.");
        if (pr.Connectivity is not ExplicitConnectivity c || (c.Weights is null && !pr.Weight.IsConstant) || (c.DelaysMs is null && !pr.DelayMs.IsConstant))
            throw new InvalidInputException($"Projection '{pr.DisplayName}' is not an explicit list of synapses with fixed weights and delays, as a NeuroML connectome's are.");
        var (sg, so) = Locate(pr.Source);
        var (tg, to) = Locate(pr.Target);
        bool toMuscle = WormConnectome.IsBodyWallMuscle(pr.Target);
        var cls = _synapses.FirstOrDefault(x => x.Source == sg && x.Target == tg && x.Receptor == pr.Receptor && x.ToMuscle == toMuscle);
        if (cls is null) _synapses.Add(cls = new SynapseClass(sg, tg, pr.Receptor, toMuscle));
        for (int k = 0; k < c.Sources.Count; k++)
        {
            double w = c.Weights?[k] ?? pr.Weight.Value;
            if (w == 0) { _dropped++; continue; } // c302's level A writes its gap junctions as chemical synapses of gbase 0
            cls.Sources.Add(so + c.Sources[k]);
            cls.Targets.Add(to + c.Targets[k]);
            cls.Weights.Add(w);
            cls.Delays.Add(c.DelaysMs?[k] ?? pr.DelayMs.Value);
        }
    }

    private void AddGapJunction(GapJunctionSpec gj)
    {
        if (gj.Connectivity is not ExplicitConnectivity c || (c.Weights is null && !gj.Conductance.IsConstant))
            throw new InvalidInputException($"Gap junction '{gj.DisplayName}' is not an explicit list of pairs with fixed conductances.");
        var (sg, so) = Locate(gj.Source);
        var (tg, to) = Locate(gj.Target);
        var cls = _gaps.FirstOrDefault(x => x.Source == sg && x.Target == tg);
        if (cls is null) _gaps.Add(cls = new SynapseClass(sg, tg, Receptor.Excitatory));
        for (int k = 0; k < c.Sources.Count; k++)
        {
            cls.Sources.Add(so + c.Sources[k]);
            cls.Targets.Add(to + c.Targets[k]);
            cls.Weights.Add(c.Weights?[k] ?? gj.Conductance.Value);
        }
    }

    /// <summary>
    /// The head oscillator: for each period k, a current <paramref name="amplitude"/> on the dorsal head motor neurons
    /// (<see cref="WormConnectome.HeadMotorCells"/>[0]) from k x period to (k + 1/2) x period and on the ventral ones
    /// from there to (k + 1) x period, until <paramref name="spanMs"/>: an alternating pair of NeuroML pulseGenerators.
    /// </summary>
    private IEnumerable<InputSpec> HeadOscillator(Func<int, string> groupName, double period, double amplitude, double spanMs)
    {
        for (int g = 0; g < _groups.Count; g++)
        {
            for (int side = 0; side < 2; side++)
            {
                int[] cells = [.. WormConnectome.HeadMotorCells[side].Where(c => _cells.TryGetValue(c, out var at) && at.Group == g).Select(c => _cells[c].Index)];
                if (cells.Length == 0) continue;
                for (int k = 0; k * period + side * period / 2 < spanMs; k++)
                {
                    double start = k * period + side * period / 2;
                    yield return new CurrentInputSpec { Target = groupName(g), Indices = cells, Amplitude = amplitude, StartMs = start, StopMs = Math.Min(spanMs, start + period / 2) };
                }
            }
        }
    }

    /// <summary>The population of the inhibitory relay of the smell-rise sensor (the sensors are excitatory: Dale's principle).</summary>
    public const string SteerRelayPopulation = "steer";

    /// <summary>The weight of sensor -&gt; relay, in mV per spike: one sensor spike fires the relay (as the seed circuit's relays).</summary>
    private const double RelayWeightMv = 150;

    /// <summary>
    /// The klinotaxis steering (docs/world-worm.md, "Steering by smell"): smellRise (sensor 1, through an inhibitory relay
    /// neuron) inhibits and smellFall (sensor 2) excites every head motor neuron of both sides, through synapses of one
    /// delay, a fraction of the oscillator period. Only the side under its pulse is near threshold, so the pulse gates the
    /// input: a smell change felt during one sweep weakens or strengthens a later one (the opposite sweep at a delay near
    /// half the period). Null when the connectome has no head motor neuron.
    /// </summary>
    private (PopulationSpec Relay, List<ProjectionSpec> Projections)? Steering(Func<int, string> groupName, double[] v, double delayMs, LifNeuronSpec sensor)
    {
        var projections = new List<ProjectionSpec>();
        for (int g = 0; g < _groups.Count; g++)
        {
            int[] cells = [.. WormConnectome.HeadMotorCells.SelectMany(side => side).Where(c => _cells.TryGetValue(c, out var at) && at.Group == g).Select(c => _cells[c].Index)];
            if (cells.Length == 0) continue;
            foreach (var (source, index, receptor, gain) in new[] { (SteerRelayPopulation, 0, Receptor.Inhibitory, P.SteerRise), (IEvolutionTask.InputPopulation, 2, Receptor.Excitatory, P.SteerFall) })
            {
                projections.Add(new ProjectionSpec
                {
                    Name = $"{source}->{groupName(g)} steering {(receptor == Receptor.Inhibitory ? "rise" : "fall")}",
                    Source = source, Target = groupName(g), Receptor = receptor,
                    Connectivity = new ExplicitConnectivity
                    {
                        Sources = [.. cells.Select(_ => index)], Targets = cells,
                        Weights = [.. cells.Select(_ => v[(int)gain])], DelaysMs = [.. cells.Select(_ => delayMs)],
                    },
                });
            }
        }
        if (projections.Count == 0) return null;
        projections.Insert(0, new ProjectionSpec
        {
            Name = $"{IEvolutionTask.InputPopulation}->{SteerRelayPopulation} smell rise relay", Source = IEvolutionTask.InputPopulation, Target = SteerRelayPopulation,
            Receptor = Receptor.Excitatory, Connectivity = new ExplicitConnectivity { Sources = [1], Targets = [0], Weights = [RelayWeightMv] },
        });
        var relay = new PopulationSpec { Name = SteerRelayPopulation, Count = 1, Model = sensor with { ThresholdMv = -50 }, Kind = NeuronKind.Inhibitory, X = 215, Y = 320 };
        return (relay, projections);
    }

    /// <summary>The synapses kept (weight not 0).</summary>
    public int SynapseCount => _synapses.Sum(s => s.Weights.Count);

    /// <summary>Builds the worm's network for parameter values in <see cref="WormConnectomeCircuit.Parameter"/> order.</summary>
    /// <param name="name">The network's name.</param>
    /// <param name="v">The values.</param>
    /// <param name="oscillatorSpanMs">How long the head oscillator's pulse train lasts, in ms.</param>
    /// <returns>The network: the packed connectome, <c>input</c> (7) and <c>output</c> (3).</returns>
    public NetworkSpec Build(string name, double[] v, double oscillatorSpanMs)
    {
        string GroupName(int g) => _groups.Count == 1 ? "cells" : $"cells{g}";
        double chem = v[(int)P.ChemicalScale], muscle = v[(int)P.MuscleScale], gap = _gaps.Count > 0 ? v[(int)P.GapScale] : 1;
        var populations = new List<PopulationSpec>();
        for (int g = 0; g < _groups.Count; g++)
        {
            var x = _groups[g];
            populations.Add(new PopulationSpec
            {
                Name = GroupName(g), Count = x.Count, Model = x.Model,
                Kind = x.Kind, Initial = x.Initial, X = 330, Y = 200 + 120 * g,
            });
        }
        // The threshold stays between the reset (-70) and the readout's -50: a genome may ask for any value.
        var sensor = new LifNeuronSpec { TauMs = 10, RestMv = -70, ResetMv = -70, ThresholdMv = Math.Clamp(v[(int)P.SensorThreshold], -69.5, -50.5), RefractoryMs = 2, TauExcMs = 5, TauInhMs = 5 };
        var readout = sensor with { ThresholdMv = -50, TauExcMs = 20, TauInhMs = 20 };
        const string @in = IEvolutionTask.InputPopulation, @out = IEvolutionTask.OutputPopulation;
        populations.Add(new PopulationSpec { Name = @in, Count = WormWorld.SensorCount, Model = sensor, Kind = NeuronKind.Excitatory, X = 100, Y = 200 });
        populations.Add(new PopulationSpec { Name = @out, Count = WormEpisode.OutputCount, Model = readout, Kind = NeuronKind.Excitatory, X = 560, Y = 200 });

        var projections = new List<ProjectionSpec>();
        foreach (var s in _synapses)
        {
            if (s.Weights.Count == 0) continue;
            double scale = s.ToMuscle ? chem * muscle : chem;
            projections.Add(new ProjectionSpec
            {
                Name = $"{GroupName(s.Source)}->{GroupName(s.Target)} {(s.Receptor == Receptor.Excitatory ? "excitatory" : "inhibitory")}{(s.ToMuscle ? " onto muscles" : "")}",
                Source = GroupName(s.Source), Target = GroupName(s.Target), Receptor = s.Receptor,
                Connectivity = new ExplicitConnectivity { Sources = [.. s.Sources], Targets = [.. s.Targets], Weights = [.. s.Weights.Select(w => w * scale)], DelaysMs = [.. s.Delays] },
            });
        }
        var gaps = _gaps.Select(s => new GapJunctionSpec
        {
            Name = $"{GroupName(s.Source)}~{GroupName(s.Target)}", Source = GroupName(s.Source), Target = GroupName(s.Target),
            Connectivity = new ExplicitConnectivity { Sources = [.. s.Sources], Targets = [.. s.Targets], Weights = [.. s.Weights.Select(w => w * gap)] },
        }).ToList();

        // Sensor i -> its cells, with the gain of its class (bend: the bent side's SMD and the stretched side's).
        var sensorLinks = new List<(int Sensor, string Cell, double Weight)>();
        void Link(int sensorIndex, IEnumerable<string> cells, P gain)
        {
            foreach (string cell in cells) sensorLinks.Add((sensorIndex, cell, v[(int)gain]));
        }
        var sc = WormConnectome.SensorCells;
        Link(0, sc[0], P.Smell);
        Link(1, sc[1], P.SmellChange);
        Link(2, sc[2], P.SmellChange);
        Link(3, sc[3], P.Touch);
        Link(4, sc[4], P.Touch);
        Link(5, sc[5], P.BendSameSide);
        Link(6, sc[6], P.BendSameSide);
        Link(5, sc[6], P.BendOtherSide);
        Link(6, sc[5], P.BendOtherSide);
        for (int g = 0; g < _groups.Count; g++)
        {
            var mine = sensorLinks.Where(l => _cells.TryGetValue(l.Cell, out var c) && c.Group == g).ToList();
            if (mine.Count == 0) continue;
            projections.Add(new ProjectionSpec
            {
                Name = $"{@in}->{GroupName(g)} sensory", Source = @in, Target = GroupName(g), Receptor = Receptor.Excitatory,
                Connectivity = new ExplicitConnectivity { Sources = [.. mine.Select(l => l.Sensor)], Targets = [.. mine.Select(l => _cells[l.Cell].Index)], Weights = [.. mine.Select(l => l.Weight)] },
            });
        }
        double period = Math.Clamp(v[(int)P.OscillatorPeriod], WormConnectomeCircuit.MinOscillatorPeriodMs, WormConnectomeCircuit.MaxOscillatorPeriodMs);
        // The delay is rounded to the engine step, so the network file says exactly what runs.
        double steerDelay = Math.Round(Math.Clamp(v[(int)P.SteerDelay], 0, 1) * period / WormConnectomeCircuit.DtMs) * WormConnectomeCircuit.DtMs;
        if (Steering(GroupName, v, steerDelay, sensor) is { } steering)
        {
            populations.Add(steering.Relay);
            projections.AddRange(steering.Projections);
        }
        for (int g = 0; g < _groups.Count; g++)
        {
            var mine = new List<(int Cell, int Motor)>();
            for (int j = 0; j < WormConnectome.MotorCells.Count; j++)
            {
                foreach (string cell in WormConnectome.MotorCells[j])
                {
                    if (_cells.TryGetValue(cell, out var c) && c.Group == g) mine.Add((c.Index, j));
                }
            }
            if (mine.Count == 0) continue;
            projections.Add(new ProjectionSpec
            {
                Name = $"{GroupName(g)}->{@out} readout", Source = GroupName(g), Target = @out, Receptor = Receptor.Excitatory,
                Connectivity = new ExplicitConnectivity
                {
                    Sources = [.. mine.Select(m => m.Cell)], Targets = [.. mine.Select(m => m.Motor)],
                    Weights = [.. mine.Select(m => v[(int)(m.Motor == 2 ? P.ReverseReadout : P.Readout)])],
                },
            });
        }
        var inputs = Enumerable.Range(0, _groups.Count).Select(g => (InputSpec)new CurrentInputSpec { Target = GroupName(g), Amplitude = v[(int)P.TonicDrive] }).ToList();
        inputs.AddRange(HeadOscillator(GroupName, period, v[(int)P.OscillatorAmplitude], oscillatorSpanMs));
        string order = string.Join(", ", _groups.Select((x, g) => $"{GroupName(g)} = {string.Join(" ", _order.Where(c => _cells[c].Group == g))}"));
        return new NetworkSpec
        {
            Name = name,
            Description = string.Create(CultureInfo.InvariantCulture,
                $"The connectome '{_source}' as the worm's nervous system (docs/world-worm.md, 'Evolving gains on a connectome'): its {SynapseCount} synapses ({_dropped} of weight 0 left out) and {_gaps.Sum(x => x.Weights.Count)} gap junctions kept, cells packed by model; a head oscillator of period {period:G4} ms alternates pulses of {v[(int)P.OscillatorAmplitude]:G4} mV on the dorsal and ventral head motor neurons for {oscillatorSpanMs / 1000:G4} s, and smellRise inhibits and smellFall excites them (weights {v[(int)P.SteerRise]:G3} and {v[(int)P.SteerFall]:G3}, delay {steerDelay:G4} ms), so a smell change felt in one sweep shapes a later one; input (smell, smellRise, smellFall, touchHead, touchTail, bendLeft, bendRight) drives AWC, ASEL, ASER, ALM/AVM, PLM and SMD; output (left, right, reverse) reads the dorsal and ventral head muscles and AVA. Cell order: {order}."),
            DtMs = WormConnectomeCircuit.DtMs,
            DurationMs = oscillatorSpanMs,
            Populations = populations,
            Projections = projections,
            GapJunctions = gaps,
            Inputs = inputs,
        };
    }
}
