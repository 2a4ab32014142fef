using NeuroSharp.Reports.Experiments;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Experiments;

/// <summary>The article 003 experiments in quick mode on the committed MNIST subset: they run, write their figures and metrics.</summary>
public class StochasticExperimentTests
{
    [Theory]
    [InlineData("bitstream-multiply", "demoProduct")]
    [InlineData("fly-hash-search", "flyMinusLshAt16")]
    [InlineData("column-mnist", "goodShare")]
    public void QuickRun_WritesFiguresAndMetrics(string name, string metric)
    {
        using var dir = new TempDirectory();
        var experiment = ExperimentCatalog.Get(name);
        Assert.Equal("003", experiment.Article);
        var result = ExperimentRunner.Run(experiment, new ExperimentContext(dir.Path, 1, Quick: true, Threads: 2, TestData.MnistSubset, (_, _) => { }));
        Assert.True(result.Metrics.ContainsKey(metric), $"metrics lack {metric}");
        Assert.NotEmpty(result.Comparisons);
        foreach (var f in result.Figures) Assert.True(File.Exists(dir.File(f.FileName)), f.FileName);
        Assert.True(File.Exists(dir.File("metrics.json")));
    }
}
