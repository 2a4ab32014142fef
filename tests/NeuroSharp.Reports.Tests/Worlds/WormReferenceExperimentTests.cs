using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Evolution;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Worlds;

/// <summary>The worm-reference experiment in its quick version: metrics, the animation and the touch reflex.</summary>
public class WormReferenceExperimentTests
{
    [Fact]
    public void Run_Quick_WritesGifAndSolvesTheTouchReflex()
    {
        using var dir = new TempDirectory();
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: 1, TestData.MnistSubset, (_, _) => { });
        var result = new WormReferenceExperiment().Run(context);
        Assert.Equal(3, (int)result.Metrics["klinotaxisTrials"]!);
        Assert.True((double)result.Metrics["touchReflexFiringWhileTouched"]! >= 0.9);
        Assert.True((double)result.Metrics["touchReflexSilentAfter"]! >= 0.9);
        var gif = File.ReadAllBytes(Path.Combine(dir.Path, "worm-klinotaxis.gif"));
        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "worm-klinotaxis-last.png")));
    }
}
