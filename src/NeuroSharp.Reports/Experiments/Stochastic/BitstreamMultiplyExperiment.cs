using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Reports.Experiments.Stochastic;

/// <summary>
/// Article 003's demonstration (docs/articles.md#article-003-correlation-neuron): 0.7 x 0.4 by AND of two bitstreams, with the precision it reaches at
/// lengths 10 to 10^6 for independent random streams (against the binomial sqrt(p (1 - p) / L)), for one
/// shared random stream (which returns min(a, b)) and for low-discrepancy streams.
/// </summary>
public sealed class BitstreamMultiplyExperiment : IExperiment
{
    private const double A = 0.7, B = 0.4, Product = A * B;

    /// <inheritdoc />
    public string Name => "bitstream-multiply";

    /// <inheritdoc />
    public string Title => "0.7 x 0.4 with bitstreams: precision against length";

    /// <inheritdoc />
    public string Article => "003";

    /// <inheritdoc />
    public string Description =>
        "Two values become bitstreams whose density of ones is the value; AND of independent streams multiplies them. " +
        "The table gives the error of the product at lengths 10 to 10^6 for independent Bernoulli streams (it follows sqrt(p(1-p)/L)), " +
        "for streams drawn from one shared random sequence (AND then returns min(a, b) = 0.4, the correlation error) and for low-discrepancy streams.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var root = new RandomStream(context.Seed);
        int[] lengths = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
        var rows = new JsonArray();
        var table = new StringBuilder("length,trials,theoryStandardError,bernoulliMean,bernoulliStandardError,sharedStreamMean,lowDiscrepancyValue,lowDiscrepancyError\n");
        var x = new double[lengths.Length];
        var theory = new double[lengths.Length];
        var observed = new double[lengths.Length];
        var lowDiscrepancy = new double[lengths.Length];
        for (int li = 0; li < lengths.Length; li++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            int length = lengths[li];
            int trials = Trials(length, context.Quick);
            var lengthRng = root.Fork((ulong)li);
            var estimates = new double[trials];
            double shared = 0;
            for (int t = 0; t < trials; t++)
            {
                // Independent: two forks. Shared: both factors encoded from equal copies of one stream.
                var a = BitstreamEncoder.Bernoulli(A, length, lengthRng.Fork((ulong)(3 * t)));
                var b = BitstreamEncoder.Bernoulli(B, length, lengthRng.Fork((ulong)(3 * t + 1)));
                estimates[t] = Bitstream.MultiplyValue(a, b);
                var sa = BitstreamEncoder.Bernoulli(A, length, lengthRng.Fork((ulong)(3 * t + 2)));
                var sb = BitstreamEncoder.Bernoulli(B, length, lengthRng.Fork((ulong)(3 * t + 2)));
                shared += Bitstream.MultiplyValue(sa, sb);
            }
            double mean = estimates.Average();
            double sd = trials > 1 ? Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (trials - 1)) : 0;
            double se = Math.Sqrt(Product * (1 - Product) / length);
            double ld = Bitstream.MultiplyValue(BitstreamEncoder.LowDiscrepancy(A, length, 0), BitstreamEncoder.LowDiscrepancy(B, length, 1));
            (x[li], theory[li], observed[li], lowDiscrepancy[li]) = (length, se, sd, Math.Max(Math.Abs(ld - Product), 1e-7));
            rows.Add(new JsonObject
            {
                ["length"] = length, ["trials"] = trials, ["theoryStandardError"] = se, ["bernoulliMean"] = mean, ["bernoulliStandardError"] = sd,
                ["sharedStreamMean"] = shared / trials, ["lowDiscrepancyValue"] = ld, ["lowDiscrepancyError"] = Math.Abs(ld - Product),
            });
            table.Append(CultureInfo.InvariantCulture, $"{length},{trials},{se:G4},{mean:G6},{sd:G4},{shared / trials:G6},{ld:G6},{Math.Abs(ld - Product):G3}\n");
            context.Report((li + 1.0) / lengths.Length, $"L = {length}");
        }
        AtomicFile.WriteAllText(context.PathOf("precision.csv"), table.ToString());
        Png.Save(context.PathOf("precision.png"), Charts.Charts.Lines("0.7 x 0.4 by AND: error against length", "bitstream length L", "log10 error of the product",
        [
            ("theory sqrt(p(1-p)/L)", x, theory.Select(Math.Log10).ToArray()),
            ("independent Bernoulli: sd", x, observed.Select(v => Math.Log10(Math.Max(v, 1e-7))).ToArray()),
            ("low-discrepancy (Halton 2, 3): |error|", x, lowDiscrepancy.Select(Math.Log10).ToArray()),
        ], logX: true));

        // The article's single example: L = 100.
        var demoRng = root.Fork(1000);
        var demoA = BitstreamEncoder.Bernoulli(A, 100, demoRng.Fork(0));
        var demoB = BitstreamEncoder.Bernoulli(B, 100, demoRng.Fork(1));
        double demo = Bitstream.MultiplyValue(demoA, demoB);
        var at1000 = rows[2]!.AsObject();
        var at1e6 = rows[^1]!.AsObject();
        var metrics = new JsonObject
        {
            ["demoLength"] = 100, ["demoA"] = demoA.Value, ["demoB"] = demoB.Value, ["demoProduct"] = demo, ["table"] = rows,
        };
        return new ExperimentResult(metrics,
            [
                new Figure("precision.png", "Error of 0.7 x 0.4 against bitstream length: independent streams follow the binomial law; low-discrepancy streams fall faster."),
            ],
            [
                new Comparison("0.7 x 0.4 with L = 100", $"{demo:F2} (a = {demoA.Value:F2}, b = {demoB.Value:F2})", "about 0.28 (article, L = 100)"),
                new Comparison("standard error at L = 1000, independent streams", $"{(double)at1000["bernoulliStandardError"]!:F4}", $"{(double)at1000["theoryStandardError"]!:F4} = sqrt(p(1-p)/L) (docs/stochastic-computing.md)"),
                new Comparison("AND of streams from one shared random sequence, L = 1000", $"{(double)at1000["sharedStreamMean"]!:F3}", "min(0.7, 0.4) = 0.4 (the correlation error, docs/stochastic-computing.md)"),
                new Comparison("standard error at L = 10^6", $"{(double)at1e6["bernoulliStandardError"]!:G3}", $"{(double)at1e6["theoryStandardError"]!:G3} (theory)"),
            ]);
    }

    private static int Trials(int length, bool quick) => (length, quick) switch
    {
        ( <= 10_000, false) => 2000,
        ( <= 100_000, false) => 400,
        (_, false) => 100,
        ( <= 10_000, true) => 300,
        ( <= 100_000, true) => 60,
        _ => 12,
    };
}
