using NeuroSharp.Reports.Experiments;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests;

public class ExperimentCatalogTests
{
    [Fact]
    public void Catalog_FindsEveryExperiment_WithUniqueKebabNames()
    {
        var names = ExperimentCatalog.All.Select(e => e.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.All(names, n => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", n));
        Assert.Contains("onehot-10x10", names);
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var e in ExperimentCatalog.All) data.Add(e.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void QuickRun_OnTheMnistSubset_WritesItsFiguresAndMetrics(string name)
    {
        // The tour runs every experiment in quick mode; each must work on any MNIST folder (here the committed subset).
        using var dir = new TempDirectory();
        var experiment = ExperimentCatalog.Get(name);
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: 0, TestData.MnistSubset, (_, _) => { });
        var result = ExperimentRunner.Run(experiment, context);
        Assert.NotEmpty(result.Figures);
        Assert.All(result.Figures, f => Assert.True(File.Exists(dir.File(f.FileName)), $"{f.FileName} missing"));
        Assert.True(File.Exists(dir.File("metrics.json")));
        Assert.Equal(name, result.Metrics["experiment"]!.GetValue<string>());
        Assert.NotEmpty(result.Comparisons);
    }
}
