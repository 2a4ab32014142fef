using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// The seed circuit of worm-klinotaxis (docs/world-worm.md, "The klinotaxis circuit"), whose nine parameters CMA-ES or
/// CoSyNE tune (<c>evolve --task worm-klinotaxis --algorithm cmaes --circuit</c>). Locomotion: a half-centre oscillator
/// (two adapting LIF neurons that silence each other through inhibitory interneurons, about 1 Hz) drives the left and
/// right muscle outputs in alternation. Weathervane steering: four coincidence neurons, each fed by a smell-change
/// sensor and a bend sensor with weights too small for one of them alone to fire it, push the head towards the side it
/// is bent to while the smell rises and away while it falls; each excites its muscle and, through its own inhibitory
/// interneuron, vetoes the opposite one. Search: a slow "turn" neuron integrates the smell's fall and bends the path to
/// the left while the worm is heading away. Withdrawal: a head touch charges a slow hold neuron that drives the reverse
/// output for several seconds (about 5 s after a brief touch).
/// </summary>
public static class WormKlinotaxisCircuit
{
    /// <summary>The circuit's name.</summary>
    public const string Name = "worm-klinotaxis-circuit";

    /// <summary>
    /// The free numbers, with the values of the first design (before any tuning) as the start. Weights in mV (the
    /// current-based LIF's jump per spike).
    /// </summary>
    public static IReadOnlyList<CircuitParameter> Parameters { get; } =
    [
        new("smell change -> steer weight (mV)", 10, 0.2, true),
        new("bend -> steer weight (mV)", 10, 0.2, true),
        new("steer -> muscle weight (mV)", 100, 0.4, true),
        new("steer veto -> opposite muscle weight (mV)", 50, 0.4, true),
        new("smell fall -> turn weight (mV)", 0.2, 0.5, true),
        new("turn -> left muscle weight (mV)", 40, 0.4, true),
        new("oscillator -> muscle weight (mV)", 80, 0.2, true),
        new("oscillator drive (mV)", 40, 0.05, true),
        new("sensor threshold (mV)", -66, 1, false),
    ];

    /// <summary>
    /// The champion of <c>neurosharp evolve --task worm-klinotaxis --algorithm cmaes --circuit --seed 1</c> (genome
    /// components, one per parameter; found in generation 1 after 12 evaluations). It reaches the food on 90 of the 100
    /// held-out trials (docs/results.md, "Worlds"); the untuned seed reaches 34.
    /// </summary>
    public static IReadOnlyList<double> Evolved { get; } =
        [-0.3282113745401843, -0.4221260050525864, -1.0338003733098697, -1.3250313613079931, 1.4767390550926032,
         -0.7337373320231761, -0.18054016162434336, -0.7995345200402705, 0.11357099983191664];

    /// <summary>The evolved champion's network (<see cref="Evolved"/> decoded).</summary>
    /// <returns>The network, named "worm-klinotaxis-champion".</returns>
    public static NetworkSpec BuildEvolved() => Template.Decode(Template.ToGenome(0, [.. Evolved]), ControllerModel.Lif, "worm-klinotaxis-champion");

    /// <summary>The template evolution searches (component k of a genome moves parameter k).</summary>
    public static CircuitTemplate Template { get; } = new(Name, Parameters, Build);

    /// <summary>Builds the circuit from parameter values in <see cref="Parameters"/> order; dt = 1 ms (a 20 ms world step is 20 engine steps).</summary>
    /// <param name="p">The nine values.</param>
    /// <returns>The network (populations "input" 7 and "output" 3, as the worm tasks bind).</returns>
    public static NetworkSpec Build(double[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length != Parameters.Count) throw new ArgumentException($"The klinotaxis circuit has {Parameters.Count} parameters, got {p.Length}.", nameof(p));
        double smellToSteer = p[0], bendToSteer = p[1], steerToMuscle = p[2], veto = p[3], fallToTurn = p[4], turnToMuscle = p[5],
            cpgToMuscle = p[6], drive = p[7], sensorThreshold = p[8];
        const double relay = 150, inhibition = 20, touchToHold = 150;
        var basic = new LifNeuronSpec { TauMs = 10, RestMv = -70, ResetMv = -70, ThresholdMv = -50, RefractoryMs = 2, TauExcMs = 5, TauInhMs = 5 };
        // Between the reset (-70) and -50: a genome may ask for any value, and a threshold at or below the reset is invalid.
        var input = basic with { ThresholdMv = Math.Clamp(sensorThreshold, -69.5, -50.5) };
        var oscillator = basic with { TauMs = 20, ResetMv = -60, TauInhMs = 20, AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 2, TauMs = 400 } };
        var inter = basic with { TauInhMs = 20 };
        var hold = basic with { TauExcMs = 1000 };
        // The turn neuron's slow excitation (300 ms) integrates the smell-fall sensor's spikes into a rate.
        var turn = basic with { TauExcMs = 300 };
        // Slow synapses smooth the oscillator's and the steering's spikes into sustained muscle drive.
        var muscle = basic with { TauExcMs = 20, TauInhMs = 20 };
        const string @in = IEvolutionTask.InputPopulation, @out = IEvolutionTask.OutputPopulation;
        return new NetworkSpec
        {
            Name = Name,
            Description = "The worm-klinotaxis seed circuit (docs/world-worm.md, 'The klinotaxis circuit'): a half-centre oscillator drives the left and right muscles in alternation; coincidence neurons (steer) push towards the side the head is bent to while the smell rises and away while it falls, vetoing the opposite muscle through steerVeto; a slow turn neuron bends the path left while the smell falls; a head touch charges a hold neuron that drives the reverse output. Sensors (input): smell, smellRise, smellFall, touchHead, touchTail, bendLeft, bendRight; outputs: left, right, reverse.",
            DtMs = 1,
            DurationMs = 2000,
            Neurons =
            [
                new SingleNeuronSpec { Id = "cpgLeft", Model = oscillator, Kind = NeuronKind.Excitatory, X = 300, Y = 100, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-52) } },
                new SingleNeuronSpec { Id = "cpgRight", Model = oscillator, Kind = NeuronKind.Excitatory, X = 300, Y = 220 },
                new SingleNeuronSpec { Id = "inhLeft", Model = inter, Kind = NeuronKind.Inhibitory, X = 420, Y = 130 },
                new SingleNeuronSpec { Id = "inhRight", Model = inter, Kind = NeuronKind.Inhibitory, X = 420, Y = 190 },
                new SingleNeuronSpec { Id = "turn", Model = turn, Kind = NeuronKind.Excitatory, X = 300, Y = 480 },
                new SingleNeuronSpec { Id = "hold", Model = hold, Kind = NeuronKind.Excitatory, X = 300, Y = 560 },
            ],
            Links =
            [
                new LinkSpec { From = "cpgLeft", To = "inhLeft", Weight = relay },
                new LinkSpec { From = "inhLeft", To = "cpgRight", Weight = inhibition },
                new LinkSpec { From = "cpgRight", To = "inhRight", Weight = relay },
                new LinkSpec { From = "inhRight", To = "cpgLeft", Weight = inhibition },
            ],
            Populations =
            [
                new PopulationSpec { Name = @in, Count = WormWorld.SensorCount, Model = input, Kind = NeuronKind.Excitatory, X = 100, Y = 300 },
                new PopulationSpec { Name = "steer", Count = 4, Model = basic, Kind = NeuronKind.Excitatory, X = 300, Y = 320 },
                new PopulationSpec { Name = "steerVeto", Count = 4, Model = inter, Kind = NeuronKind.Inhibitory, X = 420, Y = 380 },
                new PopulationSpec { Name = @out, Count = WormEpisode.OutputCount, Model = muscle, Kind = NeuronKind.Excitatory, X = 560, Y = 300 },
            ],
            Projections =
            [
                Explicit("cpgLeft", @out, [0], [0], cpgToMuscle),
                Explicit("cpgRight", @out, [0], [1], cpgToMuscle),
                // steer 0 = rise and bent left, 1 = rise and bent right, 2 = fall and bent left, 3 = fall and bent right.
                Explicit(@in, "steer", [1, 1, 2, 2], [0, 1, 2, 3], smellToSteer, name: "smellChange->steer"),
                Explicit(@in, "steer", [5, 6, 5, 6], [0, 1, 2, 3], bendToSteer, name: "bend->steer"),
                Explicit("steer", @out, [0, 1, 2, 3], [0, 1, 1, 0], steerToMuscle),
                Explicit("steer", "steerVeto", [0, 1, 2, 3], [0, 1, 2, 3], relay),
                Explicit("steerVeto", @out, [0, 1, 2, 3], [1, 0, 0, 1], veto, Receptor.Inhibitory),
                Explicit(@in, "turn", [2], [0], fallToTurn, name: "smellFall->turn"),
                Explicit("turn", @out, [0], [0], turnToMuscle),
                Explicit(@in, "hold", [3], [0], touchToHold, name: "touchHead->hold"),
                Explicit("hold", @out, [0], [2], relay),
            ],
            Inputs =
            [
                new CurrentInputSpec { Target = "cpgLeft", Amplitude = drive },
                new CurrentInputSpec { Target = "cpgRight", Amplitude = drive },
            ],
        };
    }

    private static ProjectionSpec Explicit(string source, string target, int[] sources, int[] targets, double weight, Receptor receptor = Receptor.Excitatory, string? name = null) => new()
    {
        Name = name ?? $"{source}->{target}",
        Source = source,
        Target = target,
        Receptor = receptor,
        Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets },
        Weight = DistributionSpec.Constant(weight),
    };
}
