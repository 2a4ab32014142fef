using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Experiments.Evolution;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Evolution;

/// <summary>The evolve-xor experiment's quick version (3 seeds): its seeds side by side give the serial outputs.</summary>
public class EvolveXorExperimentTests
{
    [Fact]
    public void Run_Quick_SameOutputsAtOneAndTwoThreads()
    {
        var (metrics1, png1, statuses1) = RunQuick(threads: 1);
        var (metrics2, png2, statuses2) = RunQuick(threads: 2);
        Assert.Contains("\"seeds\":3", metrics1);
        Assert.Equal(metrics1, metrics2);
        Assert.Equal(png1, png2);
        // One progress line per seed, each naming it, whichever order they finish in.
        foreach (var statuses in new[] { statuses1, statuses2 })
        {
            Assert.Equal(3, statuses.Count);
            for (int s = 1; s <= 3; s++) Assert.Single(statuses, l => l.StartsWith($"evolve-xor: seed {s} ", StringComparison.Ordinal));
        }
    }

    private static (string Metrics, byte[] Png, List<string> Statuses) RunQuick(int threads)
    {
        using var dir = new TempDirectory();
        var statuses = new List<string>();
        var context = new ExperimentContext(dir.Path, 1, Quick: true, Threads: threads, TestData.MnistSubset, (_, status) => statuses.Add(status));
        var result = new EvolveXorExperiment().Run(context);
        return (result.Metrics.ToJsonString(), File.ReadAllBytes(Path.Combine(dir.Path, "xor-fitness.png")), statuses);
    }
}
