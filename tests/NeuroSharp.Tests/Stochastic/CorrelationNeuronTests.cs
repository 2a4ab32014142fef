using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Stochastic;

public class CorrelationNeuronTests
{
    [Theory]
    [InlineData(0.25, 0.5, 0.0)]
    [InlineData(0.5, 0.5, 1.0)]
    [InlineData(0.0025, 0.05, 0.0)]
    [InlineData(0.05, 0.05, 1.0)]
    [InlineData(0.0, 0.5, -1.0)]
    public void Normalise_KnownValues(double activity, double density, double expected) =>
        Assert.Equal(expected, CorrelationNeuron.Normalise(activity, density), 12);

    [Fact]
    public void IdenticalCode_ActivityIsDensity_CorrelationIsOne()
    {
        var code = RandomCode(1000, 500, 1);
        var neuron = new CorrelationNeuron(code, 0.5);
        Assert.Equal(0.5, neuron.Activity(code));
        Assert.Equal(1.0, neuron.Correlation(code));
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void UnrelatedCodes_ActivityIsDensitySquared()
    {
        // Random codes of exactly k = rho N ones: the overlap is hypergeometric with mean k^2 / N, so the activity
        // averages rho^2 = 0.25. Over 200 pairs at N = 2000 the sd of the mean activity is about 0.0006; tolerance 0.005.
        const int n = 2000;
        var map = RandomCode(n, n / 2, 7);
        var neuron = new CorrelationNeuron(map, 0.5);
        double sum = 0, sumCorr = 0;
        for (ulong t = 0; t < 200; t++)
        {
            var h = RandomCode(n, n / 2, 100 + t);
            sum += neuron.Activity(h);
            sumCorr += neuron.Correlation(h);
        }
        Assert.InRange(sum / 200, 0.25 - 0.005, 0.25 + 0.005);
        Assert.InRange(sumCorr / 200, -0.02, 0.02);
    }

    [Fact]
    public void Inhibit_KeepsOnlyTheMapsBits()
    {
        var h = RandomCode(300, 60, 2);
        var s = RandomCode(300, 60, 3);
        var output = new BitVector(300);
        new CorrelationNeuron(s, 0.2).Inhibit(h, output);
        Assert.Equal(BitVector.AndPopCount(h, s), output.PopCount());
        foreach (int i in output.IndicesOfOnes()) Assert.True(h[i] && s[i]);
    }

    internal static BitVector RandomCode(int length, int ones, ulong seed)
    {
        var v = new BitVector(length);
        foreach (int i in new RandomStream(seed).SampleWithoutReplacement(ones, length)) v[i] = true;
        return v;
    }
}
