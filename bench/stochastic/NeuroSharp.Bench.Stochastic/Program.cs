using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;
using NeuroSharp.Fitting;

// Usage: NeuroSharp.Bench.Stochastic [bits|column|all] [--rows N] [--out FILE]
// bits:   AND + popcount of two packed vectors (fused, nothing written), Gbit/s on one core, for the dispatched
//         path (BitKernels) and the scalar twin (ScalarBitKernels); best and median of 7 timings of >= 0.2 s.
// column: the column of article 003 (docs/articles.md#article-003-correlation-neuron) on MNIST training rows: hash rows/s (1 thread, all threads), learning samples/s, predict rows/s.
string mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
int rows = IntArg("--rows", 60_000);
string? outFile = StringArg("--out");
var report = new JsonObject
{
    ["machine"] = Environment.MachineName, ["cores"] = Environment.ProcessorCount, ["runtime"] = Environment.Version.ToString(),
    ["bitKernelPath"] = BitKernels.ActivePath.ToString(),
    ["avx512bw"] = Avx512BW.IsSupported, ["avx2"] = Avx2.IsSupported, ["vector512"] = Vector512.IsHardwareAccelerated,
};
Console.WriteLine($"NeuroSharp stochastic bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, bit kernel path {BitKernels.ActivePath}");
if (mode is "bits" or "all") report["bits"] = BenchBits();
if (mode is "column" or "all") report["column"] = BenchColumn(rows);
string json = report.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
if (outFile is not null) File.WriteAllText(outFile, json + "\n");
return 0;

JsonArray BenchBits()
{
    var results = new JsonArray();
    // 2^13 bits ~ one column map (7 840 bits); 2^16 = 8 KiB per vector (L1); 2^20 (128 KiB, L2); 2^23 (1 MiB); 2^26 (8 MiB per vector).
    foreach (int log2 in new[] { 10, 13, 16, 20, 23, 26 })
    {
        int words = 1 << (log2 - 6);
        var rng = new RandomStream(42);
        var a = new ulong[words];
        var b = new ulong[words];
        for (int i = 0; i < words; i++)
        {
            a[i] = rng.NextUInt64();
            b[i] = rng.NextUInt64();
        }
        long expected = ScalarBitKernels.AndPopCount(a, b);
        if (BitKernels.AndPopCount(a, b) != expected) throw new InvalidOperationException("The dispatched path disagrees with the scalar twin.");
        var (vectorBest, vectorMedian) = Time(() => BitKernels.AndPopCount(a, b), words * 64L);
        var (scalarBest, scalarMedian) = Time(() => ScalarBitKernels.AndPopCount(a, b), words * 64L);
        results.Add(new JsonObject
        {
            ["bits"] = words * 64L, ["path"] = BitKernels.ActivePath.ToString(),
            ["gbitPerSecond"] = Math.Round(vectorBest, 1), ["gbitPerSecondMedian"] = Math.Round(vectorMedian, 1),
            ["scalarGbitPerSecond"] = Math.Round(scalarBest, 1), ["scalarGbitPerSecondMedian"] = Math.Round(scalarMedian, 1),
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  AND+popcount 2^{log2} bits: {BitKernels.ActivePath,-9} {vectorBest,7:F1} Gbit/s (median {vectorMedian:F1})   scalar twin {scalarBest,6:F1} Gbit/s (median {scalarMedian:F1})"));
    }
    return results;
}

JsonObject BenchColumn(int rowCount)
{
    var train = new MnistRepository().Load(MnistSplit.Train).Take(rowCount);
    var options = new ColumnOptions { Hash = new HashLayerOptions { Density = 0.05, Expansion = 10, SynapsesPerNeuron = 12 }, ClusterCount = 6000, Threshold = 0.45 };
    var warm = Column.Create(784, options, 1);
    warm.Fit(train.Take(2000)); // JIT warm-up
    var column = Column.Create(784, options, 1);
    var clock = Stopwatch.StartNew();
    column.Hash.HashAll(train, 1);
    double hash1 = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var codes = column.Hash.HashAll(train, 0);
    double hashAll = clock.Elapsed.TotalSeconds;
    var fit = column.FitCodes(train, codes, new FitOptions { ReportEvery = int.MaxValue });
    clock.Restart();
    column.MaxThreads = 1;
    column.PredictCodes(codes);
    double predict1 = clock.Elapsed.TotalSeconds;
    var o = new JsonObject
    {
        ["rows"] = train.RowCount, ["neurons"] = column.CodeLength, ["active"] = column.Hash.ActiveCount, ["synapsesPerNeuron"] = column.Hash.SynapsesPerNeuron,
        ["threshold"] = options.Threshold, ["clustersUsed"] = column.UsedCount,
        ["hashRowsPerSecond1Thread"] = Math.Round(train.RowCount / hash1), ["hashRowsPerSecondAllThreads"] = Math.Round(train.RowCount / hashAll),
        ["learnSamplesPerSecond"] = Math.Round(fit.SamplesPerSecond), ["predictRowsPerSecond1Thread"] = Math.Round(train.RowCount / predict1),
        ["samplesPerSecondEndToEnd1Thread"] = Math.Round(train.RowCount / (hash1 + fit.Seconds)),
        ["meanClustersCompared"] = Math.Round(column.UsedCount / 2.0),
    };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  column on {train.RowCount} MNIST rows (N = {column.CodeLength}, k = {column.Hash.ActiveCount}, threshold {options.Threshold}): {column.UsedCount} clusters; " +
        $"hash {train.RowCount / hash1:F0} rows/s (1 thread), {train.RowCount / hashAll:F0} rows/s (all); learn {fit.SamplesPerSecond:F0} samples/s; predict {train.RowCount / predict1:F0} rows/s (1 thread); end to end {train.RowCount / (hash1 + fit.Seconds):F0} samples/s (1 thread)"));
    return o;
}

static (double Best, double Median) Time(Func<long> body, long bitsPerCall)
{
    long sink = 0;
    int reps = 1;
    var clock = Stopwatch.StartNew();
    while (true)
    {
        clock.Restart();
        for (int r = 0; r < reps; r++) sink += body();
        if (clock.Elapsed.TotalSeconds >= 0.2) break;
        reps *= 2;
    }
    var rates = new double[7];
    for (int t = 0; t < rates.Length; t++)
    {
        clock.Restart();
        for (int r = 0; r < reps; r++) sink += body();
        rates[t] = reps * (double)bitsPerCall / clock.Elapsed.TotalSeconds / 1e9;
    }
    if (sink == 42) Console.WriteLine(); // keeps the calls alive
    Array.Sort(rates);
    return (rates[^1], rates[rates.Length / 2]);
}

int IntArg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string? StringArg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
