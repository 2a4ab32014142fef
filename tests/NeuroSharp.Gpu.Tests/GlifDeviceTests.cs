using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// GLIF populations with current ports (NEST's glif_psc, the five levels) on ILGPU's CPU accelerator against the CPU engine: the
/// kernel does GlifGroup's float operations in its order, so spikes and every recorded variable are compared exactly.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class GlifDeviceTests
{
    private static readonly string[] Levels = ["lif", "lifR", "lifAsc", "lifRAsc", "lifRAscA"];
    private readonly GpuDevice _device;

    public GlifDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void GlifPsc_EveryLevel_SameSpikesAndStatesAsCpu()
    {
        var spec = Network();
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 4 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(700);
        gpu.Run(250); // cut: spikes in flight, refractory counts and the alpha states cross it
        gpu.Run(450);

        AssertSameGlif(cpu, gpu, Levels);
        // Each mechanism acted, so its state could differ: theta_s (R), the after-spike currents (ASC), theta_v (A), the ports.
        Assert.Contains(gpu.GetVariable("lifR", "thetaS"), x => x != 0);
        Assert.Contains(gpu.GetVariable("lifAsc", "asc"), x => x != 0);
        Assert.Contains(gpu.GetVariable("lifRAscA", "thetaV"), x => x != 0);
        Assert.Contains(gpu.GetVariable("lif", "isyn"), x => x != 0);
        Assert.Equal(cpu.GetProjection("lifRAscA->lif").SynapticEvents, gpu.GetProjection("lifRAscA->lif").SynapticEvents);
    }

    [Fact]
    public void GlifPsc_ResetDynamics_SameAsCpu()
    {
        var spec = Network();
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 7 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 7 }, null, _device);
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(200);
            e.ResetDynamics(3);
            e.Run(200);
        }
        foreach (string level in Levels)
        {
            Assert.Equal(cpu.SpikeCountOf(level), gpu.SpikeCountOf(level));
            Assert.Equal(cpu.GetVariable(level, "v"), gpu.GetVariable(level, "v"));
        }
    }

    [Fact]
    public void GlifCond_ConductancePorts_SameSpikesAndStatesAsCpu()
    {
        // glif_cond's RK4 substeps, with a rare drive of 3000 nS whose bursts of conductance take the extra substeps.
        var spec = CondNetwork();
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 2 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 2 }, null, _device);
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(600);
        gpu.Run(300);
        gpu.Run(300);

        foreach (string population in new[] { "exc", "inh" })
        {
            long spikes = cpu.SpikeCountOf(population);
            Assert.True(spikes > 10, $"{population} should fire (got {spikes} spikes)");
            Assert.Equal(spikes, gpu.SpikeCountOf(population));
            foreach (string v in new[] { "v", "thetaS", "thetaV", "asc", "isyn" }) Assert.Equal(cpu.GetVariable(population, v), gpu.GetVariable(population, v));
        }
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++) Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
        foreach (string v in cpu.StateMonitors[0].Variables) Assert.Equal(cpu.StateMonitors[0].Values(v).ToArray(), gpu.StateMonitors[0].Values(v).ToArray());
    }

    [Fact]
    public void GlifPsc_GapJunctions_SameSpikesAndStatesAsCpu()
    {
        // Junctions within one level and across two (both signs of a pair's current on GLIF neurons), across a cut run and a
        // ResetDynamics: the junction kernel sums in the CPU's order and the GLIF kernel reads its current as GlifGroup reads I,
        // so every value is exact on the CPU accelerator.
        var spec = Network() with
        {
            GapJunctions =
            [
                new GapJunctionSpec { Source = "lifRAscA", Target = "lifRAscA", Connectivity = new FixedProbabilityConnectivity { Probability = 0.15 }, Conductance = DistributionSpec.Uniform(2, 6) },
                new GapJunctionSpec { Source = "lif", Target = "lifR", Connectivity = new FixedProbabilityConnectivity { Probability = 0.1 }, Conductance = DistributionSpec.Constant(4) },
            ],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 5 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        var plain = new SpikingEngine(Network(), new SimulationOptions { Seed = 5 });
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(300);
        plain.Run(300);
        gpu.Run(120);
        gpu.Run(180);
        foreach (string level in new[] { "lifRAscA", "lif", "lifR" })
            Assert.NotEqual(plain.GetVariable(level, "v"), cpu.GetVariable(level, "v")); // the junctions act on both sides
        AssertSameGlif(cpu, gpu, Levels);

        foreach (var e in new[] { cpu, gpu })
        {
            e.ResetDynamics(9);
            e.Run(150);
        }
        AssertSameGlif(cpu, gpu, Levels);
    }

    [Fact]
    public void GlifCond_GapJunctions_SameSpikesAndStatesAsCpu()
    {
        // glif_cond's RK4 reads the junction current as the external current I (its substeps hold it over the step).
        var spec = CondNetwork() with
        {
            GapJunctions =
            [
                new GapJunctionSpec { Source = "exc", Target = "inh", Connectivity = new FixedProbabilityConnectivity { Probability = 0.2 }, Conductance = DistributionSpec.Uniform(1, 4) },
            ],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 8 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 8 }, null, _device);
        var plain = new SpikingEngine(CondNetwork(), new SimulationOptions { Seed = 8 });
        cpu.Run(400);
        plain.Run(400);
        gpu.Run(150);
        gpu.Run(250);
        Assert.NotEqual(plain.GetVariable("exc", "v"), cpu.GetVariable("exc", "v"));
        Assert.NotEqual(plain.GetVariable("inh", "v"), cpu.GetVariable("inh", "v"));
        AssertSameGlif(cpu, gpu, ["exc", "inh"]);
    }

    /// <summary>The same spike counts (each above 10), every recordable variable and every monitor, exactly.</summary>
    private static void AssertSameGlif(SpikingEngine cpu, SpikingEngine gpu, string[] populations)
    {
        foreach (string population in populations)
        {
            long spikes = cpu.SpikeCountOf(population);
            Assert.True(spikes > 10, $"{population} should fire (got {spikes} spikes)");
            Assert.Equal(spikes, gpu.SpikeCountOf(population));
            foreach (string v in new[] { "v", "thetaS", "thetaV", "asc", "isyn" }) Assert.Equal(cpu.GetVariable(population, v), gpu.GetVariable(population, v));
        }
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++)
        {
            Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[m].Neurons.ToArray(), gpu.SpikeMonitors[m].Neurons.ToArray());
        }
        for (int m = 0; m < cpu.StateMonitors.Count; m++)
        {
            foreach (string v in cpu.StateMonitors[m].Variables)
                Assert.Equal(cpu.StateMonitors[m].Values(v).ToArray(), gpu.StateMonitors[m].Values(v).ToArray());
        }
    }

    /// <summary>glif_cond with NEST's default ports (0.2 ms at 0 mV, 2 ms at -85 mV): an E/I pair of LIF_R_ASC_A and LIF populations.</summary>
    private static NetworkSpec CondNetwork()
    {
        var lif = new GlifNeuronSpec { SynapseTausMs = [0.2, 2.0], SynapseReversalsMv = [0, -85] };
        var full = lif with
        {
            AscDecayPerMs = [0.003, 0.1], AscAmpsPa = [-9.2, -98.9], ThresholdSpikeDecayPerMs = 0.03, ThresholdVoltageIndexPerMs = 0.02, ThresholdVoltageDecayPerMs = 0.1,
        };
        var spread = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-78, -56) };
        return new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "exc", Count = 30, Model = full, Initial = spread },
                new PopulationSpec { Name = "inh", Count = 20, Model = lif, Initial = spread },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Source = "exc", Target = "inh", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 },
                    Weight = DistributionSpec.Uniform(2, 6), DelayMs = DistributionSpec.Constant(1),
                },
                new ProjectionSpec
                {
                    Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory, Port = 2, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 },
                    Weight = DistributionSpec.Uniform(2, 8), DelayMs = DistributionSpec.Uniform(0.1, 1.5),
                },
            ],
            Inputs =
            [
                new PoissonInputSpec { Target = "exc", SourceCount = 50, RateHz = 80, Weight = 4 },
                new PoissonInputSpec { Target = "inh", SourceCount = 50, RateHz = 60, Weight = 4 },
                new PoissonInputSpec { Target = "exc", SourceCount = 1, RateHz = 30, Weight = 3000 },
                new CurrentInputSpec { Target = "exc", Amplitude = 120, StartMs = 10, StopMs = 40 },
            ],
            Monitors =
            [
                new StateMonitorSpec { Target = "exc", Variables = ["v", "thetaS", "thetaV", "asc", "isyn"], Indices = [0, 7, 29], EverySteps = 2 },
                new SpikeMonitorSpec { Target = "exc" },
                new SpikeMonitorSpec { Target = "inh" },
            ],
        };
    }

    /// <summary>
    /// The five glif_psc levels, 24 neurons each, on two or three ports: Poisson drive onto ports 1 and 2, a current that switches,
    /// a ring of projections between the levels (excitatory on port 1 or 3, inhibitory on port 2; delays 0.5 and 1 ms, one per-synapse).
    /// </summary>
    private static NetworkSpec Network()
    {
        var ports = new[] { 2.0, 5.0, 1.0 };
        var asc = new GlifNeuronSpec { SynapseTausMs = ports, AscDecayPerMs = [0.003, 0.1], AscAmpsPa = [-9.2, -98.9], AscRetain = [1, 0.5], AscInitPa = [0, 5] };
        var models = new Dictionary<string, GlifNeuronSpec>
        {
            ["lif"] = new() { SynapseTausMs = [2.0, 5.0] },
            ["lifR"] = new() { SynapseTausMs = ports, ThresholdSpikeDecayPerMs = 0.03 },
            ["lifAsc"] = asc,
            ["lifRAsc"] = asc with { ThresholdSpikeDecayPerMs = 0.03 },
            ["lifRAscA"] = asc with { ThresholdSpikeDecayPerMs = 0.03, ThresholdVoltageIndexPerMs = 0.02, ThresholdVoltageDecayPerMs = 0.1 },
        };
        var spread = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-78, -56) };
        return new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [.. Levels.Select(l => new PopulationSpec { Name = l, Count = 24, Model = models[l], Initial = spread })],
            Projections =
            [
                .. Levels.Select((l, k) => new ProjectionSpec
                {
                    Source = l, Target = Levels[(k + 1) % Levels.Length], Receptor = k % 2 == 0 ? Receptor.Excitatory : Receptor.Inhibitory, Port = k % 2 == 0 ? (k == 2 ? 3 : 1) : 2,
                    Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Weight = DistributionSpec.Uniform(20, 60),
                    DelayMs = k == 3 ? DistributionSpec.Uniform(0.1, 1.5) : DistributionSpec.Constant(k % 2 == 0 ? 1 : 0.5),
                }),
            ],
            Inputs =
            [
                .. Levels.Select(l => (InputSpec)new PoissonInputSpec { Target = l, SourceCount = 50, RateHz = 60, Weight = 60 }),
                .. Levels.Select(l => (InputSpec)new PoissonInputSpec { Target = l, SourceCount = 20, RateHz = 40, Weight = 30, Port = 2 }),
                .. Levels.Select(l => (InputSpec)new CurrentInputSpec { Target = l, Amplitude = 150, StartMs = 10, StopMs = 50 }),
            ],
            Monitors =
            [
                .. Levels.Select(l => (MonitorSpec)new SpikeMonitorSpec { Target = l }),
                new StateMonitorSpec { Target = "lifRAscA", Variables = ["v", "thetaS", "thetaV", "asc", "isyn"], Indices = [0, 5, 23], EverySteps = 3 },
                new StateMonitorSpec { Target = "lifR", Variables = ["v", "isyn"], Indices = [1, 2], EverySteps = 1 },
            ],
        };
    }
}
