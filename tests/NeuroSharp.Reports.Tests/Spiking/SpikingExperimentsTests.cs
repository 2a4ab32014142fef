using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Spiking;

/// <summary>The spiking experiments are found by the catalog and run in quick mode (the tour's), writing their figures.</summary>
public class SpikingExperimentsTests
{
    [Theory]
    [InlineData("transmitter-neurons")]
    [InlineData("cuba-network")]
    [InlineData("brunel-regimes")]
    [InlineData("neuron-models")]
    [InlineData("stdp-window")]
    public void Experiment_Quick_WritesItsFiguresAndMetrics(string name)
    {
        using var dir = new TempDirectory();
        var experiment = ExperimentCatalog.Get(name);
        var result = ExperimentRunner.Run(experiment, new ExperimentContext(dir.Path, 1, Quick: true, Threads: 1, new MnistRepository(), (_, _) => { }));
        Assert.NotEmpty(result.Figures);
        foreach (var f in result.Figures) Assert.True(new FileInfo(Path.Combine(dir.Path, f.FileName)).Length > 1000, f.FileName);
        Assert.True(File.Exists(Path.Combine(dir.Path, "metrics.json")));
        Assert.NotEmpty(result.Comparisons);
    }

    [Fact]
    public void TransmitterExperiment_ReproducesTheArticlesPhases()
    {
        using var dir = new TempDirectory();
        var result = ExperimentRunner.Run(ExperimentCatalog.Get("transmitter-neurons"), new ExperimentContext(dir.Path, 1, true, 1, new MnistRepository(), (_, _) => { }));
        Assert.Equal("TRAN TRAN TRAN TRAN RELE RECO RECO RECO RECO RECO COLL", result.Metrics["referencePhasesSecondNeuron"]!.GetValue<string>());
        Assert.True(result.Metrics["muscleReleases"]!.GetValue<long>() > 0);
    }
}
