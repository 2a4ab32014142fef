using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class ByteFeatureRowsTests
{
    [Fact]
    public void ScaleOf_KnownRows_IsEachFeaturesLargestOver255()
    {
        var scale = ByteFeatureRows.ScaleOf([1f, 0f, 5.1f, 2.55f, 0f, 0.3f], featureCount: 3);
        Assert.Equal([2.55f / 255f, 0f, 5.1f / 255f], scale);
    }

    [Fact]
    public void StoreRead_KnownValues_RoundToTheNearestStepAndClip()
    {
        var rows = new ByteFeatureRows(2, [0.5f, 1f, 0f]);
        var scratch = new float[3];
        // 3.2 / 0.5 = 6.4 -> 6 steps; 7.6 -> 8 steps; 400 steps clip to 255; a negative value stores 0; a silent feature stores 0.
        rows.Store(0, [3.2f, 7.6f, 9f], scratch);
        rows.Store(1, [200f, -3f, 1f], scratch);
        var read = new float[3];
        rows.Read(0, read);
        Assert.Equal([3f, 8f, 0f], read);
        rows.Read(1, read);
        Assert.Equal([127.5f, 0f, 0f], read);
    }

    [Fact]
    public void Store_RowOutOfRange_Refused()
    {
        var rows = new ByteFeatureRows(2, [1f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Store(2, [1f], new float[1]));
    }

    [Fact]
    public void FitDense_RowsExactInBytes_SameReadoutAsFromFloats()
    {
        // Values that are whole steps of 0.25 survive the bytes exactly, so both forms must give the same weights bit for bit.
        var rng = new NeuroSharp.Numerics.Random.RandomStream(3);
        int n = 300, f = 16;
        var x = new float[n * f];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextInt(3);
            for (int j = 0; j < f; j++) x[i * f + j] = 0.25f * rng.NextInt(j % 3 == y[i] ? 40 : 20);
        }
        var scale = ByteFeatureRows.ScaleOf(x, f).Select(_ => 0.25f).ToArray();
        var bytes = new ByteFeatureRows(n, scale);
        var scratch = new float[f];
        for (int i = 0; i < n; i++) bytes.Store(i, x.AsSpan(i * f, f), scratch);
        var options = new ReadoutOptions { Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.01f, Epochs = 3, BatchSize = 32 };
        var fromFloats = TeacherReadout.FitDense(x, f, y, 3, options, seed: 2);
        var fromBytes = TeacherReadout.FitDense(bytes, y, 3, options, seed: 2, maxThreads: 2);
        Assert.Equal(fromFloats.Table.ToArray(), fromBytes.Table.ToArray());
        Assert.Equal(fromFloats.OutputsDense(x, n, 1), fromBytes.OutputsDense(bytes, n, 2));
    }

    [Fact]
    public void EncodeBytes_WithDiagonalShifts_WithinHalfAStepOfTheFloatsAndSameAtAnyThreadCount()
    {
        var data = TestData.MnistTrain().Take(40);
        var stack = FeatureStack.Learn(data, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/6"), Patches = 1000, PatchesPerImage = 4 }, seed: 2, maxThreads: 1);
        var shifts = new ImageShifts { Distance = 1, Diagonals = true };
        var floats = stack.Encode(data, shifts, maxThreads: 1);
        var one = stack.EncodeBytes(data, shifts, maxThreads: 1);
        var two = stack.EncodeBytes(data, shifts, maxThreads: 2);
        int f = stack.FeatureCount, n = data.RowCount;
        Assert.Equal(n * shifts.CopiesPerImage, one.RowCount);
        Assert.Equal(ByteFeatureRows.ScaleOf(floats.AsSpan(0, n * f), f), one.Scale.ToArray());
        var a = new float[f];
        var b = new float[f];
        for (int r = 0; r < one.RowCount; r++)
        {
            one.Read(r, a);
            two.Read(r, b);
            Assert.Equal(a, b);
            for (int j = 0; j < f; j++)
            {
                // Half a step of rounding; a shifted copy may pass the images' largest value and is clipped to it.
                float exact = Math.Min(floats[r * f + j], 255 * one.Scale[j]);
                Assert.InRange(a[j], exact - 0.5f * one.Scale[j] - 1e-6f, exact + 0.5f * one.Scale[j] + 1e-6f);
            }
        }
    }

    [Fact]
    public void Run_ByteFeatures_ReadsLikeTheFloatsAndRefusesOverTheBudget()
    {
        var train = TestData.MnistTrain().Take(300);
        var test = TestData.MnistTest().Take(200);
        var stack = FeatureStack.Learn(train, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:12/12"), Patches = 2000 }, seed: 1, maxThreads: 1);
        var options = new ReadoutOptions { Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.003f, Epochs = 3, BatchSize = 64 };
        var shifts = new ImageShifts { Distance = 1 };
        var floats = FeatureReadoutResult.Run(stack, train, test, 10, options, seed: 4, maxThreads: 1, shifts: shifts);
        var bytes = FeatureReadoutResult.Run(stack, train, test, 10, options, seed: 4, maxThreads: 2, shifts: shifts, byteFeatures: true);
        // Rounding to 1/255 of each feature's range moves a few test images at most (tolerance: 2 of 200).
        Assert.InRange(bytes.Predicted.Zip(floats.Predicted).Count(p => p.First != p.Second), 0, 2);
        // 300 images x 5 copies x 25 600 features = 38 MB of bytes, over a 16 MiB budget.
        var wide = FeatureStack.Learn(train, new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:400/3"), Patches = 2000 }, seed: 1, maxThreads: 1);
        var e = Assert.Throws<InvalidInputException>(() => FeatureReadoutResult.Run(wide, train, test, 10, options, 4, 1, new MemoryBudget(16 << 20), shifts, byteFeatures: true));
        Assert.Contains("one byte each", e.Message, StringComparison.Ordinal);
    }
}
