using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class FeatureStackTests
{
    // Four 3 x 3 patterns: a horizontal bar, a vertical bar, and two corners.
    private static readonly float[][] Patterns =
    [
        [0, 0, 0, 1, 1, 1, 0, 0, 0],
        [0, 1, 0, 0, 1, 0, 0, 1, 0],
        [1, 1, 1, 1, 0, 0, 1, 0, 0],
        [0, 0, 1, 0, 0, 1, 1, 1, 1],
    ];

    /// <summary>6 x 6 images tiled by four 3 x 3 tiles, each a random pattern, with Gaussian noise of deviation <paramref name="noise"/>.</summary>
    private static Dataset TiledImages(int count, float noise, ulong seed)
    {
        var rng = new RandomStream(seed);
        var values = new float[count * 36];
        for (int i = 0; i < count; i++)
        {
            for (int tile = 0; tile < 4; tile++)
            {
                var p = Patterns[rng.NextInt(Patterns.Length)];
                int top = tile / 2 * 3, left = tile % 2 * 3;
                for (int y = 0; y < 3; y++)
                {
                    for (int x = 0; x < 3; x++)
                        values[i * 36 + (top + y) * 6 + left + x] = p[y * 3 + x] + noise * (float)rng.NextGaussian();
                }
            }
        }
        return new Dataset("tiles", values, count, 36, imageShape: new ImageShape(6, 6));
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Learn_BarsAndCornersPlantedInPatches_BecomeThePrototypes()
    {
        // Stride 3 puts each patch exactly on one tile: every pattern must have a prototype on it. Eight prototypes for four
        // patterns, so that a k-means local minimum (two patterns under one prototype) cannot hide one.
        // Tolerance: a pattern won by one prototype is matched to ~0.005 per pixel (the mean of ~1 000 patches with noise 0.1);
        // one split between two prototypes puts each ~0.08 off along one direction; 0.1 allows that and refuses a merged pattern (0.5 off).
        var data = TiledImages(1000, 0.1f, 7);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("3x3s3:8"), Patches = 4000, PatchesPerImage = 4 };
        var stack = FeatureStack.Learn(data, options, seed: 3, maxThreads: 1);
        var prototypes = stack.Layers[0].Prototypes;
        foreach (var pattern in Patterns)
        {
            float best = Enumerable.Range(0, 8).Min(k => MaxAbsDifference(prototypes.Centre(k), pattern));
            Assert.True(best < 0.1f, $"pattern [{string.Join(",", pattern)}] is {best} from the nearest prototype; prototypes {string.Join(" | ", Enumerable.Range(0, 8).Select(k => string.Join(",", prototypes.Centre(k).ToArray().Select(v => v.ToString("F2")))))}");
        }
    }

    [Fact]
    public void Encode_SharedPrototypes_EqualPerPositionLayersTiedByHand()
    {
        // Per-position weights: one competitive layer per position, each given the same centres by hand.
        var centres = new float[5 * 9];
        new RandomStream(11).FillUniform(centres);
        var spec = PatchLayerSpec.ParseStack("3x3p1:5")[0];
        var g = new PatchGeometry(6, 6, 1, spec);
        var image = TiledImages(1, 0.2f, 5).Row(0).ToArray();
        var shared = new PatchLayer(g, Tied(centres, 9));
        var encoded = new float[shared.OutputLength];
        shared.Encode(image, encoded, shared.CreateScratch());
        var patch = new float[9];
        var distances = new float[5];
        for (int p = 0; p < g.Positions; p++)
        {
            var own = Tied(centres, 9);
            g.Extract(image, p / g.OutWidth, p % g.OutWidth, patch);
            own.Nearest(patch, distances);
            // The triangle code by hand: z_k = |x - c_k|, f_k = max(0, mean z - z_k).
            var z = distances.Select(MathF.Sqrt).ToArray();
            float mean = z.Average();
            for (int k = 0; k < 5; k++) Assert.Equal(Math.Max(0, mean - z[k]), encoded[p * 5 + k], 4);
        }
    }

    [Fact]
    public void Extract_PaddedCorner_CopiesPixelsAndZerosOutside()
    {
        var spec = new PatchLayerSpec { PatchHeight = 2, PatchWidth = 2, Padding = 1, ClusterCount = 1 };
        var g = new PatchGeometry(2, 2, 1, spec);
        Assert.Equal(3, g.OutHeight);
        var patch = new float[4];
        g.Extract([1, 2, 3, 4], 0, 0, patch);
        Assert.Equal([0f, 0f, 0f, 1f], patch);
        g.Extract([1, 2, 3, 4], 2, 1, patch);
        Assert.Equal([3f, 4f, 0f, 0f], patch);
    }

    [Fact]
    public void Encode_AveragePooling_IsTheMeanOfThePositions()
    {
        var centres = new float[3 * 4];
        new RandomStream(2).FillUniform(centres);
        var image = TiledImages(1, 0f, 9).Row(0).ToArray();
        var unpooled = new PatchLayer(new PatchGeometry(6, 6, 1, PatchLayerSpec.ParseStack("2x2s2:3")[0]), Tied(centres, 4));
        var pooled = new PatchLayer(new PatchGeometry(6, 6, 1, PatchLayerSpec.ParseStack("2x2s2:3/2")[0]), Tied(centres, 4));
        var all = new float[unpooled.OutputLength];
        var cells = new float[pooled.OutputLength];
        unpooled.Encode(image, all, unpooled.CreateScratch());
        pooled.Encode(image, cells, pooled.CreateScratch());
        // 3 x 3 positions pool into 2 x 2 regions; the last row and column of regions are partial.
        Assert.Equal(2 * 2 * 3, cells.Length);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal((all[k] + all[3 + k] + all[9 + k] + all[12 + k]) / 4, cells[k], 5);
            Assert.Equal((all[2 * 3 + k] + all[5 * 3 + k]) / 2, cells[3 + k], 5);
            Assert.Equal(all[8 * 3 + k], cells[9 + k], 5);
        }
    }

    [Fact]
    public void LearnAndEncode_SameSeed_SameBytesAtOneAndTwoThreads()
    {
        var data = TestData.MnistTrain().Take(200);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/2,3x3s2:6/3max"), Patches = 2000, PatchesPerImage = 4 };
        var one = FeatureStack.Learn(data, options, seed: 5, maxThreads: 1);
        var two = FeatureStack.Learn(data, options, seed: 5, maxThreads: 2);
        for (int l = 0; l < 2; l++) Assert.Equal(one.Layers[l].Prototypes.Centres.ToArray(), two.Layers[l].Prototypes.Centres.ToArray());
        Assert.Equal(one.Encode(data, 1), two.Encode(data, 2));
    }

    [Fact]
    public void EncodeImage_WhitenedTwoLayerStack_AllocatesNothingPerImage()
    {
        // Every patch of every layer goes through the thread's scratch (im2col band, whitening, GEMM scores, pooled maps).
        var data = TestData.MnistTrain().Take(100);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/2,3x3:6/3max"), Patches = 1000, Whitening = 0.1f };
        var stack = FeatureStack.Learn(data, options, seed: 2, maxThreads: 1);
        var scratch = stack.CreateScratch();
        var features = new float[stack.FeatureCount];
        stack.EncodeImage(data.Row(0), features, scratch);
        long bytes = Allocations.Least(() =>
        {
            for (int i = 0; i < 20; i++) stack.EncodeImage(data.Row(i), features, scratch);
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Save_ThenLoad_GivesTheSameFeatures()
    {
        using var dir = new TempDirectory();
        var data = TestData.MnistTrain().Take(50);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("4x4s2:6/2"), Patches = 500 };
        var stack = FeatureStack.Learn(data, options, seed: 1, maxThreads: 1);
        string path = dir.File("stack.safetensors");
        FeatureStackFile.Save(stack, path);
        Assert.True(FeatureStackFile.IsFeatureStack(path));
        var back = FeatureStackFile.Load(path);
        Assert.Equal("4x4s2:6/2", PatchLayerSpec.Format(back.Layers.Select(l => l.Geometry.Spec)));
        Assert.Equal(stack.Encode(data, 1), back.Encode(data, 1));
    }

    [Theory]
    [InlineData("5x5:8/12,3x3:8", "layer 2", "does not fit")]
    [InlineData("30x30:8", "layer 1", "does not fit")]
    [InlineData("3x3s40:8", "stride 40")]
    [InlineData("5x5:8/30", "pool 30")]
    public void Plan_StackThatDoesNotFit_RefusedNamingTheLayer(string layers, params string[] words)
    {
        var e = Assert.Throws<InvalidInputException>(() => FeatureStack.Plan(new ImageShape(28, 28), 1, PatchLayerSpec.ParseStack(layers)));
        foreach (string w in words) Assert.Contains(w, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5x:8")]
    [InlineData("5x5")]
    [InlineData("0x5:8")]
    [InlineData("5x5:8,5x5:8,5x5:8,5x5:8")]
    public void ParseStack_BadText_RefusedWithOneSentence(string layers)
    {
        var e = Assert.Throws<InvalidInputException>(() => PatchLayerSpec.ParseStack(layers));
        Assert.StartsWith("--layers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseStack_TextForm_RoundTrips()
    {
        const string text = "5x5:64/2,3x3s2p1:256/3max,2x3:10";
        var layers = PatchLayerSpec.ParseStack(text);
        Assert.Equal(3, layers[1].Pool);
        Assert.Equal(PatchPooling.Max, layers[1].Pooling);
        Assert.Equal(2, layers[1].Stride);
        Assert.Equal(1, layers[1].Padding);
        Assert.Equal(text, PatchLayerSpec.Format(layers));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Category", Categories.Statistical)]
    public void FitDense_PlantedClasses_DeltaRuleReadsThem(bool softmax)
    {
        // Three classes, each a fixed random point in 20 dimensions plus noise of deviation 0.3: linearly separable
        // with a wide margin, so the delta rule must read at least 97 % of fresh rows right (it reads ~100 %).
        var rng = new RandomStream(4);
        var means = new float[3 * 20];
        rng.FillUniform(means, -1, 1);
        (float[] X, int[] Y) Draw(int n)
        {
            var x = new float[n * 20];
            var y = new int[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = rng.NextInt(3);
                for (int j = 0; j < 20; j++) x[i * 20 + j] = means[y[i] * 20 + j] + 0.3f * (float)rng.NextGaussian();
            }
            return (x, y);
        }
        var (trainX, trainY) = Draw(600);
        var (testX, testY) = Draw(300);
        var readout = TeacherReadout.FitDense(trainX, 20, trainY, 3, new ReadoutOptions { Rule = ReadoutRule.Delta, Softmax = softmax, Epochs = 5 }, seed: 1);
        var predicted = readout.PredictDense(testX, 2);
        double accuracy = predicted.Zip(testY).Count(p => p.First == p.Second) / 300.0;
        Assert.True(accuracy >= 0.97, $"accuracy {accuracy}");
        Assert.Equal(predicted, readout.PredictDense(testX, 1));
    }

    private static CompetitiveLayer Tied(float[] centres, int d)
    {
        int k = centres.Length / d;
        var layer = new CompetitiveLayer(d, new CompetitiveLayerOptions { ClusterCount = k, Metric = DistanceMetric.SquaredL2 }, new RandomStream(0));
        centres.CopyTo(layer.MutableCentres);
        return layer;
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, float[] b)
    {
        float m = 0;
        for (int i = 0; i < b.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
