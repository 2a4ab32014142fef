using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class PatchWhiteningTests
{
    [Fact]
    public void Decompose_KnownSymmetricMatrix_GivesItsEigenpairs()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, -1) / sqrt 2 and (1, 1) / sqrt 2.
        var (v, values) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        var sorted = values.Order().ToArray();
        Assert.Equal(1.0, sorted[0], 12);
        Assert.Equal(3.0, sorted[1], 12);
        for (int e = 0; e < 2; e++)
        {
            // A v_e = lambda_e v_e.
            double x = v[e], y = v[2 + e];
            Assert.Equal(values[e] * x, 2 * x + y, 12);
            Assert.Equal(values[e] * y, x + 2 * y, 12);
            Assert.Equal(1.0, x * x + y * y, 12);
        }
    }

    [Fact]
    public void Fit_CorrelatedPatches_WhitenedCovarianceIsTheIdentity()
    {
        // Planted correlation: x = A z + offset with z standard normal, so the raw covariance is A A^T, far from I.
        const int n = 4000, d = 4;
        var rng = new RandomStream(3);
        float[] mix = [1, 0.9f, 0.5f, 0, 0, 1, 0.8f, 0.2f, 0.3f, 0, 1, 0.7f, 0, 0, 0.1f, 0.4f];
        var patches = new float[n * d];
        var z = new float[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) z[j] = (float)rng.NextGaussian();
            for (int a = 0; a < d; a++)
            {
                float s = 2 + a;
                for (int b = 0; b < d; b++) s += mix[a * d + b] * z[b];
                patches[i * d + a] = s;
            }
        }
        var whitening = PatchWhitening.Fit(patches, n, d, 1e-6f);
        // ZCA's W is symmetric.
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) Assert.Equal(whitening.Matrix[a * d + b], whitening.Matrix[b * d + a], 5);
        whitening.Apply(patches, n, new float[n * d]);
        // On the sample it was fitted to, W C W = C (C + eps)^-1: the identity up to eps / lambda_min and float rounding (tolerance 2e-3).
        for (int a = 0; a < d; a++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += patches[i * d + a];
            Assert.Equal(0, mean / n, 3);
            for (int b = 0; b < d; b++)
            {
                double c = 0;
                for (int i = 0; i < n; i++) c += patches[i * d + a] * (double)patches[i * d + b];
                Assert.Equal(a == b ? 1 : 0, c / (n - 1), 2e-3);
            }
        }
    }

    [Fact]
    public void Encode_WhitenedLayer_IsTheTriangleCodeOfTheWhitenedPatch()
    {
        // Known answer by hand: f_k = max(0, mean z - z_k) with z_k = |W (x - m) - c_k|.
        const int d = 4, k = 3;
        var rng = new RandomStream(8);
        var mean = new float[d];
        var matrix = new float[d * d];
        var centres = new float[k * d];
        rng.FillUniform(mean);
        rng.FillUniform(centres);
        for (int a = 0; a < d; a++) for (int b = a; b < d; b++) matrix[a * d + b] = matrix[b * d + a] = (float)rng.NextGaussian();
        var whitening = new PatchWhitening(mean, matrix, 0.1f);
        var g = new PatchGeometry(3, 3, 1, PatchLayerSpec.ParseStack("2x2:3")[0]);
        var layer = new PatchLayer(g, Tied(centres, d), whitening);
        var image = new float[9];
        rng.FillUniform(image);
        var encoded = new float[layer.OutputLength];
        layer.Encode(image, encoded, layer.CreateScratch());
        var patch = new float[d];
        for (int p = 0; p < g.Positions; p++)
        {
            g.Extract(image, p / g.OutWidth, p % g.OutWidth, patch);
            var white = new float[d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) white[a] += matrix[a * d + b] * (patch[b] - mean[b]);
            var dist = Enumerable.Range(0, k).Select(c => MathF.Sqrt(Enumerable.Range(0, d).Sum(j => (white[j] - centres[c * d + j]) * (white[j] - centres[c * d + j])))).ToArray();
            float average = dist.Average();
            for (int c = 0; c < k; c++) Assert.Equal(Math.Max(0, average - dist[c]), encoded[p * k + c], 4);
        }
    }

    [Fact]
    public void LearnAndEncode_Whitened_SameBytesAtOneAndTwoThreads()
    {
        var data = TestData.MnistTrain().Take(200);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:8/2,3x3s2:6/3max"), Patches = 2000, PatchesPerImage = 4, Whitening = 0.1f };
        var one = FeatureStack.Learn(data, options, seed: 5, maxThreads: 1);
        var two = FeatureStack.Learn(data, options, seed: 5, maxThreads: 2);
        for (int l = 0; l < 2; l++)
        {
            Assert.NotNull(one.Layers[l].Whitening);
            Assert.Equal(one.Layers[l].Whitening!.Matrix, two.Layers[l].Whitening!.Matrix);
            Assert.Equal(one.Layers[l].Prototypes.Centres.ToArray(), two.Layers[l].Prototypes.Centres.ToArray());
        }
        Assert.Equal(one.Encode(data, 1), two.Encode(data, 2));
    }

    [Fact]
    public void Save_ThenLoad_Whitened_GivesTheSameFeatures()
    {
        using var dir = new TempDirectory();
        var data = TestData.MnistTrain().Take(50);
        var options = new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("4x4s2:6/2"), Patches = 500, Whitening = 0.05f };
        var stack = FeatureStack.Learn(data, options, seed: 1, maxThreads: 1);
        var raw = FeatureStack.Learn(data, options with { Whitening = 0 }, seed: 1, maxThreads: 1);
        Assert.NotEqual(raw.Encode(data, 1), stack.Encode(data, 1));
        string path = dir.File("stack.safetensors");
        FeatureStackFile.Save(stack, path);
        var back = FeatureStackFile.Load(path);
        Assert.Equal(0.05f, back.Layers[0].Whitening!.Epsilon);
        Assert.Equal(stack.Encode(data, 1), back.Encode(data, 1));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Validate_BadEpsilon_RefusedNamingTheOption(float epsilon)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new FeatureStackOptions { Whitening = epsilon }.Validate());
        Assert.Contains("Whitening", e.Message, StringComparison.Ordinal);
    }

    private static CompetitiveLayer Tied(float[] centres, int d)
    {
        int k = centres.Length / d;
        var layer = new CompetitiveLayer(d, new CompetitiveLayerOptions { ClusterCount = k, Metric = DistanceMetric.SquaredL2 }, new RandomStream(0));
        centres.CopyTo(layer.MutableCentres);
        return layer;
    }
}
