using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Spiking;

/// <summary>stdp-mnist: parameters, checkpoints and --resume (on the committed MNIST subset).</summary>
public class StdpMnistExperimentTests
{
    private static ExperimentParameters Small(bool resume = false) => new()
    {
        Neurons = 8, Samples = 30, CheckpointEvery = 10, Resume = resume,
        Values = new Dictionary<string, string> { ["labelSamples"] = "30", ["testSamples"] = "20", ["restMs"] = "50" },
    };

    private static ExperimentContext Context(string dir, ExperimentParameters parameters, Action<double, string>? report = null, CancellationToken token = default, int threads = 2) =>
        new(dir, 3, Quick: false, Threads: threads, TestData.MnistSubset, report ?? ((_, _) => { }), token) { Parameters = parameters };

    [Fact]
    public void Run_AnyThreadCount_SameWeightsLabelsAndAccuracy()
    {
        using var one = new TempDirectory();
        using var three = new TempDirectory();
        var a = ExperimentRunner.Run(new StdpMnistExperiment(), Context(one.Path, Small(), threads: 1));
        var b = ExperimentRunner.Run(new StdpMnistExperiment(), Context(three.Path, Small(), threads: 3));
        var x = StdpMnistModelFile.Load(one.File(StdpMnistExperiment.ModelFile));
        var y = StdpMnistModelFile.Load(three.File(StdpMnistExperiment.ModelFile));
        Assert.Equal(x.Trainer.InputWeights(), y.Trainer.InputWeights());
        Assert.Equal(x.Trainer.Theta(), y.Trainer.Theta());
        Assert.Equal(x.Assignments!, y.Assignments!);
        Assert.Equal(a.Metrics["accuracy"]!.GetValue<double>(), b.Metrics["accuracy"]!.GetValue<double>());
        Assert.Equal(a.Metrics["testSpikesPerImage"]!.GetValue<double>(), b.Metrics["testSpikesPerImage"]!.GetValue<double>());
    }

    [Fact]
    public void Resume_AfterAnInterruption_EndsWithTheSameNetworkAndAccuracy()
    {
        using var whole = new TempDirectory();
        var a = ExperimentRunner.Run(new StdpMnistExperiment(), Context(whole.Path, Small()));

        using var cut = new TempDirectory();
        using var cts = new CancellationTokenSource();
        // Cancel in the middle of the second chunk (progress is reported after every image of a 10-image chunk).
        Assert.Throws<OperationCanceledException>(() => ExperimentRunner.Run(new StdpMnistExperiment(),
            Context(cut.Path, Small(), (_, status) => { if (status.StartsWith("image 15/30", StringComparison.Ordinal)) cts.Cancel(); }, cts.Token)));
        var checkpoint = StdpMnistModelFile.Load(cut.File(StdpMnistExperiment.CheckpointFile));
        Assert.Equal(15, checkpoint.Trainer.SamplesSeen); // the chunk stops between images and is saved
        var b = ExperimentRunner.Run(new StdpMnistExperiment(), Context(cut.Path, Small(resume: true)));

        var x = StdpMnistModelFile.Load(whole.File(StdpMnistExperiment.ModelFile));
        var y = StdpMnistModelFile.Load(cut.File(StdpMnistExperiment.ModelFile));
        Assert.Equal(x.Trainer.InputWeights(), y.Trainer.InputWeights());
        Assert.Equal(x.Trainer.Theta(), y.Trainer.Theta());
        Assert.Equal(x.Assignments!, y.Assignments!);
        Assert.Equal(a.Metrics["accuracy"]!.GetValue<double>(), b.Metrics["accuracy"]!.GetValue<double>());
        Assert.Equal(checkpoint.Trainer.SamplesSeen, b.Metrics["resumedAt"]!.GetValue<long>());
    }

    [Fact]
    public void StdpRule_Paper_TrainsWithThePowerLawRule_AndNetworkStdpChangesOneOfItsConstants()
    {
        using var dir = new TempDirectory();
        var parameters = Small() with { Values = new Dictionary<string, string>(Small().Values) { ["stdpRule"] = "paper", ["network.stdp.aPlus"] = "0.01" } };
        ExperimentRunner.Run(new StdpMnistExperiment(), Context(dir.Path, parameters));
        var rule = StdpMnistModelFile.Load(dir.File(StdpMnistExperiment.ModelFile)).Trainer.Options.Network.Stdp;
        Assert.Equal(DiehlCookNetworkSpec.PaperPowerLawRule with { APlus = 0.01 }, rule);
        Assert.Equal(StdpBounds.PowerLaw, rule.Bounds);
        Assert.Equal(0.2, rule.Mu);
        Assert.Equal(0.4, rule.XTarget);
    }

    [Fact]
    public void StdpRule_Code_IsTheDefault()
    {
        Assert.Equal(DiehlCookNetworkSpec.CodeTripletRule, new DiehlCookNetworkSpec().Stdp);
        Assert.NotEqual(DiehlCookNetworkSpec.CodeTripletRule, DiehlCookNetworkSpec.PaperPowerLawRule);
    }

    [Fact]
    public void Resume_WithOtherSettings_IsRefusedWithASentence()
    {
        using var dir = new TempDirectory();
        ExperimentRunner.Run(new StdpMnistExperiment(), Context(dir.Path, Small()));
        var e = Assert.Throws<InvalidInputException>(() => ExperimentRunner.Run(new StdpMnistExperiment(), Context(dir.Path, Small(resume: true) with { Neurons = 9 })));
        Assert.Contains("other settings", e.Message);
    }

    [Fact]
    public void Resume_WithoutACheckpoint_SaysSo()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => ExperimentRunner.Run(new StdpMnistExperiment(), Context(dir.Path, Small(resume: true))));
        Assert.Contains("no checkpoint", e.Message);
    }

    [Fact]
    public void Parameters_NotTaken_AreRefusedBeforeRunning()
    {
        var e = Assert.Throws<InvalidInputException>(() => ExperimentRunner.CheckParameters(ExperimentCatalog.Get("onehot-5x5"), new ExperimentParameters { Neurons = 3 }));
        Assert.Contains("does not take --neurons (it takes none)", e.Message);
        e = Assert.Throws<InvalidInputException>(() => ExperimentRunner.CheckParameters(new StdpMnistExperiment(),
            new ExperimentParameters { Values = new Dictionary<string, string> { ["bogus"] = "1" } }));
        Assert.Contains("network.stdp.aPlusTriplet", e.Message); // the message lists the keys it takes
    }

    [Theory]
    [InlineData(70_000, null, null, "--samples must be in [1, 60000] (got 70000).")]
    [InlineData(null, "60001", null, "--param labelSamples must be in [1, 60000] (got 60001).")]
    [InlineData(null, null, "10001", "--param testSamples must be in [1, 10000] (got 10001).")]
    public void Check_CountAboveTheFetchedMnistsSize_RefusedWithoutLoadingIt(int? samples, string? labelSamples, string? testSamples, string sentence)
    {
        // The fetched MNIST has 60 000 and 10 000 images whatever the cache holds: Check (which the CLI runs before its header
        // line) refuses without fetching. The cache folder here is empty and stays so; until 2026-12-07 only Run refused, after
        // loading (fetching) the data and after the header line.
        using var dir = new TempDirectory();
        using var cache = new TempDirectory();
        var values = new Dictionary<string, string>();
        if (labelSamples is not null) values["labelSamples"] = labelSamples;
        if (testSamples is not null) values["testSamples"] = testSamples;
        var context = new ExperimentContext(dir.Path, 1, Quick: false, Threads: 1, new MnistRepository(cacheDirectory: cache.Path, dataDirectory: TestData.MnistSubsetDirectory), (_, _) => { })
        {
            Parameters = new ExperimentParameters { Samples = samples, Values = values },
        };
        // A folder of one's own is counted only when read: Check lets it through and Run refuses after loading it.
        ExperimentRunner.Check(new StdpMnistExperiment(), context);
        context = context with { Mnist = new MnistRepository(cacheDirectory: cache.Path, dataDirectory: null) };
        if (Environment.GetEnvironmentVariable("NEUROSHARP_MNIST_DIR") is { Length: > 0 }) return; // the constructor would take that folder
        var e = Assert.Throws<InvalidInputException>(() => ExperimentRunner.Check(new StdpMnistExperiment(), context));
        Assert.Equal(sentence, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }
}
