using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Golomb's chi (SpikeStatistics.Synchrony) on planted spike trains and states: 1 for lockstep, 0 for a perfect stagger.</summary>
public class SynchronyTests
{
    private static SpikeMonitor Planted(int[] indices, double[] timesMs)
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "s", Count = 10, Model = new SpikeTimesSourceSpec { Indices = indices, TimesMs = timesMs } }],
            Monitors = [new SpikeMonitorSpec { Target = "s" }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(1000);
        return engine.SpikeMonitors[0];
    }

    [Fact]
    public void SpikeCounts_TenNeuronsInLockstep_ChiIsOne()
    {
        // Every neuron fires at 5, 15, ..., 95 ms: the population's count is each neuron's, so Var(X) = Var(x_i).
        var idx = new List<int>();
        var t = new List<double>();
        for (int k = 0; k < 10; k++) for (int i = 0; i < 10; i++) { idx.Add(i); t.Add(5 + 10 * k); }
        Assert.Equal(1.0, SpikeStatistics.Synchrony(Planted([.. idx], [.. t]), binSteps: 10, fromStep: 0, toStep: 1000), 12);
    }

    [Fact]
    public void SpikeCounts_TenNeuronsInPerfectStagger_ChiIsZero()
    {
        // Neuron i fires at 10 k + i + 0.5 ms: each 1 ms bin holds exactly one spike, so the population count is constant.
        var idx = new List<int>();
        var t = new List<double>();
        for (int k = 0; k < 10; k++) for (int i = 0; i < 10; i++) { idx.Add(i); t.Add(10 * k + i + 0.5); }
        var m = Planted([.. idx], [.. t]);
        Assert.Equal(100, m.Count);
        // Zero up to rounding: Var(X) = E[X^2] - E[X]^2 in doubles leaves about 1e-16, whose square root is about 1e-8.
        Assert.InRange(SpikeStatistics.Synchrony(m, binSteps: 10, fromStep: 0, toStep: 1000), 0, 1e-6);
    }

    [Fact]
    public void Voltage_IdenticalNeurons_ChiIsOne()
    {
        // Identical LIF neurons from the same v under the same current: every v_i is the population mean.
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "n", Count = 8, Model = LifNeuronSpec.Brunel }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 25 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(500);
        Assert.Equal(1.0, SpikeStatistics.Synchrony(engine.StateMonitors[0], "v", fromStep: 0), 9);
    }
}
