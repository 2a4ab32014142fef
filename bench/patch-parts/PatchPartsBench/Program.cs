// Issue 20's "use the article's meta-clustering where it helps: it may split a patch's inputs into parts", measured on a proxy.
//
// One whitened patch layer (as `neurosharp features --layers 7x7:400/6 --whiten 0.3`) against the same layer whose patch
// inputs are split into parts, with one clusterizer per part: the parts come from the article's meta-clusterer
// (docs/meta-clustering.md) run on the whitened patches, or, as a control, from a split by hand (top and bottom rows).
// Each part's clusterizer learns without labels on its own inputs of the patches (the competitive layer, k-means++ seeding,
// rate 1/n, as FeatureStack), each position is coded by the triangle code of each part (docs/local-receptive-fields.md),
// pooled over 6x6 regions, and the delta rule with Adam reads the pooled features (TeacherReadout.FitDense).
// The proxy of docs/results.md: the first 20 000 training images, the 10 000 test images, 100 000 patches, Adam alpha 0.001,
// batch 128, 20 epochs.
//
//   dotnet run --project bench/patch-parts/PatchPartsBench -c Release -- --split meta --parts 2 --clusters 200
//   options: --split none|meta|rows --parts M --clusters K (per part) --patch 7 --pool 6 --whiten 0.3 --patches 100000
//            --train 20000 --test 10000 --epochs 20 --seed 1 --threads 2 --meta-samples 300000
using System.Diagnostics;
using System.Numerics.Tensors;
using NeuroSharp;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Fitting;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

var arguments = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2) arguments[args[i].TrimStart('-')] = args[i + 1];
string Arg(string name, string fallback) => arguments.TryGetValue(name, out var v) ? v : fallback;
string split = Arg("split", "none");
int parts = split == "none" ? 1 : int.Parse(Arg("parts", "2"));
int clusters = int.Parse(Arg("clusters", "400"));
int side = int.Parse(Arg("patch", "7"));
int pool = int.Parse(Arg("pool", "6"));
float eps = float.Parse(Arg("whiten", "0.3"), System.Globalization.CultureInfo.InvariantCulture);
int patchCount = int.Parse(Arg("patches", "100000"));
int trainCount = int.Parse(Arg("train", "20000"));
int testCount = int.Parse(Arg("test", "10000"));
int epochs = int.Parse(Arg("epochs", "20"));
ulong seed = ulong.Parse(Arg("seed", "1"));
int threads = int.Parse(Arg("threads", "2"));
long metaSamples = long.Parse(Arg("meta-samples", "300000"));

var clock = Stopwatch.StartNew();
var repository = new MnistRepository();
var train = repository.Load(MnistSplit.Train).Take(trainCount);
var test = repository.Load(MnistSplit.Test).Take(testCount);
var geometry = new PatchGeometry(28, 28, 1, PatchLayerSpec.ParseStack($"{side}x{side}:{clusters}/{pool}")[0]);
int d = geometry.PatchLength;

// Patches: random positions of random training images, drawn in order from the seed; whitened (ZCA) as FeatureStack does.
var rng = new RandomStream(seed);
var patches = new float[patchCount * d];
for (int i = 0; i < patchCount; i++)
{
    int p = rng.NextInt(geometry.Positions);
    geometry.Extract(train.Row(rng.NextInt(train.RowCount)), p / geometry.OutWidth, p % geometry.OutWidth, patches.AsSpan(i * d, d));
}
var whitening = eps > 0 ? PatchWhitening.Fit(patches, patchCount, d, eps) : null;
whitening?.Apply(patches, patchCount, new float[patches.Length]);

// The parts: pixel j of the patch belongs to part partOf[j].
int[] partOf = new int[d];
if (split == "meta")
{
    var meta = MetaClusterer.Create(new Dataset("whitened patches", patches, patchCount, d), new MetaClustererOptions
    {
        MetaCount = parts, ClusterCount = 10, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.01f, Init = CentreInit.Zeros,
    }, seed: seed + 100);
    meta.Fit(new Dataset("whitened patches", patches, patchCount, d), new FitOptions { Samples = metaSamples });
    partOf = meta.Partition();
    Console.WriteLine($"meta-clustering: {metaSamples} samples, learn state {meta.LearnState():F3}");
}
else if (split == "rows")
{
    for (int j = 0; j < d; j++) partOf[j] = j / side * parts / side;
}
for (int y = 0; y < side; y++) Console.WriteLine("  " + string.Join(" ", Enumerable.Range(0, side).Select(x => partOf[y * side + x])));
var members = Enumerable.Range(0, parts).Select(m => Enumerable.Range(0, d).Where(j => partOf[j] == m).ToArray()).ToArray();
Console.WriteLine($"part sizes: {string.Join(", ", members.Select(m => m.Length))}");

// One clusterizer per part, learned on that part's inputs of the whitened patches.
var layers = new CompetitiveLayer[parts];
var norms = new float[parts][];
for (int m = 0; m < parts; m++)
{
    int dm = members[m].Length;
    var sub = new float[patchCount * dm];
    for (int i = 0; i < patchCount; i++)
        for (int j = 0; j < dm; j++) sub[i * dm + j] = patches[i * d + members[m][j]];
    var data = new Dataset($"part {m}", sub, patchCount, dm);
    var options = new FeatureStackOptions().Learning with { ClusterCount = clusters };
    layers[m] = CompetitiveLayer.Create(data, options, seed + (ulong)m);
    layers[m].Fit(data, new FitOptions());
    norms[m] = new float[clusters];
    for (int k = 0; k < clusters; k++) norms[m][k] = TensorPrimitives.SumOfSquares(layers[m].Centres.Slice(k * dm, dm));
}
Console.WriteLine($"learned in {clock.Elapsed.TotalSeconds:F1} s");

int cells = geometry.PooledHeight * geometry.PooledWidth, width = parts * clusters, featureCount = cells * width;
float[] Encode(Dataset images)
{
    var features = new float[(long)images.RowCount * featureCount];
    ParallelBlocks.For(images.RowCount, threads, (start, end) =>
    {
        int positions = geometry.Positions;
        var band = new float[positions * d];
        var centred = new float[positions * d];
        var part = new float[positions * d];
        var scores = new float[positions * clusters];
        var partNorms = new float[positions];
        for (int n = start; n < end; n++)
        {
            for (int p = 0; p < positions; p++) geometry.Extract(images.Row(n), p / geometry.OutWidth, p % geometry.OutWidth, band.AsSpan(p * d, d));
            whitening?.Apply(band, positions, centred);
            var output = features.AsSpan((int)((long)n * featureCount), featureCount);
            for (int m = 0; m < parts; m++)
            {
                int dm = members[m].Length;
                for (int p = 0; p < positions; p++)
                {
                    for (int j = 0; j < dm; j++) part[p * dm + j] = band[p * d + members[m][j]];
                    partNorms[p] = TensorPrimitives.SumOfSquares(part.AsSpan(p * dm, dm));
                }
                Gemm.Multiply(Transpose.None, Transpose.Transposed, positions, clusters, dm, -2f, part, dm, layers[m].Centres, dm, 0f, scores, clusters, 1);
                for (int p = 0; p < positions; p++)
                {
                    // The triangle code: z_k = |x - c_k|, f_k = max(0, mean z - z_k); summed into the position's region.
                    var f = scores.AsSpan(p * clusters, clusters);
                    TensorPrimitives.Add(f, norms[m], f);
                    TensorPrimitives.Add(f, partNorms[p], f);
                    TensorPrimitives.Max(f, 0f, f);
                    TensorPrimitives.Sqrt(f, f);
                    float mean = TensorPrimitives.Sum(f) / clusters;
                    TensorPrimitives.Subtract(mean, f, f);
                    TensorPrimitives.Max(f, 0f, f);
                    int cell = p / geometry.OutWidth / pool * geometry.PooledWidth + p % geometry.OutWidth / pool;
                    var target = output.Slice(cell * width + m * clusters, clusters);
                    TensorPrimitives.Add(target, f, target);
                }
            }
            for (int py = 0; py < geometry.PooledHeight; py++)
                for (int px = 0; px < geometry.PooledWidth; px++)
                {
                    int count = Math.Min(pool, geometry.OutHeight - py * pool) * Math.Min(pool, geometry.OutWidth - px * pool);
                    var cell = output.Slice((py * geometry.PooledWidth + px) * width, width);
                    TensorPrimitives.Multiply(cell, 1f / count, cell);
                }
        }
    }, 16);
    return features;
}

var trainFeatures = Encode(train);
var testFeatures = Encode(test);
Console.WriteLine($"encoded {train.RowCount} + {test.RowCount} images ({featureCount} features) at {clock.Elapsed.TotalSeconds:F1} s");
var readout = TeacherReadout.FitDense(trainFeatures, featureCount, train.Labels, 10, new ReadoutOptions
{
    Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.001f, BatchSize = 128, Epochs = epochs,
}, seed, threads);
double Accuracy(float[] features, Dataset data)
{
    var predicted = readout.PredictDense(features, data.RowCount, threads);
    return predicted.Zip(data.Labels.ToArray()).Count(t => t.First == t.Second) / (double)data.RowCount;
}
Console.WriteLine($"split {split}, parts {parts}, K {clusters} per part, {side}x{side}/{pool}, whiten {eps}: train {Accuracy(trainFeatures, train):P2}, " +
    $"test {Accuracy(testFeatures, test):P2}; {clock.Elapsed.TotalSeconds:F0} s wall, {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s CPU");
