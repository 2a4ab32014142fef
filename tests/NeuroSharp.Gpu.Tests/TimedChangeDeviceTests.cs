using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>A network file's timed parameter changes: --device gpu refuses them in one sentence (docs/formats.md, "Changes").</summary>
public sealed class TimedChangeDeviceTests
{
    [Fact]
    public void Unsupported_TimedChanges_NamesTheCountAndThePopulation()
    {
        var lif = new LifNeuronSpec { TauMs = 10, RestMv = 0, ResetMv = 0, ThresholdMv = 20, RefractoryMs = 2 };
        var engine = new SpikingEngine(new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "cells", Count = 2, Model = lif }],
            Changes = [new ModelChangeSpec { AtMs = 5, Population = "cells", Model = lif with { ThresholdMv = 15 } }],
        });
        Assert.Equal("The network has 1 timed parameter change ($.changes, on \"cells\"), which --device gpu does not apply; use --device cpu.",
            GpuBackend.Unsupported(engine));
    }
}
