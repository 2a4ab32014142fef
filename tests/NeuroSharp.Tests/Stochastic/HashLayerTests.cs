using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Tests.Stochastic;

public class HashLayerTests
{
    private static readonly HashLayerOptions Small = new() { Density = 0.1, Expansion = 5, SynapsesPerNeuron = 6 };

    [Fact]
    public void Hash_AnyInput_HasExactlyKOnes()
    {
        var layer = HashLayer.Create(40, Small, 1);
        Assert.Equal(200, layer.NeuronCount);
        Assert.Equal(20, layer.ActiveCount);
        var code = new BitVector(layer.NeuronCount);
        var rng = new RandomStream(2);
        var inputs = new List<float[]> { new float[40], Enumerable.Repeat(3f, 40).ToArray(), Enumerable.Range(0, 40).Select(i => (float)i).ToArray() };
        for (int t = 0; t < 20; t++)
        {
            var x = new float[40];
            rng.FillUniform(x, -1, 1);
            inputs.Add(x);
        }
        foreach (var x in inputs)
        {
            layer.Hash(x, code);
            Assert.Equal(layer.ActiveCount, code.PopCount());
        }
    }

    [Fact]
    public void Hash_AllZeroInput_TiesGoToLowestNeurons()
    {
        var layer = HashLayer.Create(40, Small, 1);
        var code = new BitVector(layer.NeuronCount);
        layer.Hash(new float[40], code);
        Assert.Equal(Enumerable.Range(0, layer.ActiveCount).ToArray(), code.IndicesOfOnes());
    }

    [Fact]
    public void Synapses_AreCDistinctInputs_ActivateSumsThem()
    {
        var layer = HashLayer.Create(30, Small, 4);
        var x = new float[30];
        new RandomStream(5).FillUniform(x);
        x[3] = 0; // zeros are skipped by the input-major loop: must not change sums
        var y = new float[layer.NeuronCount];
        layer.Activate(x, y);
        for (int n = 0; n < layer.NeuronCount; n++)
        {
            var s = layer.Synapses(n).ToArray();
            Assert.Equal(6, s.Length);
            Assert.Equal(6, s.Distinct().Count());
            Assert.All(s, j => Assert.InRange(j, 0, 29));
            float expected = 0;
            foreach (int j in s) expected += x[j];
            Assert.Equal(expected, y[n], 5);
        }
    }

    [Fact]
    public void KWinners_MatchesSortingReference_WithTies()
    {
        var rng = new RandomStream(8);
        foreach (int n in new[] { 1, 2, 7, 64, 65, 300 })
        {
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = rng.NextInt(5); // many ties
            foreach (int k in new[] { 1, n / 3 + 1, n })
            {
                var expected = Enumerable.Range(0, n).OrderByDescending(i => v[i]).ThenBy(i => i).Take(k).Order().ToArray();
                var winners = new int[k];
                KWinners.ToIndices(v, k, new float[n], winners);
                Assert.Equal(expected, winners);
                var code = new ulong[BitVector.WordCountFor(n)];
                KWinners.ToCode(v, k, new float[n], code);
                Assert.Equal(expected, BitVector.FromWords(code, n).IndicesOfOnes());
            }
        }
    }

    [Fact]
    public void HashAll_EqualsRowByRow_AnyThreadCount()
    {
        var data = RandomData(300, 25, 3);
        var layer = HashLayer.Create(25, Small, 9);
        var one = layer.HashAll(data, 1);
        var three = layer.HashAll(data, 3);
        Assert.Equal(one.Words.ToArray(), three.Words.ToArray());
        var code = new BitVector(layer.NeuronCount);
        layer.Hash(data.Row(123), code);
        Assert.True(code.ContentEquals(one.RowVector(123)));
    }

    [Fact]
    public void TagAll_WinnersAreTheCodeBits_ValuesAreActivations()
    {
        var data = RandomData(20, 25, 4);
        var layer = HashLayer.Create(25, Small, 9);
        var codes = layer.HashAll(data);
        var tags = layer.TagAll(data);
        var y = new float[layer.NeuronCount];
        for (int r = 0; r < data.RowCount; r++)
        {
            Assert.Equal(codes.RowVector(r).IndicesOfOnes(), tags.Indices(r).ToArray());
            layer.Activate(data.Row(r), y);
            for (int i = 0; i < tags.ActiveCount; i++) Assert.Equal(y[tags.Indices(r)[i]], tags.Values(r)[i]);
        }
        Assert.Equal(0, tags.SquaredDistance(3, 3), 3);
    }

    [Fact]
    public void SameSeed_SameLayer_OtherSeedDiffers()
    {
        var a = HashLayer.Create(50, Small, 1);
        var b = HashLayer.Create(50, Small, 1);
        var c = HashLayer.Create(50, Small, 2);
        Assert.Equal(a.Synapses(17).ToArray(), b.Synapses(17).ToArray());
        Assert.False(Enumerable.Range(0, a.NeuronCount).All(n => a.Synapses(n).SequenceEqual(c.Synapses(n))));
    }

    [Fact]
    public void SimilarInputs_ShareMoreWinners_ThanUnrelatedOnes()
    {
        // Locality: x and x + small noise keep most winners; two independent inputs share about k^2 / N.
        var layer = HashLayer.Create(100, new HashLayerOptions { Density = 0.05, Expansion = 20, SynapsesPerNeuron = 10 }, 3);
        var rng = new RandomStream(4);
        var x = new float[100];
        var near = new float[100];
        var far = new float[100];
        rng.FillUniform(x);
        for (int i = 0; i < 100; i++) near[i] = x[i] + 0.05f * (rng.NextSingle() - 0.5f);
        rng.FillUniform(far);
        var hx = new BitVector(layer.NeuronCount);
        var hn = new BitVector(layer.NeuronCount);
        var hf = new BitVector(layer.NeuronCount);
        layer.Hash(x, hx);
        layer.Hash(near, hn);
        layer.Hash(far, hf);
        Assert.True(BitVector.AndPopCount(hx, hn) > 0.6 * layer.ActiveCount);
        Assert.True(BitVector.AndPopCount(hx, hf) < 0.3 * layer.ActiveCount);
    }

    [Fact]
    public void Options_OutOfRange_NameTheOption()
    {
        Assert.Contains("Density", Assert.Throws<InvalidOptionException>(() => new HashLayerOptions { Density = 1 }.Validate()).Message);
        Assert.Contains("Expansion", Assert.Throws<InvalidOptionException>(() => new HashLayerOptions { Expansion = 0 }.Validate()).Message);
        var e = Assert.Throws<InvalidOptionException>(() => HashLayer.Create(5, new HashLayerOptions { SynapsesPerNeuron = 6 }, 1));
        Assert.Contains("SynapsesPerNeuron must be at most the input count 5 (got 6)", e.Message);
        var data = RandomData(3, 7, 1);
        Assert.Contains("7 columns", Assert.Throws<InvalidInputException>(() => HashLayer.Create(8, Small, 1).HashAll(data)).Message);
    }

    internal static Dataset RandomData(int rows, int columns, ulong seed)
    {
        var v = new float[rows * columns];
        new RandomStream(seed).FillUniform(v);
        return new Dataset("random", v, rows, columns);
    }
}
