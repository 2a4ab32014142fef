using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The engine's spike counts per neuron (SpikingEngine.CountSpikesPerNeuron, what the Diehl and Cook presenter reads instead of a
/// spike monitor): each neuron's spikes since the last take, clear or ResetDynamics, the same as a spike monitor's, on the
/// engine's full step and on its compact step.
/// </summary>
public class SpikeCountsPerNeuronTests
{
    /// <summary>The counted population: 12 LIF neurons started at uniform voltages below threshold.</summary>
    private static PopulationSpec Out() => new()
    {
        Name = "out", Count = 12, Model = new LifNeuronSpec { RestMv = -65, ResetMv = -65, ThresholdMv = -52, TauMs = 20, RefractoryMs = 2 },
        Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-65, -53) },
    };

    private static NetworkSpec Network(IReadOnlyList<MonitorSpec> monitors) => new()
    {
        DtMs = 0.5,
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 30, Model = new PoissonSourceSpec { RateHz = 60 } },
            Out(),
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 },
                Weight = DistributionSpec.Uniform(4, 12), DelayMs = DistributionSpec.Constant(1),
            },
        ],
        Monitors = monitors,
    };

    /// <summary>Current-based LIF alone (no source population, no plasticity): what the engine's compact step takes.</summary>
    private static NetworkSpec CompactNetwork(IReadOnlyList<MonitorSpec> monitors) => new()
    {
        DtMs = 0.5,
        Populations =
        [
            Out(),
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "out", Target = "out", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.4 },
                Weight = DistributionSpec.Uniform(0.5, 3), DelayMs = DistributionSpec.Constant(1),
            },
        ],
        Inputs = [new CurrentInputSpec { Target = "out", Amplitude = 18, StartMs = 0, StopMs = 250 }],
        Monitors = monitors,
    };

    private static int[] Histogram(SpikeMonitor monitor, int from, int to, int neurons)
    {
        var counts = new int[neurons];
        var steps = monitor.Steps;
        var ids = monitor.Neurons;
        for (int k = 0; k < ids.Length; k++)
        {
            if (steps[k] >= from && steps[k] < to) counts[ids[k]]++;
        }
        return counts;
    }

    [Fact]
    public void TakeClearReset_CountsEachNeuronsSpikesSinceTheLastClear_AsTheSpikeMonitor()
    {
        var engine = new SpikingEngine(Network([new SpikeMonitorSpec { Target = "out" }]), new SimulationOptions { Seed = 4 });
        engine.CountSpikesPerNeuron("out");
        var counts = new int[12];
        engine.Run(400);
        engine.TakeSpikesPerNeuron("out", counts);
        Assert.Equal(Histogram(engine.SpikeMonitors[0], 0, 400, 12), counts);
        Assert.True(counts.Distinct().Count() > 2, $"the neurons should fire at different rates (got {string.Join(",", counts)})");
        engine.TakeSpikesPerNeuron("out", counts); // a take clears
        Assert.All(counts, c => Assert.Equal(0, c));

        engine.Run(200);
        engine.ClearSpikesPerNeuron("out");
        engine.Run(150);
        engine.TakeSpikesPerNeuron("out", counts);
        Assert.Equal(Histogram(engine.SpikeMonitors[0], 600, 750, 12), counts);

        engine.Run(100);
        engine.ResetDynamics(3);
        engine.TakeSpikesPerNeuron("out", counts);
        Assert.All(counts, c => Assert.Equal(0, c));
    }

    [Fact]
    public void CompactStep_RateMonitorOnly_SameCountsAsTheFullStepsSpikeMonitor()
    {
        var compact = new SpikingEngine(CompactNetwork([new RateMonitorSpec { Target = "out", BinMs = 10 }]), new SimulationOptions { Seed = 9 });
        var full = new SpikingEngine(CompactNetwork([new SpikeMonitorSpec { Target = "out" }]), new SimulationOptions { Seed = 9 });
        Assert.True(compact.StepsCompact);
        compact.CountSpikesPerNeuron("out");
        compact.Run(500);
        full.Run(500);
        var counts = new int[12];
        compact.TakeSpikesPerNeuron("out", counts);
        Assert.Equal(Histogram(full.SpikeMonitors[0], 0, 500, 12), counts);
        Assert.Equal(full.SpikeCountOf("out"), counts.Sum());
        Assert.True(counts.Sum() > 20, $"the output should fire (got {counts.Sum()} spikes)");
    }

    [Fact]
    public void Take_PopulationNotCounted_NamesIt()
    {
        var engine = new SpikingEngine(Network([new SpikeMonitorSpec { Target = "out" }]));
        var e = Assert.Throws<ArgumentException>(() => engine.TakeSpikesPerNeuron("out", new int[12]));
        Assert.Contains("Population 'out' does not count spikes per neuron", e.Message);
        engine.CountSpikesPerNeuron("out");
        Assert.Throws<ArgumentException>(() => engine.TakeSpikesPerNeuron("out", new int[11]));
    }
}
