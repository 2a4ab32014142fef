using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Scalar twins (docs/design.md#scalar-twins): the contiguous-row STDP arrival (TensorPrimitives) equals its scalar twin bit for bit.</summary>
public class StdpRowsTwinTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(9, 1)]
    [InlineData(16, 0)]
    [InlineData(1001, 5)]
    public void DeliverAndDepressContiguous_EqualsTheScalarLoop(int length, int offset)
    {
        foreach (float scale in new[] { 1f, 0.37f })
        {
            var rng = new RandomStream((ulong)(length * 31 + offset));
            int n = length + offset + 3;
            var channel = new float[n];
            var weights = new float[n];
            var post = new float[n];
            rng.FillUniform(channel, 0, 2);
            rng.FillUniform(weights, -0.1f, 1.2f); // some out of [0, 1]: the clip must act alike
            rng.FillUniform(post, 0, 30);
            var targets = Enumerable.Range(0, n).ToArray();
            var (c1, w1) = ((float[])channel.Clone(), (float[])weights.Clone());
            StdpRows.DeliverAndDepress(c1, targets, w1, post, offset, offset + length, scale, 0.01f, 0f, 1f, weightDependent: false, mu: 1f);
            var (c2, w2) = ((float[])channel.Clone(), (float[])weights.Clone());
            StdpRows.DeliverAndDepressContiguous(c2.AsSpan(offset, length), w2.AsSpan(offset, length), post.AsSpan(offset, length), scale, 0.01f, 0f, 1f);
            Assert.Equal(c1, c2);
            Assert.Equal(w1, w2);
        }
    }
}
