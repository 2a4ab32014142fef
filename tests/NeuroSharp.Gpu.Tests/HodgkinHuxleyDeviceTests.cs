using Xunit.Abstractions;
using System.Numerics.Tensors;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Hodgkin-Huxley populations (model hh) on ILGPU's CPU accelerator against the CPU engine: the kernel does HodgkinHuxleyGroup's
/// float operations in its order and takes TensorPrimitives.Exp's own algorithm (MathF.Exp where the CPU's chunk has fewer than 4
/// neurons), so spikes and every state value (v, each gate, g_e, g_i, the rise states) are compared exactly.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class HodgkinHuxleyDeviceTests
{
    private readonly GpuDevice _device;
    private readonly SimulatorFixture _fixture;
    private readonly ITestOutputHelper _output;

    public HodgkinHuxleyDeviceTests(SimulatorFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _device = fixture.Device;
        _output = output;
    }

    [Fact]
    public void SquidAxon_CurrentStep_SameSpikesAndStatesAsCpu()
    {
        // One axon (the CPU's chunk of one neuron takes MathF.Exp) and a patch of six with spread starts (the vector exp), 10 uA/cm^2
        // (100 pA) from 2 to 25 ms at dt 0.01 ms: repetitive firing, every value of every step recorded.
        var squid = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        var spec = new NetworkSpec
        {
            DtMs = 0.01,
            Populations =
            [
                new PopulationSpec { Name = "axon", Count = 1, Model = squid },
                new PopulationSpec { Name = "patch", Count = 6, Model = squid, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -60) } },
            ],
            Inputs =
            [
                new CurrentInputSpec { Target = "axon", Amplitude = 100, StartMs = 2, StopMs = 25 },
                new CurrentInputSpec { Target = "patch", Amplitude = 100, StartMs = 2, StopMs = 25 },
            ],
            Monitors =
            [
                new SpikeMonitorSpec { Target = "axon" },
                new SpikeMonitorSpec { Target = "patch" },
                new StateMonitorSpec { Target = "axon", Variables = ["v", "na_m", "na_h", "k_n"] },
                new StateMonitorSpec { Target = "patch", Variables = ["v", "na_m", "na_h", "k_n"] },
            ],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 3 }, null, _device);
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(3000);
        gpu.Run(1234); // cut: a run's end and start in the middle of the step current
        gpu.Run(1766);

        Assert.True(cpu.SpikeMonitors[0].Count >= 2, $"the axon should fire repetitively (got {cpu.SpikeMonitors[0].Count} spikes)");
        Assert.True(cpu.SpikeMonitors[1].Count >= 12, $"the patch should fire repetitively (got {cpu.SpikeMonitors[1].Count} spikes)");
        AssertSame(cpu, gpu, ["axon", "patch"], ["v", "na_m", "na_h", "k_n", "ge", "gi"]);
    }

    [Fact]
    public void Cobahh200_SameSpikesAndStatesAsCpu()
    {
        // examples/networks/cobahh.json cut to 160 + 40 neurons, p = 0.4 (the file's in-degree of 80), across a cut run.
        var spec = Cobahh(160, 40);
        spec = spec with
        {
            Monitors =
            [
                .. spec.Monitors,
                new StateMonitorSpec { Target = "exc", Variables = ["v", "na_m", "na_h", "k_n", "ge", "gi"], Indices = [0, 7, 159] },
                new StateMonitorSpec { Target = "inh", Variables = ["v", "ge", "gi"], Indices = [3, 39], EverySteps = 5 },
                new RateMonitorSpec { Target = "exc", BinMs = 5 },
            ],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 11 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 11 }, null, _device, new GpuSimulationOptions { BlockSteps = 32 });
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(800);
        gpu.Run(300);
        gpu.Run(500);
        Assert.True(cpu.SpikeCountOf("exc") > 100, $"the network should fire (got {cpu.SpikeCountOf("exc")} spikes)");
        AssertSame(cpu, gpu, ["exc", "inh"], ["v", "na_m", "na_h", "k_n", "ge", "gi"]);
        Assert.Equal(cpu.RateMonitors[0].Counts.ToArray(), gpu.RateMonitors[0].Counts.ToArray());
        for (int p = 0; p < 4; p++) Assert.Equal(cpu.ProjectionList[p].SynapticEvents, gpu.ProjectionList[p].SynapticEvents);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Cobahh200_TheGpusKernel_PlainExpAndAtomicDelivery_SameStatisticsAsCpu()
    {
        // The kernel a GPU compiles (the exp's multiply-adds unfused: 1 ulp off for some arguments) with atomic delivery (sums in a
        // varying order on a GPU; two threads at once on the simulator): spike trains may drift from the CPU's, their statistics must not. On the CPU accelerator the
        // trains came out identical (400 neurons over 150 ms too; printed).
        // Tolerance: each population's mean rate within 15 % and mean CV of ISI within 0.2 of the CPU engine's (200 neurons, 80 ms).
        var spec = Cobahh(160, 40);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 4 }, null, _fixture.ConcurrentDevice, new GpuSimulationOptions { Delivery = DeliveryOrder.Atomic, PlainExp = true });
        cpu.Run(800);
        gpu.Run(800);
        for (int m = 0; m < 2; m++)
        {
            double rateCpu = SpikeStatistics.MeanRateHz(cpu.SpikeMonitors[m], 80);
            double rateGpu = SpikeStatistics.MeanRateHz(gpu.SpikeMonitors[m], 80);
            var (cvCpu, _) = SpikeStatistics.CvIsi(cpu.SpikeMonitors[m]);
            var (cvGpu, _) = SpikeStatistics.CvIsi(gpu.SpikeMonitors[m]);
            _output.WriteLine($"monitor {m}: rate {rateCpu:0.00} Hz (CPU), {rateGpu:0.00} Hz (as on a GPU); CV of ISI {cvCpu:0.000}, {cvGpu:0.000}; "
                + $"spike trains {(cpu.SpikeMonitors[m].Steps.ToArray().SequenceEqual(gpu.SpikeMonitors[m].Steps.ToArray()) ? "identical" : "differ")}");
            Assert.True(rateCpu > 5, $"monitor {m}: the network should fire (CPU {rateCpu:0.0} Hz)");
            Assert.InRange(rateGpu, rateCpu * 0.85, rateCpu * 1.15);
            Assert.InRange(cvGpu, cvCpu - 0.2, cvCpu + 0.2);
        }
    }

    [Fact]
    public void EveryKineticsAndForm_RiseTimes_Refractory_SameAsCpu_AcrossCutsAndResets()
    {
        // Traub-Miles na and k plus a channel with one gate of each other kinetics (tauInf, ratesInf, ratesTau, instantaneous; every
        // function form; a q10 factor) and one whose expLinear midpoint sits at rest (its series near x = 0), rise times on both
        // inputs, refractory 2 ms. 258 neurons: chunks of 256 (the vector exp) and 2 (MathF.Exp), and 7 more in a second population.
        var cell = MixedCell();
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "in", Count = 40, Model = new PoissonSourceSpec { RateHz = 40 } },
                new PopulationSpec { Name = "a", Count = 258, Model = cell, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-72, -58) } },
                new PopulationSpec { Name = "b", Count = 7, Model = cell with { RiseExcMs = 0, RiseInhMs = 0 } },
            ],
            Projections =
            [
                new ProjectionSpec { Source = "in", Target = "a", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 }, Weight = DistributionSpec.Uniform(2, 14) },
                new ProjectionSpec { Name = "in-|a", Source = "in", Target = "a", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.2 }, Weight = DistributionSpec.Constant(8) },
                new ProjectionSpec { Source = "a", Target = "b", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.1 }, Weight = DistributionSpec.Constant(10), DelayMs = DistributionSpec.Constant(1) },
            ],
            Inputs = [new CurrentInputSpec { Target = "b", Amplitude = 150, StartMs = 20, StopMs = 60 }],
            Monitors = [new SpikeMonitorSpec { Target = "a" }, new SpikeMonitorSpec { Target = "b" }, new StateMonitorSpec { Target = "a", Variables = ["v", "x_p", "x_q", "x_r", "x_s", "y_u"], Indices = [0, 200, 257] }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 21 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 21 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        Assert.True(gpu.RunsOnDevice);
        string[] variables = ["v", "na_m", "na_h", "k_n", "x_p", "x_q", "x_r", "x_s", "y_u", "ge", "gi"];
        cpu.Run(400);
        gpu.Run(173);
        gpu.Run(227);
        Assert.True(cpu.SpikeCountOf("a") > 100, $"a should fire (got {cpu.SpikeCountOf("a")})");
        Assert.True(cpu.SpikeCountOf("b") > 5, $"b should fire (got {cpu.SpikeCountOf("b")})");
        AssertSame(cpu, gpu, ["a", "b"], variables);
        // The rise states are compared through what they feed (g_e, g_i above) and their own values here.
        Assert.Equal(cpu.Groups[1].Rises.Exc!.Rise, HostRise(gpu, 1, exc: true));
        Assert.Equal(cpu.Groups[1].Rises.Inh!.Rise, HostRise(gpu, 1, exc: false));

        foreach (var e in new[] { cpu, gpu })
        {
            e.ResetDynamics(5);
            e.Run(150);
        }
        AssertSame(cpu, gpu, ["a", "b"], variables);
    }

    [Fact]
    public void Refractory_HoldsSpikesBack_SameAsCpu()
    {
        // Strongly driven Traub-Miles neurons fire every few ms; a refractory period of 8 ms (no reset: v goes on) removes
        // crossings: the device's count equals the CPU's, with and without it, and the two differ.
        NetworkSpec Spec(double refractory) => new()
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "n", Count = 5, Model = HodgkinHuxleyNeuronSpec.TraubMiles with { RefractoryMs = refractory, SpikeThresholdMv = -55 }, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -60) } }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 2000 }],
            Monitors = [new SpikeMonitorSpec { Target = "n" }],
        };
        long Count(NetworkSpec s, bool device)
        {
            var e = device ? GpuBackend.CreateEngine(s, new SimulationOptions { Seed = 1 }, null, _device) : new SpikingEngine(s, new SimulationOptions { Seed = 1 });
            e.Run(600);
            return e.SpikeCountOf("n");
        }
        long free = Count(Spec(0), false), held = Count(Spec(8), false);
        Assert.Equal(free, Count(Spec(0), true));
        Assert.Equal(held, Count(Spec(8), true));
        Assert.True(held < free, $"8 ms of refractoriness should remove crossings ({held} against {free})");
    }

    [Fact]
    public void DeviceAuto_HodgkinHuxleyNetwork_RunsOnTheDevice()
    {
        var auto = new SpikingEngine(Cobahh(400, 100), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.True(auto.RunsOnDevice);
    }

    [Fact]
    public void UnknownKineticsFormOrSetting_RefusedInOneSentenceNamingIt()
    {
        var traub = HodgkinHuxleyNeuronSpec.TraubMiles;
        var k = traub.Channels[2];
        var oddForm = traub with { Channels = [traub.Channels[0], traub.Channels[1], k with { Gates = [k.Gates[0] with { Beta = k.Gates[0].Beta! with { Form = (VoltageFunctionForm)17 } }] }] };
        Assert.Equal("Population \"cells\" uses the 17 function form in gate 'k_n', which --device gpu does not step yet; use --device cpu.",
            DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, oddForm, null, 0.1)));
        var oddKinetics = traub with { Channels = [traub.Channels[0], traub.Channels[1], k with { Gates = [k.Gates[0] with { Kinetics = (GateKinetics)9 }] }] };
        Assert.Equal("Population \"cells\" uses 9 kinetics in gate 'k_n', which --device gpu does not step yet; use --device cpu.",
            DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, oddKinetics, null, 0.1)));
        Assert.Null(DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, MixedCell(), null, 0.1)));
        Assert.Null(DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, null, 0.1)));

        // A setting the kernel does not know (what a later feature of the CPU model adds: here a channel's calcium pools) is
        // named when it is set, and passes at its default (empty).
        Assert.Equal("Pools", DeviceHh.Extra(new ChannelWithPools("ca", 10, 120, [], ["shell"]), DeviceHh.KnownChannel));
        Assert.Null(DeviceHh.Extra(new ChannelWithPools("ca", 10, 120, [], []), DeviceHh.KnownChannel));
    }

    [Fact]
    public void KineticSchemeGate_RefusedInOneSentence_AndAutoKeepsItOnTheCpu()
    {
        var squid = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        var n = squid.Channels[2].Gates[0];
        var scheme = new KineticSchemeSpec([new KineticStateSpec("c"), new KineticStateSpec("o", Open: true)], [KineticTransitionSpec.FromRates("c", "o", n.Alpha, n.Beta)]);
        var cell = squid with { Channels = [squid.Channels[0], squid.Channels[1], squid.Channels[2] with { Gates = [GateSpec.FromScheme("n", 4, scheme)] }] };
        Assert.Equal("Population \"cells\" uses kineticScheme kinetics in gate 'k_n', which --device gpu does not step yet; use --device cpu.",
            DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, cell, null, 0.1)));
        var spec = new NetworkSpec { DtMs = 0.01, Populations = [new PopulationSpec { Name = "cells", Count = 3, Model = cell }] };
        var auto = new SpikingEngine(spec, new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
    }

    private sealed record ChannelWithPools(string Name, double ConductanceNs, double ReversalMv, IReadOnlyList<GateSpec> Gates, IReadOnlyList<string> Pools);

    [Fact]
    public void ExpSingle_IsTensorPrimitivesExp_BitForBit_TheOtherFormWithinOneUlp()
    {
        // The kernel's exp is TensorPrimitives.Exp's vector algorithm, with fused multiply-adds where the CPU has FMA (as
        // TensorPrimitives' MultiplyAddEstimate) and plain ones otherwise; the other form (a GPU's kernel gets the plain one) may
        // differ in the last bit: at most 1 ulp over these arguments (the count is printed).
        bool fma = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;
        Func<float, float> exact = fma ? ExpSingle.Fused : ExpSingle.Plain, other = fma ? ExpSingle.Plain : ExpSingle.Fused;
        var rng = new Random(7);
        var x = new float[200_000];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 220 - 120);
        x[0] = 0; x[1] = 88.72284f; x[2] = 88.7229f; x[3] = -103.97208f; x[4] = -103.973f; x[5] = -87.5f; x[6] = 1e-8f;
        var expected = new float[x.Length];
        TensorPrimitives.Exp(x, expected);
        int off = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(exact(x[i])));
            int ulps = Math.Abs(BitConverter.SingleToInt32Bits(expected[i]) - BitConverter.SingleToInt32Bits(other(x[i])));
            Assert.True(ulps <= 1, $"exp({x[i]:R}): the other form is {ulps} ulp off");
            if (ulps > 0) off++;
        }
        _output.WriteLine($"the other form of the multiply-adds: {off} of {x.Length} results 1 ulp off");
    }

    /// <summary>examples/networks/cobahh.json with its populations cut, the connection probability scaled to keep the in-degree.</summary>
    internal static NetworkSpec Cobahh(int excitatory, int inhibitory)
    {
        var spec = NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "cobahh.json"));
        double p = Math.Min(1, 0.02 * 4000.0 / (excitatory + inhibitory));
        return spec with
        {
            Populations = [spec.Populations[0] with { Count = excitatory }, spec.Populations[1] with { Count = inhibitory }],
            Projections = [.. spec.Projections.Select(x => x with { Connectivity = ((FixedProbabilityConnectivity)x.Connectivity) with { Probability = p } })],
        };
    }

    private static HodgkinHuxleyNeuronSpec MixedCell()
    {
        var traub = HodgkinHuxleyNeuronSpec.TraubMiles;
        var x = new IonChannelSpec("x", 60, -80,
        [
            new GateSpec("p", 1, GateKinetics.TauInf, null, null, Tau: new VoltageFunction(VoltageFunctionForm.Exp, 4, -40, -30), Inf: new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -50, 6)),
            new GateSpec("q", 2, GateKinetics.RatesInf, new VoltageFunction(VoltageFunctionForm.Exp, 0.05, -60, 20), new VoltageFunction(VoltageFunctionForm.Sigmoid, 0.4, -45, 5),
                null, new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -70, -7), RateFactor: 3),
            new GateSpec("r", 1, GateKinetics.RatesTau, new VoltageFunction(VoltageFunctionForm.ExpLinear, 0.2, -45, 8), VoltageFunction.Const(0.05),
                new VoltageFunction(VoltageFunctionForm.Sigmoid, 20, -55, -8), null),
            new GateSpec("s", 1, GateKinetics.Instantaneous, null, null, null, new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -35, 10)),
        ]);
        var y = new IonChannelSpec("y", 30, -30,
            [GateSpec.FromRates("u", 1, new VoltageFunction(VoltageFunctionForm.ExpLinear, 0.1, -65, 10), new VoltageFunction(VoltageFunctionForm.ExpLinear, 0.05, -65, -12))]);
        return traub with { Channels = [.. traub.Channels, x, y], RefractoryMs = 2, RiseExcMs = 1, RiseInhMs = 2 };
    }

    private static float[] HostRise(SpikingEngine gpu, int group, bool exc)
    {
        gpu.GetVariable(gpu.Groups[group].Name, "v"); // a host read copies the device's state down (the rise states with it)
        var (e, i) = gpu.Groups[group].Rises;
        return (exc ? e : i)!.Rise;
    }

    private static void AssertSame(SpikingEngine cpu, SpikingEngine gpu, string[] populations, string[] variables)
    {
        foreach (string p in populations)
        {
            Assert.Equal(cpu.SpikeCountOf(p), gpu.SpikeCountOf(p));
            foreach (string v in variables) Assert.Equal(cpu.GetVariable(p, v), gpu.GetVariable(p, v));
        }
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++)
        {
            Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[m].Neurons.ToArray(), gpu.SpikeMonitors[m].Neurons.ToArray());
        }
        for (int m = 0; m < cpu.StateMonitors.Count; m++)
        {
            foreach (string v in cpu.StateMonitors[m].Variables) Assert.Equal(cpu.StateMonitors[m].Values(v).ToArray(), gpu.StateMonitors[m].Values(v).ToArray());
        }
    }
}
