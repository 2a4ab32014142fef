using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Stochastic;

public class BitstreamTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [Trait("Category", Categories.Statistical)]
    public void Multiply_IndependentStreams_StandardErrorIsBinomial(int length)
    {
        // 0.7 x 0.4 over 2000 independent pairs. Each AND bit is Bernoulli(0.28), so the product estimate has
        // sd sqrt(p (1 - p) / L). Tolerances: the mean within 4 standard errors of the mean; the sample sd
        // within 12 % of theory (the sd of a sample sd over 2000 trials is about 1.6 %, so 12 % is > 7 sigma,
        // which also absorbs the discreteness of counts at L = 100).
        const double a = 0.7, b = 0.4, p = a * b;
        const int trials = 2000;
        var root = new RandomStream(2024);
        var estimates = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            var sa = BitstreamEncoder.Bernoulli(a, length, root.Fork((ulong)(2 * t)));
            var sb = BitstreamEncoder.Bernoulli(b, length, root.Fork((ulong)(2 * t + 1)));
            estimates[t] = Bitstream.MultiplyValue(sa, sb);
        }
        double mean = estimates.Average();
        double sd = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (trials - 1));
        double theory = Math.Sqrt(p * (1 - p) / length);
        Assert.InRange(mean, p - 4 * theory / Math.Sqrt(trials), p + 4 * theory / Math.Sqrt(trials));
        Assert.InRange(sd / theory, 0.88, 1.12);
    }

    [Fact]
    public void Multiply_OneSharedStream_ReturnsMinimumExactly()
    {
        // Equal streams give u_i to both encoders: [u < a] AND [u < b] = [u < min(a, b)], bit for bit.
        const int length = 10_000;
        var a = BitstreamEncoder.Bernoulli(0.7, length, new RandomStream(5).Fork(1));
        var b = BitstreamEncoder.Bernoulli(0.4, length, new RandomStream(5).Fork(1));
        var min = BitstreamEncoder.Bernoulli(0.4, length, new RandomStream(5).Fork(1));
        var product = Bitstream.Multiply(a, b);
        Assert.True(product.Bits.ContentEquals(min.Bits));
        Assert.True(product.Bits.ContentEquals(b.Bits));
        // And the value is min(a, b) = 0.4, not a b = 0.28: sd at L = 10^4 is 0.005, 0.05 is 10 sd.
        Assert.InRange(product.Value, 0.35, 0.45);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void OrNotMux_IndependentStreams_GiveTheirFormulas()
    {
        // L = 100 000: sd of each estimate <= 0.0016; tolerance 0.01 is > 6 sd.
        const int length = 100_000;
        var rng = new RandomStream(77);
        var a = BitstreamEncoder.Bernoulli(0.7, length, rng.Fork(1));
        var b = BitstreamEncoder.Bernoulli(0.4, length, rng.Fork(2));
        var half = BitstreamEncoder.Bernoulli(0.5, length, rng.Fork(3));
        Assert.InRange(Bitstream.Or(a, b).Value, 0.82 - 0.01, 0.82 + 0.01);
        Assert.InRange(Bitstream.ScaledAdd(a, b, half).Value, 0.55 - 0.01, 0.55 + 0.01);
        // NOT is exact: every bit flips.
        Assert.Equal(length - a.Bits.PopCount(), Bitstream.Not(a).Bits.PopCount());
    }

    [Fact]
    public void Multiply_ArticleExample_Length100_IsNearPointTwoEight()
    {
        // The article's demonstration: 0.7 x 0.4 with L = 100 gives about 0.28 (sd 0.045); 3 sd either side.
        var rng = new RandomStream(1);
        var a = BitstreamEncoder.Bernoulli(0.7, 100, rng.Fork(0));
        var b = BitstreamEncoder.Bernoulli(0.4, 100, rng.Fork(1));
        Assert.InRange(Bitstream.Multiply(a, b).Value, 0.28 - 0.135, 0.28 + 0.135);
        Assert.Equal(Bitstream.Multiply(a, b).Value, Bitstream.MultiplyValue(a, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1001)]
    public void Bernoulli_ZeroAndOne_AreExact_TailStaysClear(int length)
    {
        var rng = new RandomStream(3);
        Assert.Equal(0, BitstreamEncoder.Bernoulli(0, length, rng).Bits.PopCount());
        var ones = BitstreamEncoder.Bernoulli(1, length, rng);
        Assert.Equal(length, ones.Bits.PopCount());
        if (length > 0) Assert.Equal(0UL, ones.Bits.Words[^1] & ~ones.Bits.TailMask);
    }

    [Fact]
    public void Bernoulli_SameStream_SameBits_OtherStreamDiffers()
    {
        var a = BitstreamEncoder.Bernoulli(0.5, 500, new RandomStream(9));
        var b = BitstreamEncoder.Bernoulli(0.5, 500, new RandomStream(9));
        var c = BitstreamEncoder.Bernoulli(0.5, 500, new RandomStream(10));
        Assert.True(a.Bits.ContentEquals(b.Bits));
        Assert.False(a.Bits.ContentEquals(c.Bits));
    }

    [Fact]
    public void Encoders_RejectValuesOutsideUnitInterval()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BitstreamEncoder.Bernoulli(1.5, 10, new RandomStream(1)));
        Assert.Contains("[0, 1]", e.Message);
        Assert.Contains("1.5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstreamEncoder.LowDiscrepancy(double.NaN, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstreamEncoder.LowDiscrepancy(0.5, 10, dimension: 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstreamEncoder.LowDiscrepancy(0.5, 10, rotation: 1.0));
    }

    [Theory]
    [InlineData(1, 2, 0.5)]
    [InlineData(2, 2, 0.25)]
    [InlineData(3, 2, 0.75)]
    [InlineData(6, 2, 0.375)]
    [InlineData(1, 3, 1.0 / 3)]
    [InlineData(3, 3, 1.0 / 9)]
    [InlineData(5, 3, 2.0 / 3 + 1.0 / 9)]
    public void RadicalInverse_KnownValues(int index, int radix, double expected) =>
        Assert.Equal(expected, BitstreamEncoder.RadicalInverse(index, radix), 12);

    [Theory]
    [InlineData(0.7, 1024)]
    [InlineData(0.4, 1000)]
    [InlineData(0.123, 100_000)]
    public void LowDiscrepancy_CountIsWithinAFewOfValueTimesLength(double value, int length)
    {
        // The first L van der Corput points have discrepancy below (log2 L + 1) / L.
        long count = BitstreamEncoder.LowDiscrepancy(value, length).Bits.PopCount();
        Assert.InRange(count, value * length - Math.Log2(length) - 1, value * length + Math.Log2(length) + 1);
    }

    [Fact]
    public void LowDiscrepancy_DifferentDimensions_MultiplyMoreAccuratelyThanBernoulli()
    {
        // Halton dimensions 0 and 1 (bases 2 and 3) at L = 10 000: error about (log L)^2 / L ~ 0.008 at most;
        // a Bernoulli product has sd 0.0045 there, so compare at L = 1000 where the Bernoulli sd is 0.014.
        var a = BitstreamEncoder.LowDiscrepancy(0.7, 1000, dimension: 0);
        var b = BitstreamEncoder.LowDiscrepancy(0.4, 1000, dimension: 1);
        Assert.InRange(Bitstream.MultiplyValue(a, b), 0.28 - 0.01, 0.28 + 0.01);
    }

    [Fact]
    public void LowDiscrepancy_SameDimension_AndIsMinimum()
    {
        var a = BitstreamEncoder.LowDiscrepancy(0.7, 4096, dimension: 2, rotation: 0.3);
        var b = BitstreamEncoder.LowDiscrepancy(0.4, 4096, dimension: 2, rotation: 0.3);
        Assert.True(Bitstream.Multiply(a, b).Bits.ContentEquals(b.Bits));
    }

    [Fact]
    public void MultiplierNeuron_OutputIsCountOfCoincidentOnesOverLength()
    {
        var rng = new RandomStream(11);
        var activity = BitstreamEncoder.Bernoulli(0.7, 100, rng.Fork(0)).Bits;
        var synapses = BitstreamEncoder.Bernoulli(0.4, 100, rng.Fork(1)).Bits;
        var neuron = new MultiplierNeuron(synapses);
        int coincident = 0;
        for (int i = 0; i < 100; i++)
        {
            if (activity[i] && synapses[i]) coincident++;
        }
        Assert.Equal(coincident / 100.0, neuron.Respond(activity));
        Assert.Equal(0, MultiplierNeuron.Multiply(new BitVector(0), new BitVector(0)));
    }
}
