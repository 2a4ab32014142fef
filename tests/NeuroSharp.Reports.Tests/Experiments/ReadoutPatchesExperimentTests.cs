using NeuroSharp.Clustering.Patches;
using NeuroSharp.Reports.Experiments.Clustering;
using NeuroSharp.Testing;

namespace NeuroSharp.Reports.Tests.Experiments;

public class ReadoutPatchesExperimentTests
{
    [Fact]
    public void PrototypeFigures_TwoStacks_APictureOfEveryLayerOfEach()
    {
        // The full run reads two stacks; the pictures must show the second stack's prototypes too, not only the first's.
        using var dir = new TempDirectory();
        var data = TestData.MnistTrain().Take(100);
        var first = FeatureStack.Learn(data, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/2,3x3:6/3"), Patches = 800 }, seed: 1, maxThreads: 1);
        var second = FeatureStack.Learn(data, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("7x7:10/6"), Patches = 800, Whitening = 0.3f }, seed: 1, maxThreads: 1);
        var figures = ReadoutPatchesExperiment.PrototypeFigures([first, second], dir.File);
        Assert.Equal(["layer1.png", "layer2.png", "stack2-layer1.png"], figures.Select(f => f.FileName).ToArray());
        Assert.Contains("10 shared 7x7 prototypes of layer 1 of stack 2", figures[2].Caption, StringComparison.Ordinal);
        Assert.Contains("whitening", figures[2].Caption, StringComparison.Ordinal);
        Assert.DoesNotContain("whitening", figures[0].Caption, StringComparison.Ordinal);
        foreach (var f in figures) Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(dir.File(f.FileName))[..4]);
    }
}
