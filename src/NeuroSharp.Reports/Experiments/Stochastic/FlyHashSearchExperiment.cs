using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Reports.Experiments.Stochastic;

/// <summary>
/// Similarity search on 10 000 MNIST images as Dasgupta, Stevens and Navlakha (2017) measure it: the mean
/// average precision of the fly hash against dense random-projection LSH at hash lengths 16, 32 and 64.
/// </summary>
/// <remarks>
/// Protocol of the paper's published script: every image is scaled to a mean of 100; the true neighbours
/// of a query are its 2 % nearest images by Euclidean distance; a hash ranks all images by Euclidean distance
/// between hashes. LSH: k dense Gaussian projections. Fly: m = 10 d hash neurons each summing c = d / 10
/// random pixels, the k most active keep their activity, the rest are 0. Besides the paper's real-valued
/// hashes we report the binary versions (k sign bits of the centred projection; the fly's k-of-m tag), ranked
/// by Hamming distance. Each repeat draws new projections and new queries.
/// </remarks>
public sealed class FlyHashSearchExperiment : IExperiment
{
    private static readonly int[] HashLengths = [16, 32, 64];

    /// <inheritdoc />
    public string Name => "fly-hash-search";

    /// <inheritdoc />
    public string Title => "Fly hash against LSH for similarity search on MNIST";

    /// <inheritdoc />
    public string Article => "003";

    /// <inheritdoc />
    public string Description =>
        "Hash neurons as in the fly (Dasgupta, Stevens and Navlakha 2017): a sparse binary projection to 10 d neurons, then the top k win. " +
        "Mean average precision of recovering each query's 2 % nearest MNIST images, against dense Gaussian random projections (LSH) with the same k, " +
        "with the paper's real-valued hashes and with binary codes.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var test = context.Mnist.Load(MnistSplit.Test);
        int rows = context.Quick ? 1500 : 10_000;
        int queryCount = context.Quick ? 100 : 500;
        int repeats = context.Quick ? 1 : 5;
        var data = MeanScaled(test.Take(rows), 100f);
        int d = data.ColumnCount;
        int neighbours = Math.Max(10, (int)(0.02 * data.RowCount));
        int synapses = Math.Max(1, (int)Math.Round(0.1 * d));
        int hashNeurons = 10 * d;
        string[] methods = ["LSH (dense Gaussian, k values)", "Fly (k of 10d, with rates)", "SimHash (k sign bits)", "Fly binary (k of 10d bits)"];
        var map = new double[methods.Length, HashLengths.Length, repeats];
        var centre = ColumnMeans(data);
        var root = new RandomStream(context.Seed);
        int steps = repeats * HashLengths.Length, step = 0;
        for (int rep = 0; rep < repeats; rep++)
        {
            var repRng = root.Fork((ulong)rep);
            var queries = repRng.Fork(0).SampleWithoutReplacement(queryCount, data.RowCount);
            var truth = SimilaritySearch.GroundTruth(data, queries, neighbours, context.Threads);
            for (int ki = 0; ki < HashLengths.Length; ki++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                int k = HashLengths[ki];
                var lsh = new RandomProjectionLsh(d, k, repRng.Fork((ulong)(100 + k)));
                var projected = lsh.ProjectAll(data, context.Threads);
                map[0, ki, rep] = SimilaritySearch.MeanAveragePrecision(truth, data.RowCount, (q, dist) =>
                {
                    var a = projected.AsSpan(q * k, k);
                    for (int j = 0; j < dist.Length; j++) dist[j] = Kernels.SumSquaredDiff(a, projected.AsSpan(j * k, k));
                }, context.Threads);
                var fly = new HashLayer(d, new HashLayerOptions { NeuronCount = hashNeurons, Density = (double)k / hashNeurons, SynapsesPerNeuron = synapses }, repRng.Fork((ulong)(200 + k)));
                var tags = fly.TagAll(data, context.Threads);
                map[1, ki, rep] = SimilaritySearch.MeanAveragePrecision(truth, data.RowCount, (q, dist) =>
                {
                    for (int j = 0; j < dist.Length; j++) dist[j] = (float)tags.SquaredDistance(q, j);
                }, context.Threads);
                var signs = lsh.SignCodes(data, centre, context.Threads);
                map[2, ki, rep] = HammingMap(truth, signs, context.Threads);
                map[3, ki, rep] = HammingMap(truth, fly.HashAll(data, context.Threads), context.Threads);
                context.Report(++step / (double)steps, $"repeat {rep + 1}, k = {k}");
            }
        }

        var table = new StringBuilder("method,hashLength,meanAveragePrecision,sd,repeats\n");
        var results = new JsonArray();
        var series = new List<(string, double[], double[])>();
        for (int m = 0; m < methods.Length; m++)
        {
            var means = new double[HashLengths.Length];
            for (int ki = 0; ki < HashLengths.Length; ki++)
            {
                var v = Enumerable.Range(0, repeats).Select(r => map[m, ki, r]).ToArray();
                double mean = v.Average(), sd = repeats > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (repeats - 1)) : 0;
                means[ki] = mean;
                table.Append(CultureInfo.InvariantCulture, $"\"{methods[m]}\",{HashLengths[ki]},{mean:F4},{sd:F4},{repeats}\n");
                results.Add(new JsonObject { ["method"] = methods[m], ["hashLength"] = HashLengths[ki], ["meanAveragePrecision"] = Math.Round(mean, 4), ["sd"] = Math.Round(sd, 4) });
            }
            series.Add((methods[m], HashLengths.Select(k => (double)k).ToArray(), means));
        }
        AtomicFile.WriteAllText(context.PathOf("map.csv"), table.ToString());
        Png.Save(context.PathOf("map.png"), Charts.Charts.Lines($"MNIST similarity search ({data.RowCount} images, {queryCount} queries x {repeats})", "hash length k", "mean average precision", series, logX: true));

        var metrics = new JsonObject
        {
            ["rows"] = data.RowCount, ["queries"] = queryCount, ["repeats"] = repeats, ["neighbours"] = neighbours,
            ["flyNeurons"] = hashNeurons, ["flySynapsesPerNeuron"] = synapses, ["results"] = results,
        };
        var comparisons = new List<Comparison>();
        for (int ki = 0; ki < HashLengths.Length; ki++)
        {
            double lshMean = Mean(map, 0, ki, repeats), flyMean = Mean(map, 1, ki, repeats);
            metrics[$"flyMinusLshAt{HashLengths[ki]}"] = Math.Round(flyMean - lshMean, 4);
            comparisons.Add(new Comparison($"mAP at k = {HashLengths[ki]}: fly vs LSH",
                $"fly {flyMean:F3} vs LSH {lshMean:F3} ({(flyMean > lshMean ? "fly ahead" : "LSH ahead")}); binary: fly {Mean(map, 3, ki, repeats):F3} vs SimHash {Mean(map, 2, ki, repeats):F3}",
                "fly ahead of LSH at every hash length on MNIST (Dasgupta et al. 2017, Fig. 3)"));
        }
        return new ExperimentResult(metrics,
            [new Figure("map.png", "Mean average precision against hash length: fly hash and LSH, real-valued and binary.")],
            comparisons);
    }

    private static double Mean(double[,,] map, int method, int k, int repeats) => Enumerable.Range(0, repeats).Average(r => map[method, k, r]);

    private static double HammingMap(SearchGroundTruth truth, BitMatrix codes, int threads) =>
        SimilaritySearch.MeanAveragePrecision(truth, codes.RowCount, (q, dist) =>
        {
            var a = codes.Row(q);
            for (int j = 0; j < dist.Length; j++) dist[j] = BitKernels.XorPopCount(a, codes.Row(j));
        }, threads);

    /// <summary>Every row scaled to the same mean (the paper's step 1: odour concentration removed).</summary>
    internal static Dataset MeanScaled(Dataset data, float mean)
    {
        var values = data.Values.ToArray();
        int d = data.ColumnCount;
        for (int r = 0; r < data.RowCount; r++)
        {
            var row = values.AsSpan(r * d, d);
            float m = TensorPrimitives.Sum(row) / d;
            if (m > 0) TensorPrimitives.Multiply(row, mean / m, row);
        }
        return new Dataset($"{data.Name} (row mean {mean})", values, data.RowCount, d, data.HasLabels ? data.Labels.ToArray() : null, data.ImageShape);
    }

    private static float[] ColumnMeans(Dataset data)
    {
        var centre = new float[data.ColumnCount];
        for (int r = 0; r < data.RowCount; r++) TensorPrimitives.Add(centre, data.Row(r), centre);
        TensorPrimitives.Divide(centre, data.RowCount, centre);
        return centre;
    }
}
