using System.CommandLine;
using NeuroSharp.Clustering;

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

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Data, Clusters, Rate, Random, Metric, Init, Schedule, RateExponent, Samples, Epochs, NoShuffle, GeneratedSamples })
            command.Options.Add(o);
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
