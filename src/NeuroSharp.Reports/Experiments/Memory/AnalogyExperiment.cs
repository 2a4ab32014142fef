using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Memory;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Memory;

/// <summary>Article 000's analogy on side-by-side digits (docs/articles.md#article-000-clusterizers): switch off the right digit's meta-cluster and recall by the left one.</summary>
public sealed class AnalogyExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "analogy";

    /// <inheritdoc />
    public string Title => "Analogy: recall with one meta-cluster switched off";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Two meta-clusters of 30 neurons learn side-by-side digits and split left from right. The memory holds 300 remembered pairs, " +
        "each with a meaning: its left digit. New pairs are recalled by their code: exactly (both winners must match: a new right digit " +
        "rarely does) and by analogy (the right digit's meta-cluster switched off: 'small, runs', whatever the colour).";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var model = SideBySideModel.Train(context, clusterCount: 30, out var pairs, out var queries);
        int left = SideBySideModel.LeftMeta(model, pairs);
        var memory = new CodeMemory(2);
        int remembered = Math.Min(300, pairs.Dataset.RowCount);
        var codes = model.Encode(pairs.Dataset.Take(remembered), context.Threads);
        for (int i = 0; i < remembered; i++) memory.Remember(codes.AsSpan(2 * i, 2), pairs.Dataset.Labels[i] / 10);

        var queryCodes = model.Encode(queries.Dataset, context.Threads);
        bool[] analogyMask = left == 0 ? [true, false] : [false, true];
        int exactAnswered = 0, exactRight = 0, analogyAnswered = 0, analogyRight = 0;
        var shown = new List<float>();
        var xhat = new float[model.InputCount];
        for (int i = 0; i < queries.Dataset.RowCount; i++)
        {
            var code = queryCodes.AsSpan(2 * i, 2);
            int truth = queries.Dataset.Labels[i] / 10;
            var exact = memory.Recall(code);
            if (exact.Mismatches == 0)
            {
                exactAnswered++;
                exactRight += exact.Meaning == truth ? 1 : 0;
            }
            var analogy = memory.Recall(code, analogyMask);
            if (analogy.Mismatches == 0)
            {
                analogyAnswered++;
                analogyRight += analogy.Meaning == truth ? 1 : 0;
            }
            if (i < 6 && analogy.First >= 0)
            {
                // Row: the query, then the first memory recalled by analogy (its reconstruction).
                shown.AddRange(queries.Dataset.Row(i).ToArray());
                model.Reconstruct(memory.Code(analogy.First), xhat);
                shown.AddRange(xhat);
            }
        }
        var shape = pairs.Dataset.ImageShape!.Value;
        if (shown.Count > 0)
            Png.Save(context.PathOf("recall.png"), ImageGrid.RenderPng(shown.ToArray(), shown.Count / shape.PixelCount, shape.Height, shape.Width,
                new ImageGridOptions { Columns = 2, Scale = 2, SharedRange = false, Low = 0 }));
        int n = queries.Dataset.RowCount;
        var metrics = new JsonObject
        {
            ["remembered"] = remembered, ["queries"] = n, ["leftMetaCluster"] = left,
            ["exactAnswered"] = (double)exactAnswered / n, ["exactAccuracy"] = exactAnswered > 0 ? (double)exactRight / exactAnswered : 0,
            ["analogyAnswered"] = (double)analogyAnswered / n, ["analogyAccuracy"] = analogyAnswered > 0 ? (double)analogyRight / analogyAnswered : 0,
        };
        return new ExperimentResult(metrics,
            [new Figure("recall.png", "Left: new pairs never seen. Right: the memory recalled by analogy (right meta-cluster off), reconstructed: same left digit, any right digit.")],
            [
                new Comparison("new pairs recalled exactly / by analogy", $"{(double)exactAnswered / n:P0} / {(double)analogyAnswered / n:P0}", "analogy answers where exact recall cannot"),
                new Comparison("meaning (left digit) right, by analogy", $"{(analogyAnswered > 0 ? (double)analogyRight / analogyAnswered : 0):P1} (chance 10 %)", "'the brain knows it is delicious'"),
            ]);
    }
}
