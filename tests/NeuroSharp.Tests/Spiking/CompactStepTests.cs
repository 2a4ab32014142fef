using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The compact step of small plain-LIF networks (SpikingEngine.Compact) against the general step.</summary>
public class CompactStepTests
{
    private static LifNeuronSpec Sensor => new() { TauMs = 5, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 0 };

    private static LifNeuronSpec Motor => new() { TauMs = 10, RestMv = -65, ResetMv = -62, ThresholdMv = -55, RefractoryMs = 1, TauExcMs = 5, TauInhMs = 3 };

    /// <summary>
    /// Sensors "a" (7, driven from outside), "b" (12: the general step takes its vector kernel) and "c" (2), with every
    /// delivery the compact step handles: per-synapse delays with zeros among them (a ring), one constant delay of several
    /// steps (a queue), no delay, both receptors, a recurrent projection, and a current input that switches on and off.
    /// </summary>
    private static NetworkSpec Small(IReadOnlyList<MonitorSpec> monitors) => new()
    {
        DtMs = 0.25,
        Populations =
        [
            new PopulationSpec { Name = "a", Count = 7, Model = Sensor },
            new PopulationSpec { Name = "b", Count = 12, Model = Motor, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-65, -56) } },
            new PopulationSpec { Name = "c", Count = 2, Model = Motor },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Name = "a->c:exc", Source = "a", Target = "c", Receptor = Receptor.Excitatory,
                Connectivity = new ExplicitConnectivity { Sources = [0, 1, 2, 3, 6], Targets = [0, 1, 0, 1, 0], Weights = [31.5, 12.25, 47, 8, 20], DelaysMs = [0, 20.25, 0, 5, 0.75] },
            },
            new ProjectionSpec
            {
                Name = "a->c:inh", Source = "a", Target = "c", Receptor = Receptor.Inhibitory,
                Connectivity = new ExplicitConnectivity { Sources = [0, 4, 5], Targets = [1, 0, 1], Weights = [17.5, 44, 9.5], DelaysMs = [20.25, 0, 0] },
            },
            new ProjectionSpec
            {
                Source = "a", Target = "b", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 },
                Weight = DistributionSpec.Uniform(5, 30), DelayMs = DistributionSpec.Constant(1.5),
            },
            new ProjectionSpec
            {
                Source = "b", Target = "b", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 },
                Weight = DistributionSpec.Uniform(1, 10),
            },
            new ProjectionSpec
            {
                Source = "b", Target = "c", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(),
                Weight = DistributionSpec.Uniform(1, 6), DelayMs = DistributionSpec.Uniform(0, 3),
            },
        ],
        Inputs = [new CurrentInputSpec { Target = "b", Amplitude = 9.5, StartMs = 10, StopMs = 300 }],
        Monitors = monitors,
    };

    private static readonly MonitorSpec[] Recorded =
    [
        new SpikeMonitorSpec { Target = "a" }, new SpikeMonitorSpec { Target = "c" },
        new StateMonitorSpec { Target = "b", Variables = ["v", "ge", "gi"] }, new RateMonitorSpec { Target = "c", BinMs = 5 },
    ];

    /// <summary>Runs an engine with the sensors forced as a closed loop forces them (a current of 1 000 mV on a random ~30 % of steps), recording every step's spikes.</summary>
    private static List<int[]> Drive(SpikingEngine engine, int steps)
    {
        var rng = new RandomStream(11);
        var forced = new float[7];
        var record = new List<int[]>();
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < forced.Length; i++) forced[i] = rng.NextDouble() < 0.3 ? 1000 : 0;
            engine.SetCurrents("a", forced);
            engine.Step();
            foreach (var p in new[] { "a", "b", "c" }) record.Add([.. engine.LastStepSpikes(p)]);
        }
        return record;
    }

    private static void AssertSameState(SpikingEngine a, SpikingEngine b)
    {
        foreach (var p in new[] { "a", "b", "c" })
        {
            foreach (var v in new[] { "v", "ge", "gi" })
                Assert.Equal(a.GetVariable(p, v).Select(BitConverter.SingleToInt32Bits), b.GetVariable(p, v).Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(a.SpikeCountOf(p), b.SpikeCountOf(p));
        }
        Assert.Equal(a.SynapticEvents, b.SynapticEvents);
    }

    [Fact]
    public void CompactStep_SmallLifNetwork_GivesTheGeneralStepsSpikesAndStateBitForBit()
    {
        foreach (var monitors in new[] { Recorded, [new RateMonitorSpec { Target = "c", BinMs = 1e7 }] })
        {
            var compact = new SpikingEngine(Small(monitors), new SimulationOptions { Seed = 5, Threads = 1 });
            var general = new SpikingEngine(Small(monitors), new SimulationOptions { Seed = 5, Threads = 1 });
            general.UseGeneralStep();
            Assert.True(compact.StepsCompact);
            Assert.False(general.StepsCompact);
            var x = Drive(compact, 2000);
            var y = Drive(general, 2000);
            Assert.True(x.Sum(s => s.Length) > 500, "the network should be active");
            Assert.True(compact.SpikeCountOf("c") > 20, "the motors should fire");
            Assert.Equal(y, x);
            AssertSameState(compact, general);
            for (int m = 0; m < monitors.Length; m++)
            {
                switch (monitors[m])
                {
                    case RateMonitorSpec:
                        Assert.Equal(general.RateMonitors[0].Counts.ToArray(), compact.RateMonitors[0].Counts.ToArray());
                        break;
                    case StateMonitorSpec:
                        Assert.Equal(general.StateMonitors[0].Values("ge").ToArray(), compact.StateMonitors[0].Values("ge").ToArray());
                        break;
                }
            }
            // After a reset of the dynamics the two still agree (the state the compact step reads is the engine's own).
            compact.ResetDynamics(3);
            general.ResetDynamics(3);
            Assert.Equal(Drive(general, 500), Drive(compact, 500));
            AssertSameState(compact, general);
        }
    }

    [Fact]
    public void CompactStep_Chosen_OnlyForSmallPlainLifNetworks()
    {
        var plain = Small([new RateMonitorSpec { Target = "c" }]);
        Assert.True(new SpikingEngine(plain).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Populations = [.. plain.Populations.Select(p => p.Name == "b" ? p with { Count = 300 } : p)] }).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Populations = [.. plain.Populations.Select(p => p.Name == "c" ? p with { Model = Motor with { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 1, TauMs = 100 } } } : p)] }).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Populations = [.. plain.Populations.Select(p => p.Name == "c" ? p with { Model = Motor with { RiseExcMs = 1 } } : p)] }).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Populations = [.. plain.Populations.Select(p => p.Name == "c" ? p with { Model = new ConductanceLifNeuronSpec() } : p)] }).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Projections = [.. plain.Projections.Select((p, k) => k == 3 ? p with { ShortTermPlasticity = new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 100, TauFacMs = 0 } } : p)] }).StepsCompact);
        Assert.False(new SpikingEngine(plain with { Inputs = [new PoissonInputSpec { Target = "b", SourceCount = 10, RateHz = 20, Weight = 1 }] }).StepsCompact);
    }

    [Fact]
    public void CompactStep_AfterWarmUp_AllocatesNothingPerStep()
    {
        var engine = new SpikingEngine(Small([new RateMonitorSpec { Target = "c", BinMs = 1e7 }]), new SimulationOptions { Threads = 1 });
        var forced = new float[7];
        void Steps(int n)
        {
            for (int t = 0; t < n; t++)
            {
                forced[t % 7] = t % 3 == 0 ? 1000 : 0;
                engine.SetCurrents("a", forced);
                engine.Step();
            }
        }
        Steps(2000);
        engine.ResetDynamics();
        long allocated = NeuroSharp.Testing.Allocations.Least(() => Steps(2000));
        Assert.True(engine.StepsCompact);
        Assert.True(engine.SpikeCountOf("c") > 0);
        Assert.Equal(0, allocated);
    }
}
