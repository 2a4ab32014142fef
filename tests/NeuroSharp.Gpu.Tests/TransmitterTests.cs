using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Transmitter neurons (article 002) on the device against the CPU engine: the state is double on both sides and the
/// device adds the shares in the host's order, so every state value of every neuron after every step is compared exactly.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class TransmitterTests
{
    private readonly GpuDevice _device;

    public TransmitterTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended)]
    [InlineData(TransmitterDelivery.Synchronous, TransmitterSynapseRule.ReferenceAliasing)]
    [InlineData(TransmitterDelivery.Sequential, TransmitterSynapseRule.Intended)]
    [InlineData(TransmitterDelivery.Sequential, TransmitterSynapseRule.ReferenceAliasing)]
    public void TransmitterNeurons_OnDevice_SameStatesAndReleasesAsCpu(TransmitterDelivery delivery, TransmitterSynapseRule rule)
    {
        // Runs cut into pieces (blocks of 16 do not line up with them), a link toggled between runs, a dynamics reset.
        var spec = Network(delivery, rule);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 8 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 8 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        Assert.True(gpu.RunsOnDevice);
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(37);
            e.Transmitters!.Link(3, 7);
            e.Transmitters.Link(0, 1); // removes the first link
            e.Run(50);
            e.Step();
        }
        long releases = Enumerable.Range(0, 40).Sum(i => cpu.SpikeCountOf($"t{i}"));
        Assert.True(releases > 50, $"the transmitter neurons should release (got {releases})"); // 100 and more (fewest under aliasing)
        AssertSame(cpu, gpu);

        cpu.ResetDynamics(5);
        gpu.ResetDynamics(5);
        cpu.Run(30);
        gpu.Run(30);
        AssertSame(cpu, gpu);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // KeepStateOnDevice off: copied down after every run, the same values
    public void TransmitterState_StaysOnTheDevice_CopiedOnlyForHostReadsAndWrites_SameAsCpu(bool keep)
    {
        var spec = Network(TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 8 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 8 }, null, _device, new GpuSimulationOptions { BlockSteps = 16, KeepStateOnDevice = keep });
        int n = gpu.Transmitters!.Count;
        long state = n * (2L * sizeof(int) + 1 + 10 * sizeof(double)); // sta, str, the phase and ten doubles: 89 B a neuron, in 13 copies
        const string Up = "DeviceTransmitters.Upload:", Down = "DeviceTransmitters.Pull:";
        var stimulus = new TransmitterAmount(0, 1.5);

        using (var tally = HostCopy.StartTally())
        {
            gpu.Run(37);
            gpu.Run(50);
            Assert.Equal(state, tally.Bytes(toDevice: true, Up)); // once, at the first run
            Assert.Equal(keep ? 0 : 2 * state, tally.Bytes(toDevice: false, Down));
        }
        cpu.Run(37);
        cpu.Run(50);
        using (var tally = HostCopy.StartTally())
        {
            for (int i = 0; i < n; i++) Assert.Equal(cpu.Transmitters!.State(i), gpu.Transmitters.State(i)); // the first read copies all down
            Assert.Equal(keep ? state : 0, tally.Bytes(toDevice: false, Down));
            Assert.Equal(keep ? 13 : 0, tally.Copies(toDevice: false, Down));
        }
        using (var tally = HostCopy.StartTally())
        {
            // A host write between runs (the state equal on both sides): no copy down, all of it up at the next run.
            gpu.Transmitters.Stimulate(4, new TransmitterAmount(2, 0));
            Assert.Equal(0, tally.Bytes(toDevice: false, Down));
            gpu.Run(20);
            Assert.Equal(state, tally.Bytes(toDevice: true, Up));
            // A host write while the device's state is newer: copied down first (without keep, at the run's end already), up
            // again at the next run.
            gpu.Transmitters.Stimulate(6, stimulus);
            Assert.Equal(state, tally.Bytes(toDevice: false, Down));
            gpu.Run(20);
            Assert.Equal(2 * state, tally.Bytes(toDevice: true, Up));
        }
        cpu.Transmitters!.Stimulate(4, new TransmitterAmount(2, 0));
        cpu.Run(20);
        cpu.Transmitters.Stimulate(6, stimulus);
        cpu.Run(20);
        using (var tally = HostCopy.StartTally())
        {
            // ResetDynamics rewrites the state whole on the host: nothing comes down, all of it goes up at the next run.
            gpu.ResetDynamics(5);
            Assert.Equal(0, tally.Bytes(toDevice: false, Down));
            gpu.Run(30);
            Assert.Equal(state, tally.Bytes(toDevice: true, Up));
        }
        cpu.ResetDynamics(5);
        cpu.Run(30);
        AssertSame(cpu, gpu);
    }

    private static void AssertSame(SpikingEngine cpu, SpikingEngine gpu)
    {
        Assert.Equal(cpu.StepCount, gpu.StepCount);
        Assert.Equal(cpu.Transmitters!.StepCount, gpu.Transmitters!.StepCount);
        var a = cpu.TransmitterState!;
        var b = gpu.TransmitterState!;
        Assert.Equal(a.Steps.ToArray(), b.Steps.ToArray());
        for (int s = 0; s < a.SampleCount; s++)
        {
            for (int i = 0; i < a.NeuronIds.Count; i++) Assert.Equal(a.Row(s, i).ToArray(), b.Row(s, i).ToArray());
        }
        for (int i = 0; i < cpu.Transmitters.Count; i++) Assert.Equal(cpu.Transmitters.State(i), gpu.Transmitters.State(i));
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++)
        {
            Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[m].Neurons.ToArray(), gpu.SpikeMonitors[m].Neurons.ToArray());
        }
        for (int m = 0; m < cpu.StateMonitors.Count; m++)
        {
            Assert.Equal(cpu.StateMonitors[m].Steps.ToArray(), gpu.StateMonitors[m].Steps.ToArray());
            foreach (string v in cpu.StateMonitors[m].Variables)
                Assert.Equal(cpu.StateMonitors[m].Values(v).ToArray(), gpu.StateMonitors[m].Values(v).ToArray());
        }
        for (int m = 0; m < cpu.RateMonitors.Count; m++) Assert.Equal(cpu.RateMonitors[m].Counts.ToArray(), gpu.RateMonitors[m].Counts.ToArray());
        Assert.Equal(cpu.SpikeCountOf("lif"), gpu.SpikeCountOf("lif"));
        Assert.Equal(cpu.LastStepSpikes("lif").ToArray(), gpu.LastStepSpikes("lif").ToArray());
    }

    /// <summary>
    /// 40 transmitter neurons (excitatory, inhibitory and the repository's mixed neuron) with random links, stimuli on listed
    /// steps and periodically, beside a small LIF population with Poisson drive; spike monitors on a few neurons, a state
    /// monitor of three variables, a rate monitor.
    /// </summary>
    private static NetworkSpec Network(TransmitterDelivery delivery, TransmitterSynapseRule rule)
    {
        TransmitterNeuronSpec[] kinds =
        [
            TransmitterNeuronSpec.Excitatory, TransmitterNeuronSpec.Inhibitory with { Threshold = -8 }, TransmitterNeuronSpec.Repository,
            TransmitterNeuronSpec.Excitatory with { SpeedSteps = 2, RecoverySteps = 3, Returnability = 0.3, InitialStepsToActivation = 0 },
        ];
        var neurons = Enumerable.Range(0, 40).Select(i => new SingleNeuronSpec { Id = $"t{i}", Model = kinds[i % kinds.Length] }).ToList();
        var rng = new RandomStream(21);
        var links = new List<LinkSpec>();
        var seen = new HashSet<(int, int)>();
        while (links.Count < 120)
        {
            int from = rng.NextInt(40), to = rng.NextInt(40);
            if (seen.Add((from, to))) links.Add(new LinkSpec { From = $"t{from}", To = $"t{to}" });
        }
        links.Insert(0, new LinkSpec { From = "t0", To = "t1" });
        return new NetworkSpec
        {
            DtMs = 1,
            Delivery = delivery,
            SynapseRule = rule,
            Neurons = neurons,
            Links = [.. links.DistinctBy(l => (l.From, l.To))],
            Populations = [new PopulationSpec { Name = "lif", Count = 30, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52 } }],
            Inputs =
            [
                new TransmitterStimulusSpec { Target = "t5", Steps = [3, 9], EverySteps = 11, Amount = new(20, 0) },
                new TransmitterStimulusSpec { Target = "t5", Steps = [9], Amount = new(1.5, -0.25) },
                new TransmitterStimulusSpec { Target = "t13", EverySteps = 7, Amount = new(12, -1) },
                new PoissonInputSpec { Target = "lif", SourceCount = 50, RateHz = 100, Weight = 3 },
            ],
            Monitors =
            [
                new SpikeMonitorSpec { Target = "t1" },
                new SpikeMonitorSpec { Target = "t5" },
                new SpikeMonitorSpec { Target = "t22" },
                new SpikeMonitorSpec { Target = "lif" },
                new StateMonitorSpec { Target = "t7", Variables = ["phase", "sta", "lastActivator"] },
                new RateMonitorSpec { Target = "t13", BinMs = 5 },
            ],
        };
    }
}
