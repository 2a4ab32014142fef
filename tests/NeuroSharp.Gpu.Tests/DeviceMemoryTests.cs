using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>Device memory is estimated from the built network before anything is allocated, and counted in the memory budget.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class DeviceMemoryTests
{
    private readonly GpuDevice _device;

    public DeviceMemoryTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void Estimate_SmallNetwork_KnownAnswer()
    {
        // 64 Poisson sources, all-to-all onto 32 LIF neurons, no delay, no monitor that samples state, blocks of 64 steps:
        // neurons 96 x 36 B of state; histories 64 steps x (2 + 1) words x 4 B; 2 048 synapses x 16 B;
        // row starts 64 x 4 B, column starts 32 x 4 B, the event counter 8 B; the sources drawn on the device:
        // 64 probabilities and active entries x 8 B, 2 block starts x 4 B, one block's stream state of 32 B; the inputs have no
        // spike monitor: their spike sums per segment take 1 024 slots of 8 B.
        var spec = new NetworkSpec
        {
            Populations =
            [
                new PopulationSpec { Name = "in", Count = 64, Model = new PoissonSourceSpec { RateHz = 10 } },
                new PopulationSpec { Name = "out", Count = 32, Model = new LifNeuronSpec() },
            ],
            Projections = [new ProjectionSpec { Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity() }],
            Monitors = [new SpikeMonitorSpec { Target = "out" }],
        };
        var engine = new SpikingEngine(spec);
        Assert.Equal(96 * 36 + 64 * 3 * 4 + 2048 * 16 + 64 * 4 + 32 * 4 + 8 + 64 * 8 + 2 * 4 + 32 + 1024 * 8, DeviceMemory.Estimate(engine, 64));
    }

    [Fact]
    public void Attach_DeviceCopyOverTheBudget_RefusedInOneSentenceAndAutoStaysOnCpu()
    {
        // The host network is small, but blocks of 512 samples of v for 1 000 neurons take 2 MB on the device.
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "n", Count = 1000, Model = new LifNeuronSpec() }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        };
        var budget = new MemoryBudget(1 << 20);
        var gpu = new GpuSimulationOptions { BlockSteps = 512 };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device, gpu) }, budget));
        Assert.StartsWith("--device gpu (the network's copy in device memory) would need about 2", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("more than the limit of 1 MiB (raise it with --memory-limit if the machine has more).", e.Message, StringComparison.Ordinal);

        var autoBackend = new GpuBackend(_device, gpu) { FallBackToCpu = true };
        var auto = new SpikingEngine(spec, new SimulationOptions { Backend = autoBackend }, budget);
        Assert.False(auto.RunsOnDevice);
        Assert.Equal("cpu", SpikingBackendFactory.DeviceUsed(autoBackend)); // metrics.json's "device": what ran, not what was asked
        Assert.True(new SpikingEngine(spec, new SimulationOptions { Backend = autoBackend }).RunsOnDevice); // the default budget holds it
        Assert.Equal($"{_device.Description} (1 engine), cpu (1 engine the device does not run)", SpikingBackendFactory.DeviceUsed(autoBackend));
        Assert.Equal(_device.Description, SpikingBackendFactory.DeviceUsed(autoBackend, 0, 1));
        Assert.Equal("cpu", SpikingBackendFactory.DeviceUsed(null));
        Assert.True(new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device) }, budget).RunsOnDevice); // blocks of 64: 256 KB
    }

    [Fact]
    public void CountSpikesPerNeuron_FourBytesANeuronInTheEstimate_RefusedOverTheBudgetWithNothingChanged()
    {
        // 1 000 LIF neurons driven above threshold, with blocks of 512 samples of v: the device copy is about 2 MB, the host's far less.
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "n", Count = 1000, Model = new LifNeuronSpec() }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 30 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        };
        var gpu = new GpuSimulationOptions { BlockSteps = 512 };
        long network = DeviceMemory.Estimate(new SpikingEngine(spec), 512);

        var engine = new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device, gpu) });
        engine.CountSpikesPerNeuron("n");
        Assert.Equal(network + 1000 * 4, DeviceMemory.Estimate(engine, 512));
        Assert.Equal(network + 1000 * 4, ((GpuSpikingBackend)engine.Backend!).DeviceBytes);
        engine.Run(50);
        var counts = new int[1000];
        engine.TakeSpikesPerNeuron("n", counts);
        var cpu = new SpikingEngine(spec);
        cpu.CountSpikesPerNeuron("n");
        cpu.Run(50);
        var cpuCounts = new int[1000];
        cpu.TakeSpikesPerNeuron("n", cpuCounts);
        Assert.True(cpuCounts.Sum() > 0);
        Assert.Equal(cpuCounts, counts);

        // A budget that holds the network's copy but not its counts as well: refused in one sentence, and the engine does not count.
        var tight = new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device, gpu) }, new MemoryBudget(network + 1000 * 4 - 1));
        var e = Assert.Throws<InvalidInputException>(() => tight.CountSpikesPerNeuron("n"));
        Assert.StartsWith("--device gpu (the network's copy in device memory, with the spike counts per neuron of 'n') would need about 2", e.Message, StringComparison.Ordinal);
        Assert.Equal(network, ((GpuSpikingBackend)tight.Backend!).DeviceBytes);
        Assert.Throws<ArgumentException>(() => tight.TakeSpikesPerNeuron("n", counts));
        Assert.Equal(50, tight.Run(50).Steps);
    }
}
