namespace NeuroSharp.Learning;

/// <summary>Draws initial weights for <see cref="WeightInit"/>.</summary>
internal static class WeightInitializer
{
    /// <summary>The half-width a of U(-a, a) for a layer.</summary>
    public static float HalfWidth(WeightInit init, Activation activation, int fanIn, int fanOut) => init switch
    {
        WeightInit.UniformFanIn => 1f / MathF.Sqrt(fanIn),
        WeightInit.Glorot => (activation == Activation.Logistic ? 4f : 1f) * MathF.Sqrt(6f / (fanIn + fanOut)),
        _ => MathF.Sqrt(6f / fanIn),
    };

    public static void Fill(Span<float> weights, float halfWidth, Numerics.Random.RandomStream stream) =>
        stream.FillUniform(weights, -halfWidth, halfWidth);
}
