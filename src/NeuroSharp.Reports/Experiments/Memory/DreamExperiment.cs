using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Memory;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Memory;

/// <summary>Article 000's dream (docs/articles.md#article-000-clusterizers): learning digits 5-9 forgets 0-4 unless sleep replays remembered examples.</summary>
public sealed class DreamExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "dream";

    /// <inheritdoc />
    public string Title => "Dreams: replaying memories while the senses are off reduces forgetting";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "A group of 20 neurons (eta 0.05) learns digits 0-4 (winter), then 5-9 (summer). Every sensed example is offered to a memory " +
        "of 1 000 slots that keeps surprising examples (weighted by their error). One arm then learns 5-9 awake only; the other sleeps after " +
        "every 100 sensed examples and dreams 100 memories. We measure the reconstruction error on test digits 0-4 before and after summer.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        var test = context.Mnist.Load(MnistSplit.Test);
        int dayLength = context.Quick ? 5_000 : 30_000;
        var winter = Take(train.WhereLabel(l => l < 5, "digits 0-4"), dayLength, context.Seed);
        var summer = Take(train.WhereLabel(l => l >= 5, "digits 5-9"), dayLength, context.Seed + 1);
        var winterTest = test.WhereLabel(l => l < 5, "test 0-4").Take(1000);
        var summerTest = test.WhereLabel(l => l >= 5, "test 5-9").Take(1000);
        var options = new MetaClustererOptions { MetaCount = 1, ClusterCount = 20, LearningRate = 0.05f, RandomRate = 0.01f };

        var arms = new Dictionary<string, (double WinterBefore, double WinterAfter, double SummerBefore, double SummerAfter, List<(double, double)> Curve)>();
        foreach (var (arm, replays) in new[] { ("awake only", 0), ("with dreams", 100) })
        {
            var root = new RandomStream(context.Seed);
            var model = MetaClusterer.Create(winter, options, context.Seed);
            model.MaxThreads = context.Threads;
            var memory = new ExampleMemory(winter.ColumnCount, 1000, root.Fork(1));
            Dreams.LiveDay(model, winter, memory, 100, 0, root.Fork(2));
            double wb = model.ReconstructionError(winterTest, context.Threads), sb = model.ReconstructionError(summerTest, context.Threads);
            var curve = new List<(double, double)> { (0, wb) };
            Dreams.LiveDay(model, summer, memory, 100, replays, root.Fork(3), seen =>
            {
                if (seen % 1000 == 0 || seen == summer.RowCount) curve.Add((seen, model.ReconstructionError(winterTest, context.Threads)));
            });
            arms[arm] = (wb, model.ReconstructionError(winterTest, context.Threads), sb, model.ReconstructionError(summerTest, context.Threads), curve);
            context.Report(replays == 0 ? 0.5 : 1.0, $"dream: {arm}");
        }
        var awake = arms["awake only"];
        var dream = arms["with dreams"];
        double forgotAwake = awake.WinterAfter - awake.WinterBefore, forgotDream = dream.WinterAfter - dream.WinterBefore;
        Png.Save(context.PathOf("forgetting.png"), Charts.Charts.Lines("Error on digits 0-4 while learning 5-9", "examples of 5-9 sensed", "reconstruction error on test 0-4",
            arms.Select(a => (a.Key, a.Value.Curve.Select(p => p.Item1).ToArray(), a.Value.Curve.Select(p => p.Item2).ToArray()))));
        var metrics = new JsonObject
        {
            ["dayLength"] = dayLength, ["memorySlots"] = 1000, ["dreamReplaysPer100"] = 100,
            ["winterErrorBefore"] = awake.WinterBefore, ["winterErrorAfterAwakeOnly"] = awake.WinterAfter, ["winterErrorAfterWithDreams"] = dream.WinterAfter,
            ["summerErrorAfterAwakeOnly"] = awake.SummerAfter, ["summerErrorAfterWithDreams"] = dream.SummerAfter,
            ["forgettingAwakeOnly"] = forgotAwake, ["forgettingWithDreams"] = forgotDream,
            ["forgettingReduction"] = forgotAwake > 0 ? 1 - forgotDream / forgotAwake : 0,
        };
        return new ExperimentResult(metrics,
            [new Figure("forgetting.png", "Reconstruction error on test digits 0-4 while the model learns 5-9, awake only and with a dream after every 100 examples.")],
            [
                new Comparison("error on 0-4 after learning 5-9 (before: " + $"{awake.WinterBefore:F4})", $"awake only {awake.WinterAfter:F4}; with dreams {dream.WinterAfter:F4}",
                    "dreams keep old clusters (article, no number)"),
                new Comparison("forgetting removed by dreams", $"{(forgotAwake > 0 ? 1 - forgotDream / forgotAwake : 0):P0}", "-"),
                new Comparison("error on 5-9 after learning them", $"awake only {awake.SummerAfter:F4}; with dreams {dream.SummerAfter:F4}", "-"),
            ]);
    }

    private static Dataset Take(Dataset data, int count, ulong seed)
    {
        var order = new RandomStream(seed).Fork(DataSources.DataStreamId).Permutation(data.RowCount);
        return data.Subset(order.AsSpan(0, Math.Min(count, data.RowCount)));
    }
}
