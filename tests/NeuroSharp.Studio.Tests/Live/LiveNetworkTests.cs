using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Live;

public sealed class LiveNetworkTests
{
    [Fact]
    public void LiveRun_OfSingleNeurons_KeepsNoRecordThatGrows()
    {
        // A live run has no end, so the engine must not keep every spike or every state (monitors are declared: docs/design.md#monitors-are-declared).
        var live = new LiveNetwork(NetworkFile.Parse(Networks.TwoLinked), MemoryBudget.Default);
        for (int s = 0; s < 10_000; s++) live.Step();
        Assert.Null(live.Engine.TransmitterState);
        Assert.Equal(0, live.Engine.SpikeMonitors.Sum(m => m.Count));
        Assert.Equal(0, live.RecordedSpikes);
    }

    [Fact]
    public void LiveRun_OfPopulations_RecordsOnlyTheRasterRows()
    {
        var spec = NetworkFile.Parse(StudioFixture.ReadExample("ei-network"));
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        Assert.Equal(2 * LiveNetwork.RasterRowsPerPopulation, live.RasterRowCount);
        for (int s = 0; s < 3000; s++) live.Step();
        Assert.All(live.Engine.SpikeMonitors, m => Assert.Equal(LiveNetwork.RasterRowsPerPopulation, m.RecordedCount));
        long all = live.Engine.SpikeCountOf("exc") + live.Engine.SpikeCountOf("inh");
        Assert.True(live.RecordedSpikes > 0 && all > live.RecordedSpikes, $"the raster should record a subset of the spikes ({live.RecordedSpikes} of {all})");
    }

    [Fact]
    public void Step_NotesTheReleaseOfATransmitterNeuron_InTheStepItHappens()
    {
        var live = new LiveNetwork(NetworkFile.Parse(Networks.TwoLinked), MemoryBudget.Default);
        for (int s = 0; s < 5; s++) live.Step();
        // a autostarts with sta = 5: transmitting in steps 0..3, releasing in step 4.
        Assert.Equal(TransmitterPhase.Releasing, live.Engine.Transmitters!.PhaseOf(0));
    }

    [Fact]
    public void Constructor_InvalidNetwork_ThrowsTheReadersError()
    {
        var spec = NetworkFile.Parse(Networks.TwoLinked);
        var bad = spec with { Links = [new LinkSpec { From = "a", To = "nobody" }] };
        var e = Assert.Throws<InvalidInputException>(() => new LiveNetwork(bad, MemoryBudget.Default));
        Assert.Contains("nobody", e.Message);
    }

    [Fact]
    public void Constructor_NetworkOverTheStudiosMemoryLimit_IsRefusedByTheEngineEstimate()
    {
        // CUBA's 4 000 neurons and 320 000 synapses need several MiB: the engine's own estimate refuses them.
        var spec = NetworkFile.Parse(StudioFixture.ReadExample("cuba"));
        var e = Assert.Throws<InvalidInputException>(() => new LiveNetwork(spec, new MemoryBudget(1L << 20, "neurosharp studio --memory-limit")));
        Assert.Contains("more than the limit of 1 MiB", e.Message);
        Assert.Contains("neurosharp studio --memory-limit", e.Message);
    }
}
