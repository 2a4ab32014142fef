using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Memory;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Memory;

/// <summary>Article 000's imagination (docs/articles.md#article-000-clusterizers): a remembered code with one meta-cluster's winner swapped reconstructs an input never seen.</summary>
public sealed class ImaginationExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "imagination";

    /// <inheritdoc />
    public string Title => "Imagination: swap one meta-cluster's winner and reconstruct";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Two meta-clusters of 10 neurons learn side-by-side digits. We take remembered pairs, keep the left digit's winner and let every " +
        "neuron of the right meta-cluster fire in turn, then reconstruct (xhat = sum of the winners' centres): pairs that were never seen.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var model = SideBySideModel.Train(context, clusterCount: 10, out var pairs, out _);
        int left = SideBySideModel.LeftMeta(model, pairs);
        int right = 1 - left;
        var shape = pairs.Dataset.ImageShape!.Value;
        int d = shape.PixelCount, k = model.ClusterCount;
        var codes = model.Encode(pairs.Dataset.Take(4), context.Threads);
        // Rows: the remembered input, its reconstruction, then K imagined variants (right winner swapped).
        var images = new List<float>();
        var imagined = new List<float[]>();
        for (int r = 0; r < 4; r++)
        {
            var code = codes.AsSpan(2 * r, 2);
            images.AddRange(pairs.Dataset.Row(r).ToArray());
            images.AddRange(Imagination.Picture(model, code));
            for (int w = 0; w < k; w++)
            {
                var picture = Imagination.Picture(model, Imagination.Swap(code, right, w));
                images.AddRange(picture);
                if (w != code[right]) imagined.Add(picture);
            }
        }
        Png.Save(context.PathOf("imagined.png"), ImageGrid.RenderPng(images.ToArray(), images.Count / d, shape.Height, shape.Width,
            new ImageGridOptions { Columns = k + 2, Scale = 2, SharedRange = false, Low = 0 }));

        // How new are they? Distance (mean |.| per pixel) from each imagined input to its nearest training pair,
        // against the same distance for reconstructions of real pairs (the model's own blur).
        var sample = pairs.Dataset.Take(Math.Min(5000, pairs.Dataset.RowCount));
        double imaginedNearest = imagined.Average(p => Nearest(p, sample));
        var realCodes = model.Encode(pairs.Dataset.Take(24), context.Threads);
        var real = new List<double>();
        for (int r = 4; r < 24; r++) real.Add(Nearest(Imagination.Picture(model, realCodes.AsSpan(2 * r, 2)), sample));
        var metrics = new JsonObject
        {
            ["imagined"] = imagined.Count, ["leftMetaCluster"] = left,
            ["imaginedNearestTrainingDistance"] = imaginedNearest, ["reconstructedNearestTrainingDistance"] = real.Average(),
        };
        return new ExperimentResult(metrics,
            [new Figure("imagined.png", "Each row: a remembered pair, its reconstruction, then the right meta-cluster's winner set to each of its 10 neurons: the left digit stays, the right one is imagined.")],
            [
                new Comparison("imagined pairs (never seen) drawn", $"{imagined.Count}", "'the brain has presented something it has never seen before'"),
                new Comparison("distance to the nearest training pair: imagined vs reconstructed real pairs", $"{imaginedNearest:F4} vs {real.Average():F4}", "-"),
            ]);
    }

    private static double Nearest(float[] picture, NeuroSharp.Data.Dataset data)
    {
        float best = float.PositiveInfinity;
        for (int i = 0; i < data.RowCount; i++) best = MathF.Min(best, Kernels.SumAbsDiff(picture, data.Row(i)));
        return best / picture.Length;
    }
}
