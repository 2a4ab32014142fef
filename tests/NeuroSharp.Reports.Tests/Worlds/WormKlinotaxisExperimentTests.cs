using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Evolution;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Worlds;

/// <summary>The worm-klinotaxis experiment in its quick version: the recorded champion beside the untuned seed, and its GIF.</summary>
public class WormKlinotaxisExperimentTests
{
    [Fact]
    public void Run_Quick_ScoresChampionAndSeedAndWritesGif()
    {
        using var dir = new TempDirectory();
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: 1, TestData.MnistSubset, (_, _) => { });
        var result = new WormKlinotaxisExperiment().Run(context);
        Assert.Equal(4, (int)result.Metrics["testTrials"]!);
        // Deterministic: the champion reaches the food on all of the first 4 held-out trials and backs off on the 3 withdrawal trials.
        Assert.Equal(4, (int)result.Metrics["championReached"]!);
        Assert.Equal(3, (int)result.Metrics["withdrawalBackedOff"]!);
        Assert.InRange((double)result.Metrics["parameter0"]!, 5, 15);
        var gif = File.ReadAllBytes(Path.Combine(dir.Path, "worm-klinotaxis-champion.gif"));
        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
    }
}
