using System.CommandLine;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Fitting;

namespace NeuroSharp.Cli.Commands;

/// <summary>The options shared by <c>cluster</c> and <c>metacluster</c>: data, K, eta, exploration, metric, init, schedule, length.</summary>
internal sealed class ClusteringOptionsParser
{
    public ClusteringOptionsParser(int defaultClusters, float defaultRate, float defaultRandom)
    {
        Data = new Option<string>("--data") { Description = "Data spec: mnist, mnist:test, side-by-side:mnist, onehot:groups=G,size=S[,shuffle][,noise=P], uniform:dims=D, or a .npy/.csv/IDX path.", Required = true };
        Clusters = new Option<int>("--clusters") { Description = "K, neurons per group.", DefaultValueFactory = _ => defaultClusters };
        Rate = new Option<float>("--rate") { Description = "eta, the winner's step towards the example, in (0, 1].", DefaultValueFactory = _ => defaultRate };
        Random = new Option<float>("--random") { Description = "Probability that a random neuron wins instead of the nearest, in [0, 1].", DefaultValueFactory = _ => defaultRandom };
        Metric = new Option<string>("--metric") { Description = "Distance: l1 (mean |c - x|, the reference) or l2 (squared Euclidean).", DefaultValueFactory = _ => "l1" };
        Metric.AcceptOnlyFromAmong("l1", "l2");
        Init = new Option<string>("--init") { Description = "Initial centres: samples (K distinct rows), zeros (the reference) or plusplus (k-means++).", DefaultValueFactory = _ => "samples" };
        Init.AcceptOnlyFromAmong("samples", "zeros", "plusplus");
        Schedule = new Option<string>("--schedule") { Description = "Winner's rate: constant (eta, the reference) or inverse-count (1/n, MacQueen).", DefaultValueFactory = _ => "constant" };
        Schedule.AcceptOnlyFromAmong("constant", "inverse-count");
        RateExponent = new Option<float>("--rate-exponent") { Description = "alpha of --schedule inverse-count: the n-th win moves by n^-alpha; 1 is MacQueen's mean.", DefaultValueFactory = _ => 1f };
        Samples = new Option<long?>("--samples") { Description = "Examples to present (default: --epochs passes)." };
        Epochs = new Option<int>("--epochs") { Description = "Passes over the data when --samples is not given.", DefaultValueFactory = _ => 1 };
        NoShuffle = new Option<bool>("--no-shuffle") { Description = "Present rows in file order instead of a fresh random order each pass." };
        GeneratedSamples = new Option<int?>("--generate") { Description = "Rows to generate for generated data specs (default 20000; 60000 for side-by-side)." };
        Resume = new Option<bool>("--resume") { Description = "Continue the model in --out (model.safetensors) up to the requested sample count." };
        CheckpointEvery = new Option<long>("--checkpoint-every") { Description = "Examples between checkpoints of model.safetensors.", DefaultValueFactory = _ => 100_000 };
    }

    public Option<string> Data { get; }
    public Option<int> Clusters { get; }
    public Option<float> Rate { get; }
    public Option<float> Random { get; }
    public Option<string> Metric { get; }
    public Option<string> Init { get; }
    public Option<string> Schedule { get; }
    public Option<float> RateExponent { get; }
    public Option<long?> Samples { get; }
    public Option<int> Epochs { get; }
    public Option<bool> NoShuffle { get; }
    public Option<int?> GeneratedSamples { get; }
    public Option<bool> Resume { get; }
    public Option<long> CheckpointEvery { get; }

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Data, Clusters, Rate, Random, Metric, Init, Schedule, RateExponent, Samples, Epochs, NoShuffle, GeneratedSamples })
            command.Options.Add(o);
    }

    /// <summary>Adds --resume and --checkpoint-every (commands that save a model while they learn).</summary>
    public void AddCheckpointOptionsTo(Command command)
    {
        command.Options.Add(Resume);
        command.Options.Add(CheckpointEvery);
    }

    public long ReadCheckpointEvery(ParseResult p)
    {
        long every = p.GetValue(CheckpointEvery);
        return every >= 1 ? every : throw new InvalidInputException($"--checkpoint-every must be at least 1 (got {every}).");
    }

    public LoadedData LoadData(ParseResult p, CommonValues c, CliContext ctx) =>
        DataSources.Load(p.GetValue(Data)!, new DataLoadOptions(c.Seed, ReadGenerate(p), Log: l => ctx.Error.WriteLine(l), Memory: c.Memory));

    /// <summary>--generate, checked: at least 1 row when given.</summary>
    public int? ReadGenerate(ParseResult p)
    {
        int? rows = p.GetValue(GeneratedSamples);
        return rows is < 1 ? throw new InvalidInputException($"--generate must be at least 1 row (got {rows}).") : rows;
    }

    /// <summary>With --resume and a model.safetensors in --out, loads it (checking its input count); otherwise creates a new model.</summary>
    public TModel ResumeOrCreate<TModel>(ParseResult p, CliContext ctx, CommonValues c, Dataset data, Func<string, TModel> load, Func<TModel, int> inputCount,
        Func<TModel, long> samplesSeen, Func<TModel> create)
    {
        string path = Path.Combine(c.Out, "model.safetensors");
        if (!p.GetValue(Resume) || !File.Exists(path)) return create();
        var model = load(path);
        if (inputCount(model) != data.ColumnCount)
            throw new InvalidInputException($"{path}: the model has {inputCount(model)} inputs but {data.Name} has {data.ColumnCount} columns.");
        MetricsOutput.Info(ctx, c, $"Resuming {path} at {samplesSeen(model)} samples.");
        return model;
    }

    public DistanceMetric ReadMetric(ParseResult p) => p.GetValue(Metric) == "l2" ? DistanceMetric.SquaredL2 : DistanceMetric.L1;

    public CentreInit ReadInit(ParseResult p) => p.GetValue(Init) switch
    {
        "zeros" => CentreInit.Zeros,
        "plusplus" => CentreInit.PlusPlus,
        _ => CentreInit.Samples,
    };

    public RateSchedule ReadSchedule(ParseResult p) => p.GetValue(Schedule) == "inverse-count" ? RateSchedule.InverseCount : RateSchedule.Constant;

    public FitOptions ReadFit(ParseResult p, int reportEvery) =>
        new() { Samples = p.GetValue(Samples), Epochs = p.GetValue(Epochs), Shuffle = !p.GetValue(NoShuffle), ReportEvery = reportEvery };
}
