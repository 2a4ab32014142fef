using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Tour;
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

    [Fact]
    public void QuickTour_OnTheMnistSubset_RunsEveryExperiment_AndReportsIt()
    {
        // The tour runs every experiment in quick mode; each must work on any MNIST folder (here the
        // committed 1 000-image subset), write its figures and metrics, and appear in the report.
        using var dir = new TempDirectory();
        var tour = TourRunner.Run(new TourOptions(dir.Path, 1, Quick: true, Threads: 0, TestData.MnistSubset));
        Assert.Equal(ExperimentCatalog.All.Count, tour.Entries.Count);
        string html = File.ReadAllText(tour.ReportPath);
        foreach (var entry in tour.Entries)
        {
            string name = entry.Experiment.Name;
            Assert.True(entry.Error is null, $"{name}: {entry.Error}");
            var result = entry.Result!;
            Assert.NotEmpty(result.Figures);
            Assert.All(result.Figures, f => Assert.True(File.Exists(Path.Combine(dir.Path, name, f.FileName)), $"{name}/{f.FileName} missing"));
            Assert.True(File.Exists(Path.Combine(dir.Path, name, "metrics.json")), name);
            Assert.Equal(name, result.Metrics["experiment"]!.GetValue<string>());
            Assert.NotEmpty(result.Comparisons);
            Assert.Contains($"id=\"{name}\"", html);
        }
    }

    [Fact]
    public void Tour_FailingExperiment_IsReportedAndTheOthersRun()
    {
        // An MNIST folder without the files: MNIST experiments fail with the data layer's sentence, the rest still run.
        using var dir = new TempDirectory();
        var empty = new MnistRepository(dir.File("cache"), dir.File("no-mnist"));
        Directory.CreateDirectory(dir.File("no-mnist"));
        var tour = TourRunner.Run(new TourOptions(dir.File("out"), 1, Quick: true, Threads: 0, empty, ["onehot-5x5", "mnist-clusters"]));
        Assert.Null(tour.Entries.Single(e => e.Experiment.Name == "onehot-5x5").Error);
        Assert.Contains("does not hold the four IDX files", tour.Entries.Single(e => e.Experiment.Name == "mnist-clusters").Error);
        Assert.False(tour.AllSucceeded);
        Assert.Contains("failed", File.ReadAllText(tour.ReportPath));
    }
}
