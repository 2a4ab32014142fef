using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Tests.Learning;

/// <summary>A small planted classification problem: Gaussian blobs around random class centres.</summary>
internal static class PlantedClasses
{
    /// <summary>rows examples of dims inputs in classes classes; centres ~ U(-1, 1), noise sd 0.5 per input.</summary>
    public static Dataset Create(ulong seed, int rows = 240, int dims = 12, int classes = 4)
    {
        var rng = new RandomStream(seed);
        var centres = new float[classes * dims];
        rng.FillUniform(centres, -1f, 1f);
        var values = new float[rows * dims];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % classes;
            for (int j = 0; j < dims; j++) values[i * dims + j] = centres[labels[i] * dims + j] + 0.5f * (float)rng.NextGaussian();
        }
        return new Dataset("planted", values, rows, dims, labels);
    }
}
