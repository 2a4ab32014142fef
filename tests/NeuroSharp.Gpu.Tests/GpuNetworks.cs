using NeuroSharp.Spiking;

namespace NeuroSharp.Gpu.Tests;

/// <summary>Small networks the device backend is checked on against the CPU engine.</summary>
internal static class GpuNetworks
{
    private static readonly Dictionary<string, DistributionSpec> SpreadV = new() { ["v"] = DistributionSpec.Uniform(-70, -52) };

    /// <summary>
    /// A recurrent E/I network of one model: constant delays (0 and 1 ms), Poisson drive, a current that
    /// switches on and off, spike, state and rate monitors.
    /// </summary>
    public static NetworkSpec EiNetwork(NeuronModelSpec excModel, NeuronModelSpec inhModel, int excitatory = 160, int inhibitory = 40,
        double weightScale = 1, IReadOnlyDictionary<string, DistributionSpec>? initial = null) => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec { Name = "exc", Count = excitatory, Kind = NeuronKind.Excitatory, Model = excModel, Initial = initial ?? SpreadV },
            new PopulationSpec { Name = "inh", Count = inhibitory, Kind = NeuronKind.Inhibitory, Model = inhModel, Initial = initial ?? SpreadV },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "exc", Target = "exc", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.1 },
                Weight = DistributionSpec.Uniform(0.5 * weightScale, 1.5 * weightScale), DelayMs = DistributionSpec.Constant(1),
            },
            new ProjectionSpec
            {
                Source = "exc", Target = "inh", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.2 },
                Weight = DistributionSpec.Constant(1.0 * weightScale),
            },
            new ProjectionSpec
            {
                Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 },
                Weight = DistributionSpec.Constant(2.0 * weightScale), DelayMs = DistributionSpec.Constant(0.5),
            },
        ],
        Inputs =
        [
            new PoissonInputSpec { Target = "exc", SourceCount = 100, RateHz = 30, Weight = 1.5 * weightScale },
            new PoissonInputSpec { Target = "inh", SourceCount = 100, RateHz = 20, Weight = 1.0 * weightScale },
            new CurrentInputSpec { Target = "exc", Amplitude = 4, StartMs = 5, StopMs = 15 },
        ],
        Monitors =
        [
            new SpikeMonitorSpec { Target = "exc" },
            new SpikeMonitorSpec { Target = "inh" },
            new StateMonitorSpec { Target = "exc", Variables = ["v", "ge"], Indices = [0, 3, 77], EverySteps = 3 },
            new RateMonitorSpec { Target = "inh", BinMs = 1 },
        ],
    };

    /// <summary>A Poisson source population drives LIF neurons through a plastic (triplet STDP) projection, with an adaptive threshold.</summary>
    public static NetworkSpec Plastic(StdpBounds bounds, double tripletAmplitude) => new()
    {
        DtMs = 0.5,
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 60, Model = new PoissonSourceSpec { RateHz = 40 } },
            new PopulationSpec
            {
                Name = "out", Count = 20,
                Model = new LifNeuronSpec { RestMv = -65, ResetMv = -65, ThresholdMv = -52, TauMs = 20, RefractoryMs = 2,
                    AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 0.2, TauMs = 200 } },
            },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(),
                Weight = DistributionSpec.Uniform(1, 4), DelayMs = DistributionSpec.Constant(1),
                Stdp = new StdpRuleSpec { WMax = 6, APlus = 0.01, AMinus = 0.011, Bounds = bounds, APlusTriplet = tripletAmplitude },
            },
        ],
        Monitors = [new SpikeMonitorSpec { Target = "out" }],
    };

    /// <summary>An E/I network with per-synapse delays (the delay rings).</summary>
    public static NetworkSpec Delayed(int excitatory = 200, int inhibitory = 50)
    {
        var spec = EiNetwork(new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 },
            new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 1 }, excitatory, inhibitory);
        return spec with
        {
            Projections = [.. spec.Projections.Select((p, i) => i == 0 ? p with { DelayMs = DistributionSpec.Uniform(0.5, 3) } : p)],
        };
    }

    /// <summary>4 disjoint patterns of 10 lit pixels on 40 inputs (images for a small Diehl and Cook network).</summary>
    public static NeuroSharp.Data.Dataset Patterns()
    {
        var values = new float[4 * 40];
        for (int p = 0; p < 4; p++)
        {
            for (int k = 0; k < 10; k++) values[p * 40 + p * 10 + k] = 1f;
        }
        return new NeuroSharp.Data.Dataset("patterns", values, 4, 40, [0, 1, 2, 3]);
    }
}
