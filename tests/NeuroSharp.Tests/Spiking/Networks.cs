using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Small networks shared by the engine tests.</summary>
internal static class Networks
{
    /// <summary>One neuron of a model driven by a constant current from t = 0.</summary>
    public static NetworkSpec Driven(NeuronModelSpec model, double amplitude, double dtMs = 0.1, IReadOnlyDictionary<string, DistributionSpec>? initial = null) => new()
    {
        DtMs = dtMs,
        Populations = [new PopulationSpec { Name = "n", Count = 1, Model = model, Initial = initial }],
        Inputs = [new CurrentInputSpec { Target = "n", Amplitude = amplitude }],
    };

    /// <summary>
    /// A recurrent E/I network of LIF neurons with Poisson drive, per-synapse delays, STDP on E->E and
    /// short-term depression on I->E: every stateful feature at once, for invariance tests.
    /// </summary>
    public static NetworkSpec Busy(int excitatory = 400, int inhibitory = 100) => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec
            {
                Name = "exc", Count = excitatory, Kind = NeuronKind.Excitatory,
                Model = new LifNeuronSpec { RestMv = -70, ResetMv = -60, ThresholdMv = -50, RefractoryMs = 2, AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 0.5, TauMs = 100 } },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -50) },
            },
            new PopulationSpec
            {
                Name = "inh", Count = inhibitory, Kind = NeuronKind.Inhibitory,
                Model = new ConductanceLifNeuronSpec { RefractoryMs = 1 },
                Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-55, 3) },
            },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "exc", Target = "exc", Receptor = Receptor.Excitatory, Connectivity = new FixedInDegreeConnectivity { InDegree = 40 },
                Weight = DistributionSpec.Uniform(0.2, 0.8), DelayMs = DistributionSpec.Constant(1),
                Stdp = new StdpRuleSpec { WMax = 1, APlus = 0.01, AMinus = 0.012 },
            },
            new ProjectionSpec
            {
                Source = "exc", Target = "inh", Receptor = Receptor.Excitatory, Connectivity = new FixedInDegreeConnectivity { InDegree = 20 },
                Weight = DistributionSpec.Constant(0.1), DelayMs = DistributionSpec.Uniform(0.5, 3),
            },
            new ProjectionSpec
            {
                Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 20.0 / inhibitory },
                Weight = DistributionSpec.Normal(3, 1), ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 200, TauFacMs = 50 },
            },
        ],
        Inputs =
        [
            new PoissonInputSpec { Target = "exc", SourceCount = 100, RateHz = 40, Weight = 1.2 },
            new PoissonInputSpec { Target = "inh", SourceCount = 50, RateHz = 20, Weight = 0.05 },
        ],
        Monitors =
        [
            new SpikeMonitorSpec { Target = "exc" },
            new SpikeMonitorSpec { Target = "inh" },
            new StateMonitorSpec { Target = "exc", Variables = ["v", "ge", "theta"], Indices = [0, 7, 99], EverySteps = 7 },
            new RateMonitorSpec { Target = "inh", BinMs = 2 },
        ],
    };

    /// <summary>
    /// examples/networks/cobahh.json with its populations at 4 200 and 800 neurons (two blocks of 4 096 and 904, so threads
    /// split the work), each with <paramref name="model"/> where given.
    /// </summary>
    public static NetworkSpec CobahhInTwoBlocks(NeuronModelSpec? model = null)
    {
        var spec = NetworkFile.Load(Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "examples", "networks", "cobahh.json"));
        var (exc, inh) = (spec.Populations[0], spec.Populations[1]);
        return spec with
        {
            Populations = [exc with { Count = 4200, Model = model ?? exc.Model }, inh with { Count = 800, Model = model ?? inh.Model }],
        };
    }

    /// <summary>
    /// Runs <paramref name="spec"/> for <paramref name="steps"/> steps at 1, 2 and 4 threads (seed 3) and asserts the same spikes
    /// (every monitor's step:neuron list) each time, and that the network fired (the list at least 1 000 characters long).
    /// </summary>
    public static void AssertSameSpikesAtOneTwoAndFourThreads(NetworkSpec spec, int steps = 1000)
    {
        string Run(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = threads });
            e.Run(steps);
            return string.Join(",", e.SpikeMonitors.SelectMany(m => m.Steps.ToArray().Zip(m.Neurons.ToArray(), (s, i) => $"{s}:{i}")));
        }
        string one = Run(1);
        Assert.True(one.Length > 1000, $"the network should fire within {steps} steps");
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
    }
}
