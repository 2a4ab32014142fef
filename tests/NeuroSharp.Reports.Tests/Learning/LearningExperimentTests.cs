using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Learning;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Learning;

public class LearningExperimentTests
{
    [Fact]
    public void LectureMnist_QuickOnSubset_EveryRuleReportedWithPicture()
    {
        using var dir = new TempDirectory();
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: 1, TestData.MnistSubset, (_, _) => { });
        var result = new LectureMnistExperiment().Run(context);
        Assert.Equal(5, result.Comparisons.Count);
        foreach (var rule in new[] { "bp", "fa", "dfa", "adaptive", "temporal" })
        {
            // A smoke test: 1 000 training digits and 3 epochs are 30 minibatches, enough for every rule to beat
            // chance (90 % errors) on the 500 test digits, not to learn much (the random-feedback rules are slowest).
            Assert.True((double)result.Metrics[rule]!["testErrorRate"]! < 0.85, $"{rule}: {result.Metrics[rule]}");
        }
        Assert.True(File.Exists(dir.File("test-error.png")));
    }

    [Fact]
    public void FeedbackAlignment_QuickOnSubset_AnglesStartNear90()
    {
        using var dir = new TempDirectory();
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: 1, TestData.MnistSubset, (_, _) => { });
        var result = new FeedbackAlignmentAngleExperiment().Run(context);
        foreach (var rule in new[] { "fa", "dfa", "adaptive", "temporal" })
        {
            // Random feedback is unrelated to the forward weights at the start: the update is near orthogonal to the gradient.
            Assert.InRange((double)result.Metrics[rule]!["startAngleLayer2"]!, 70, 110);
        }
        Assert.True(File.Exists(dir.File("angle-layer2.png")));
    }
}
