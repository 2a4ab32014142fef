using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>The device backend does not step the cable: --device gpu refuses an hh population with a morphology in one sentence.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class MultiCompartmentDeviceTests
{
    private readonly GpuDevice _device;

    public MultiCompartmentDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void DeviceGpu_PopulationWithAMorphology_RefusedInOneSentence()
    {
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Morphology = new MorphologySpec
            {
                Compartments = [new("soma", null, 20, 20), new("dend", "soma", 100, 2)],
                Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36)],
            },
        };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "mc", Count = 10, Model = model }] };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device) }));
        Assert.Equal("Population \"mc\" has a morphology of 2 compartments, which --device gpu does not step (its cable solve runs on the CPU); use --device cpu.", e.Message);
        // Without the morphology the same cell runs on the device.
        _ = new SpikingEngine(spec with { Populations = [spec.Populations[0] with { Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 }] },
            new SimulationOptions { Backend = new GpuBackend(_device) });
    }

    [Fact]
    public void DeviceGpu_AMorphologyWithConcentrationPools_IsRefusedForItsMorphology()
    {
        // Pools per compartment (docs/spiking-multicompartment.md, "Ion concentrations") run on the CPU with the cable: the morphology's
        // sentence covers them, before the point cell's pool refusal.
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Channels = [.. HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels, IonChannelSpec.Passive("cal", 0, 80) with { Ion = "ca" }],
            Morphology = new MorphologySpec
            {
                Compartments = [new("soma", null, 20, 20), new("dend", "soma", 100, 2)],
                Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36), new("cal", "all", 1)],
                Concentrations = [new("all", new ConcentrationPoolSpec())],
            },
        };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "mc", Count = 10, Model = model }] };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device) }));
        Assert.Equal("Population \"mc\" has a morphology of 2 compartments, which --device gpu does not step (its cable solve runs on the CPU); use --device cpu.", e.Message);
    }
}
