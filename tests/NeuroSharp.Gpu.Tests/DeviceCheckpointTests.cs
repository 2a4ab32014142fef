using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;
using static NeuroSharp.Testing.CheckpointNetworks;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Checkpoints on the device (docs/gpu.md, "Checkpoints") on ILGPU's CPU accelerator: a run cut once, each piece a fresh device
/// engine that resumes from the file the piece before wrote, ends with the spikes, recordings, weights and state of one device run
/// bit for bit; and the file is the CPU engine's: a run cut twice, device then CPU then device, ends with the same. Every kernel
/// of the backend has a case (<see cref="DeviceModel"/>: the test that lists them fails when one is added without a case), and so
/// do the parts with state in flight: constant delays' spike history, the delay rings, short-term plasticity, triplet STDP with one
/// delay and with per-synapse delays, gap junctions and the transmitter neurons. Small networks, 200 steps or so.
/// </summary>
[Collection(SecondSimulatorCollection.Name)]
public sealed class DeviceCheckpointTests(SimulatorFixture fixture) : IDisposable
{
    private readonly GpuDevice _device = fixture.Device;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly StdpRuleSpec Stdp = new() { APlus = 0.05, AMinus = 0.055, WMax = 3 };

    /// <summary>One case per device kernel (the model a population takes on the device), each driven so that it fires.</summary>
    private static readonly Dictionary<DeviceModel, Func<(NetworkSpec Spec, int Steps)>> ModelCases = new()
    {
        [DeviceModel.HostSource] = () => (new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "t", Count = 3, Model = new SpikeTimesSourceSpec { Indices = [0, 1, 2, 0, 2], TimesMs = [1, 5.5, 9.9, 12, 16] } },
                new PopulationSpec { Name = "p", Count = 2, Model = new LifNeuronSpec() },
            ],
            Projections = [new ProjectionSpec { Source = "t", Target = "p", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(30), DelayMs = DistributionSpec.Constant(2) }],
        }, 200),
        [DeviceModel.Poisson] = () => (Driven(new LifNeuronSpec(), 4), 200),
        [DeviceModel.LifCurrent] = () => (Driven(new LifNeuronSpec { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 0.5, TauMs = 50 }, RiseExcMs = 0.5 }, 4), 200),
        [DeviceModel.LifConductance] = () => (Driven(ConductanceLifNeuronSpec.Coba, 0.5), 200),
        [DeviceModel.Izhikevich] = () => (Driven(new IzhikevichNeuronSpec(), 20), 200),
        [DeviceModel.Izhikevich2007] = () => (Driven(new Izhikevich2007NeuronSpec(), 20), 200),
        [DeviceModel.AdEx] = () => (Driven(AdExNeuronSpec.Adapting, 300), 200),
        [DeviceModel.Glif] = () => (Driven(GlifNeuronSpec.LifRAscA, 300), 200),
        [DeviceModel.HodgkinHuxley] = () => (HodgkinHuxleyDeviceTests.Cobahh(40, 10), 150),
    };

    /// <summary>The parts with state of their own in flight between runs.</summary>
    private static readonly Dictionary<string, Func<(NetworkSpec Spec, int Steps)>> PartCases = new()
    {
        // Constant delays (0, 1 and 0.5 ms) read the spike history; Poisson drive, a switching current, spike, state and rate monitors.
        ["eiNetwork"] = () => (DeviceEngineTests.ModelNetwork("lif"), 160),
        // Per-synapse delays: the delay rings. One weight of 4 on them: sums of 4s are exact in any order, so the atomic adds
        // into the rings give the same bits every run.
        ["delayRings"] = () => (Driven(new LifNeuronSpec(), 4) is var s ? s with
        {
            Projections = [s.Projections[0] with { Weight = DistributionSpec.Constant(4), DelayMs = DistributionSpec.Uniform(0.1, 3) }, s.Projections[1]],
        } : null!, 200),
        ["tripletStdp"] = () => (Driven(new LifNeuronSpec(), 4, Stdp with { APlusTriplet = 0.02, TauTripletMs = 40 }), 200),
        ["tripletStdpPerSynapseDelays"] = () => (Driven(new LifNeuronSpec(), 4, Stdp with { APlusTriplet = 0.02, Pairing = StdpPairing.Nearest }, delayMs: DistributionSpec.Uniform(0.1, 3)), 200),
        ["shortTermPlasticity"] = () => (Driven(new LifNeuronSpec(), 6, stp: new ShortTermPlasticitySpec { U = 0.2, TauRecMs = 100, TauFacMs = 50 }), 200),
        ["shortTermPlasticityWithDelayedStdp"] = () => (Driven(new LifNeuronSpec(), 6, Stdp, new ShortTermPlasticitySpec { U = 0.2, TauRecMs = 100 }, DistributionSpec.Uniform(0.1, 3)), 200),
        ["gapJunctions"] = () => (Driven(ConductanceLifNeuronSpec.Coba, 0.5) with
        {
            GapJunctions = [new GapJunctionSpec { Source = "p", Target = "p", Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Conductance = DistributionSpec.Uniform(0.05, 0.2) }],
        }, 200),
        ["transmitterNeurons"] = () => (NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "article-two-neurons.json")), 200),
    };

    public static TheoryData<string> ModelNames => [.. ModelCases.Keys.Select(m => m.ToString())];

    public static TheoryData<string> PartNames => [.. PartCases.Keys];

    [Fact]
    public void ModelCases_CoverEveryKernelOfTheBackend()
    {
        foreach (var model in Enum.GetValues<DeviceModel>())
            Assert.True(ModelCases.ContainsKey(model), $"device model {model} has no checkpoint case: add one to DeviceCheckpointTests.ModelCases");
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Resume_EveryDeviceModel_BitForBit_AndTheFileCrossesToTheCpuAndBack(string model)
    {
        var (spec, steps) = ModelCases[Enum.Parse<DeviceModel>(model)]();
        var built = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 11 }, null, _device);
        Assert.Contains(built.Groups, g => DeviceGroup.ModelOf(g) == Enum.Parse<DeviceModel>(model));
        AssertResumes(spec, steps);
    }

    [Theory]
    [MemberData(nameof(PartNames))]
    public void Resume_EveryPartInFlight_BitForBit_AndTheFileCrossesToTheCpuAndBack(string part)
    {
        var (spec, steps) = PartCases[part]();
        AssertResumes(spec, steps);
    }

    [Fact]
    public void Save_AfterLearningOnDevice_CopiesTheWeightsDownOnce_AndNothingPerStep()
    {
        var (spec, _) = PartCases["tripletStdp"]();
        var backend = new GpuBackend(_device, new GpuSimulationOptions { BlockSteps = 32 });
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 11, Backend = backend });
        e.Run(70);
        Assert.Equal(0, backend.WeightTraffic.CopiesToHost); // the learned weights stay on the device while it runs
        e.SaveCheckpoint(TempPath());
        Assert.Equal(1, backend.WeightTraffic.CopiesToHost);
        Assert.Equal(1, backend.TraceTraffic.CopiesToHost);
        e.SaveCheckpoint(TempPath()); // nothing newer on the device: nothing copied
        Assert.Equal(1, backend.WeightTraffic.CopiesToHost);
    }

    [Fact]
    public void Resume_SpikeCountsPerNeuronOnDevice_CountedAsInOneRun()
    {
        // The device's counts come down into the file at the checkpoint; the resumed engine's device counts start from zero.
        var (spec, _) = ModelCases[DeviceModel.LifCurrent]();
        var whole = Device(spec);
        whole.CountSpikesPerNeuron("p");
        whole.Run(150);
        var expected = new int[10];
        whole.TakeSpikesPerNeuron("p", expected);
        Assert.True(expected.Sum() > 0, "p should fire");
        string path = TempPath();
        var first = Device(spec);
        first.CountSpikesPerNeuron("p");
        first.Run(61);
        first.SaveCheckpoint(path);
        var resumed = Device(spec);
        resumed.CountSpikesPerNeuron("p");
        resumed.RestoreCheckpoint(path);
        resumed.Run(89);
        var counts = new int[10];
        resumed.TakeSpikesPerNeuron("p", counts);
        Assert.Equal(expected, counts);
    }

    [Fact]
    public void Restore_OtherNetwork_RefusedOnTheDeviceAsOnTheCpu()
    {
        var (spec, _) = PartCases["tripletStdp"]();
        string path = TempPath();
        var e = Device(spec);
        e.Run(10);
        e.SaveCheckpoint(path);
        var other = Device(spec with { DtMs = 0.05 });
        var ex = Assert.Throws<InvalidInputException>(() => other.RestoreCheckpoint(path));
        Assert.StartsWith($"{path}: networkSha256 is ", ex.Message);
        Assert.Equal(0, other.StepCount);
    }

    /// <summary>
    /// One device run of <paramref name="steps"/>; the same cut once, device to device; and cut twice, device to CPU to device:
    /// each piece a fresh engine that restores the piece before's file. Both end with the one run's fingerprint, which is also the
    /// CPU engine's (the kernels here are exact against it on the CPU accelerator).
    /// </summary>
    private void AssertResumes(NetworkSpec spec, int steps)
    {
        spec = WithMonitors(spec);
        var whole = Device(spec);
        whole.Run(steps);
        string expected = Fingerprint(whole);
        // The neurons fire (so resets, refractoriness and adaptation are crossed by the cuts; eiNetwork's inh stays quiet this early).
        long fired = spec.Populations.Where(p => !NeuronModels.IsSource(p.Model)).Sum(p => whole.SpikeCountOf(p.Name));
        Assert.True(fired > 0 || spec.Populations.Count == 0, "the case's neurons should fire");
        var cpu = Cpu(spec);
        cpu.Run(steps);
        Assert.Equal(expected, Fingerprint(cpu));

        Assert.Equal(expected, RunInPieces(spec, steps, [steps / 2 - 5], [Device, spec => Device(spec, 16)])); // another monitor block: another history ring
        Assert.Equal(expected, RunInPieces(spec, steps, [steps / 3, steps / 2 + 7], [Device, Cpu, Device]));
    }

    private string RunInPieces(NetworkSpec spec, int steps, int[] cuts, Func<NetworkSpec, SpikingEngine>[] engines)
    {
        string path = TempPath();
        int done = 0, piece = 0;
        SpikingEngine? e = null;
        foreach (int cut in cuts.Append(steps))
        {
            e = engines[piece++](spec);
            if (done > 0) e.RestoreCheckpoint(path);
            Assert.Equal(done, e.StepCount);
            e.Run(cut - done);
            done = cut;
            if (cut < steps) e.SaveCheckpoint(path);
        }
        return Fingerprint(e!);
    }

    private SpikingEngine Device(NetworkSpec spec) => Device(spec, 32);

    private SpikingEngine Device(NetworkSpec spec, int blockSteps)
    {
        var e = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 11 }, null, _device, new GpuSimulationOptions { BlockSteps = blockSteps });
        Assert.True(e.RunsOnDevice);
        return e;
    }

    private static SpikingEngine Cpu(NetworkSpec spec) => new(spec, new SimulationOptions { Seed = 11 });

    /// <summary>Every monitor; a Hodgkin-Huxley cell's state monitors take v and the conductances on the device (its gates are compared through v).</summary>
    private static NetworkSpec WithMonitors(NetworkSpec spec) => EngineFingerprint.WithEveryMonitor(spec,
        model => model is HodgkinHuxleyNeuronSpec ? ["v", "ge", "gi"] : NeuronModels.StateVariables(model).Where(v => !v.Contains('[')).ToArray());

    private static string Fingerprint(SpikingEngine e) => EngineFingerprint.Of(e, withV: true);

    private string TempPath() => _dir.File($"{Guid.NewGuid():N}.safetensors");
}
