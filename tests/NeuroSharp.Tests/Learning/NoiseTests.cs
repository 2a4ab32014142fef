using NeuroSharp.Learning;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Learning;

public class NoiseTests
{
    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData(0.5f)]
    [InlineData(0.2f)]
    public void DropoutMask_KeepsOneMinusQ_ScaledToKeepTheMean(float q)
    {
        var keep = new float[100_003];
        SpikeCoding.DrawKeepScales(keep, q, new RandomStream(1));
        double kept = keep.Count(v => v > 0) / (double)keep.Length;
        // 100 003 Bernoulli draws: sd of the kept fraction <= 0.0016; 5 sd = 0.008.
        Assert.InRange(kept, 1 - q - 0.008, 1 - q + 0.008);
        Assert.All(keep, v => Assert.True(v == 0f || v == 1f / (1f - q)));
        Assert.InRange(keep.Average(), 1 - 0.01, 1 + 0.01); // E[keep] = 1 (inverted dropout)
    }

    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData(0.3f)]
    [InlineData(4f)]
    [InlineData(50f)]
    public void Poisson_MeanAndVarianceNearLambda(float lambda)
    {
        var rng = new RandomStream(2);
        const int n = 40_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            int k = SpikeCoding.Poisson(lambda, rng);
            sum += k;
            sumSq += (double)k * k;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        // sd of the mean is sqrt(lambda / n); 5 sd. The variance of a Poisson equals its mean: within 5 %.
        Assert.InRange(mean, lambda - 5 * Math.Sqrt(lambda / n), lambda + 5 * Math.Sqrt(lambda / n));
        Assert.InRange(variance, 0.95 * lambda, 1.05 * lambda);
    }

    [Fact]
    public void SpikeEncode_ZeroRate_NoSpikes_AndUnitsOfOneOverT()
    {
        var h = new float[] { 0f, 0f, 2f, 0.5f };
        SpikeCoding.Encode(h, 4f, new RandomStream(3));
        Assert.Equal(0f, h[0]);
        Assert.Equal(0f, h[1]);
        Assert.All(h, v => Assert.Equal(0f, v * 4f - MathF.Round(v * 4f)));
    }
}
