using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Experiments.Stochastic;
using NeuroSharp.Reports.Images;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp hash</c>: the fly hash of article 003 (docs/articles.md#article-003-correlation-neuron: sparse binary projection + k-winners-take-all) over a
/// dataset. Writes codes.safetensors (packed codes), synapses.npy (the c inputs of every hash neuron),
/// codes.png (the first codes as a raster) and metrics.json; with --queries, the mean average precision of
/// the codes for nearest-neighbour search (Dasgupta et al. 2017).
/// </summary>
public static class HashCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("hash", "Fly hash: each of N hash neurons sums c random inputs, the top rho N fire; every input gets a binary code of density rho.");
        var common = new CommonOptions("out/hash");
        var data = new Option<string>("--data") { Description = "Data spec: mnist, mnist:test, onehot:..., uniform:dims=D, or a .npy/.csv/IDX path.", Required = true };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N rows." };
        var hash = new HashFlags(defaultSynapses: 12);
        var queries = new Option<int>("--queries") { Description = "Queries for a nearest-neighbour search test (0: none): mAP of the codes' Hamming ranking against the true 2 % nearest rows.", DefaultValueFactory = _ => 0 };
        command.Options.Add(data);
        command.Options.Add(rows);
        hash.AddTo(command);
        command.Options.Add(queries);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var options = hash.Read(parse);
            string spec = parse.GetValue(data)!;
            var dataset = LoadRows(spec, parse.GetValue(rows), c, ctx);
            int queryCount = parse.GetValue(queries);
            if (queryCount < 0 || queryCount > dataset.RowCount)
                throw new InvalidInputException($"--queries must be in [0, {dataset.RowCount}] for {dataset.RowCount} rows (got {queryCount}).");
            var layer = HashFlags.Build(dataset.ColumnCount, options, new RandomStream(c.Seed), c.Memory);
            MetricsOutput.Header(ctx, c, $"hash {dataset.Name}: {dataset.RowCount} rows x {dataset.ColumnCount} inputs into N={layer.NeuronCount} bits, k={layer.ActiveCount} ones (rho {layer.Density:G4}), c={layer.SynapsesPerNeuron}, seed {c.Seed}", c.Out);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var codes = ProgressDisplay.Run(ctx, c, "hash", _ => layer.HashAll(dataset, c.Threads));
            double seconds = clock.Elapsed.TotalSeconds;
            using var folder = OutputFolder.Open(c.Out); // one run per folder while it writes
            BitCodesFile.Save(Path.Combine(c.Out, "codes.safetensors"), codes, new Dictionary<string, string>
            {
                ["data"] = spec, ["seed"] = c.Seed.ToString(CultureInfo.InvariantCulture), ["density"] = layer.Density.ToString("R", CultureInfo.InvariantCulture),
                ["synapsesPerNeuron"] = layer.SynapsesPerNeuron.ToString(CultureInfo.InvariantCulture),
            });
            var synapses = new int[layer.NeuronCount * layer.SynapsesPerNeuron];
            for (int n = 0; n < layer.NeuronCount; n++) layer.Synapses(n).CopyTo(synapses.AsSpan(n * layer.SynapsesPerNeuron));
            NpyFile.Write(Path.Combine(c.Out, "synapses.npy"), synapses, layer.NeuronCount, layer.SynapsesPerNeuron);
            Png.Save(Path.Combine(c.Out, "codes.png"), StochasticPictures.CodeRaster(codes, Math.Min(codes.RowCount, 200)));

            var metrics = new JsonObject
            {
                ["command"] = "hash", ["data"] = spec, ["rows"] = dataset.RowCount, ["inputs"] = dataset.ColumnCount,
                ["neurons"] = layer.NeuronCount, ["active"] = layer.ActiveCount, ["density"] = layer.Density, ["synapsesPerNeuron"] = layer.SynapsesPerNeuron,
                ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads), ["seconds"] = Math.Round(seconds, 3),
                ["rowsPerSecond"] = Math.Round(dataset.RowCount / Math.Max(seconds, 1e-9), 1),
            };
            if (dataset.HasLabels) AddLabelCorrelations(metrics, codes, dataset.Labels, layer.Density, new RandomStream(c.Seed).Fork(0xC0DE));
            if (queryCount > 0)
            {
                int neighbours = Math.Max(1, Math.Min(dataset.RowCount - 1, (int)(0.02 * dataset.RowCount)));
                var picked = new RandomStream(c.Seed).Fork(0x5EA4C4).SampleWithoutReplacement(queryCount, dataset.RowCount);
                var truth = SimilaritySearch.GroundTruth(dataset, picked, neighbours, c.Threads);
                metrics["queries"] = queryCount;
                metrics["neighbours"] = neighbours;
                metrics["meanAveragePrecision"] = Math.Round(SimilaritySearch.MeanAveragePrecision(truth, dataset.RowCount, (q, d) =>
                {
                    for (int j = 0; j < d.Length; j++) d[j] = BitKernels.XorPopCount(codes.Row(q), codes.Row(j));
                }, c.Threads), 4);
            }
            MetricsOutput.Write(ctx, c, metrics);
            return NeuroSharpCli.Success;
        });
        return command;
    }

    /// <summary>Loads a data spec and keeps its first rows.</summary>
    internal static Dataset LoadRows(string spec, int? rows, CommonValues c, CliContext ctx)
    {
        if (rows is < 1) throw new InvalidInputException($"--rows must be at least 1 (got {rows}).");
        var dataset = DataSources.Load(spec, new DataLoadOptions(c.Seed, Log: l => ctx.Error.WriteLine(l), Memory: c.Memory)).Dataset;
        return rows is { } n ? dataset.Take(n) : dataset;
    }

    /// <summary>Mean normalised correlation of codes with the same and with other labels, over up to 20 000 random pairs.</summary>
    private static void AddLabelCorrelations(JsonObject metrics, BitMatrix codes, ReadOnlySpan<int> labels, double density, RandomStream rng)
    {
        if (codes.RowCount < 2) return;
        double same = 0, other = 0;
        int nSame = 0, nOther = 0;
        for (int t = 0; t < 20_000; t++)
        {
            int a = rng.NextInt(codes.RowCount), b = rng.NextInt(codes.RowCount);
            if (a == b) continue;
            double r = CorrelationNeuron.Normalise((double)BitKernels.AndPopCount(codes.Row(a), codes.Row(b)) / codes.ColumnCount, density);
            if (labels[a] == labels[b])
            {
                same += r;
                nSame++;
            }
            else
            {
                other += r;
                nOther++;
            }
        }
        if (nSame > 0) metrics["correlationSameLabel"] = Math.Round(same / nSame, 4);
        if (nOther > 0) metrics["correlationOtherLabel"] = Math.Round(other / nOther, 4);
    }

    /// <summary>The hash layer flags shared by <c>hash</c> and <c>column</c>: --density, --expansion, --neurons, --synapses.</summary>
    internal sealed class HashFlags
    {
        private static readonly Dictionary<string, string> FlagOf = new(StringComparer.Ordinal)
        {
            ["Density"] = "--density",
            ["Expansion"] = "--expansion",
            ["NeuronCount"] = "--neurons",
            ["SynapsesPerNeuron"] = "--synapses",
            ["Threshold"] = "--threshold",
            ["ClusterCount"] = "--clusters",
        };

        public HashFlags(int defaultSynapses)
        {
            Density = new Option<double>("--density") { Description = "rho, the share of hash neurons active for every input, in (0, 1).", DefaultValueFactory = _ => 0.05 };
            Expansion = new Option<double>("--expansion") { Description = "N/D, hash neurons per input (ignored when --neurons is given).", DefaultValueFactory = _ => 10 };
            Neurons = new Option<int>("--neurons") { Description = "N, the hash neurons (bits per code); 0 for round(N/D x D).", DefaultValueFactory = _ => 0 };
            Synapses = new Option<int>("--synapses") { Description = "c, the random inputs each hash neuron sums (1..D).", DefaultValueFactory = _ => defaultSynapses };
        }

        public Option<double> Density { get; }

        public Option<double> Expansion { get; }

        public Option<int> Neurons { get; }

        public Option<int> Synapses { get; }

        public void AddTo(Command command)
        {
            command.Options.Add(Density);
            command.Options.Add(Expansion);
            command.Options.Add(Neurons);
            command.Options.Add(Synapses);
        }

        public HashLayerOptions Read(ParseResult p)
        {
            var options = new HashLayerOptions { Density = p.GetValue(Density), Expansion = p.GetValue(Expansion), NeuronCount = p.GetValue(Neurons), SynapsesPerNeuron = p.GetValue(Synapses) };
            Validated(options.Validate);
            return options;
        }

        /// <summary>Builds the layer, rephrasing an option error with its flag (a c larger than D is found only here).</summary>
        public static HashLayer Build(int inputCount, HashLayerOptions options, RandomStream rng, MemoryBudget memory)
        {
            HashLayer? layer = null;
            Validated(() => layer = new HashLayer(inputCount, options, rng, memory));
            return layer!;
        }

        /// <summary>Runs a validation and rethrows an option error in the user's words (the flag, not the property).</summary>
        public static void Validated(Action validate)
        {
            try
            {
                validate();
            }
            catch (InvalidOptionException e) when (FlagOf.ContainsKey(e.Property))
            {
                throw new InvalidInputException($"{FlagOf[e.Property]} {e.Requirement} (got {InvalidOptionException.Format(e.Value)}).", e);
            }
        }
    }
}
