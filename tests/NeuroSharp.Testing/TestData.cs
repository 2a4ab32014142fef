using NeuroSharp.Data;

namespace NeuroSharp.Testing;

/// <summary>Paths to the committed test data and loaders for it (no network needed).</summary>
public static class TestData
{
    /// <summary>The folder of test data copied next to the test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The folder of the committed MNIST subset (1 000 train, 500 test images, .gz IDX).</summary>
    public static string MnistSubsetDirectory => Path.Combine(Directory, "mnist-subset");

    /// <summary>A repository that serves the committed subset as "MNIST".</summary>
    public static MnistRepository MnistSubset => new(cacheDirectory: Path.Combine(Path.GetTempPath(), "neurosharp-test-cache"), dataDirectory: MnistSubsetDirectory);

    /// <summary>The 1 000 training images of the subset, scaled to [0, 1], with labels.</summary>
    /// <returns>The dataset.</returns>
    public static Dataset MnistTrain() => MnistFiles.Load(MnistSubsetDirectory, MnistSplit.Train);

    /// <summary>The 500 test images of the subset.</summary>
    /// <returns>The dataset.</returns>
    public static Dataset MnistTest() => MnistFiles.Load(MnistSubsetDirectory, MnistSplit.Test);
}
