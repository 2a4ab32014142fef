using NeuroSharp.Clustering;

namespace NeuroSharp.Studio.Clustering;

/// <summary>
/// A meta-clustering run asked for by the studio's page (<c>POST /api/clustering</c>); the fields are the
/// <c>neurosharp metacluster</c> options, with the CLI's defaults for side-by-side MNIST.
/// </summary>
public sealed record ClusteringRequest
{
    /// <summary>The data spec: <c>mnist</c>, <c>mnist:test</c>, <c>side-by-side:mnist</c>, <c>onehot:...</c> or <c>uniform:...</c> (files: use the CLI).</summary>
    public string Data { get; init; } = "side-by-side:mnist";

    /// <summary>M, the meta-clusters (masks).</summary>
    public int Meta { get; init; } = 2;

    /// <summary>K, the neurons per meta-cluster.</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>lambda, the mask rate.</summary>
    public float MaskRate { get; init; } = 0.2f;

    /// <summary>eta, the layers' learning rate.</summary>
    public float Rate { get; init; } = 0.02f;

    /// <summary>The random-winner rate.</summary>
    public float Random { get; init; } = 0.01f;

    /// <summary>The distance: "l1" or "l2".</summary>
    public string Metric { get; init; } = "l1";

    /// <summary>The centre initialisation: "zeros", "samples" or "plusplus".</summary>
    public string Init { get; init; } = "zeros";

    /// <summary>Examples to present, in [1, 100 000 000].</summary>
    public long Samples { get; init; } = 300_000;

    /// <summary>The seed of the model and of generated data.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The data specs the studio accepts (prefixes).</summary>
    public static IReadOnlyList<string> AcceptedData { get; } = ["mnist", "mnist:train", "mnist:test", "side-by-side:mnist", "side-by-side:mnist:train", "side-by-side:mnist:test", "onehot:...", "uniform:..."];

    /// <summary>The options record of the library, validated.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidInputException">A value is out of range or the data spec names a file.</exception>
    public MetaClustererOptions ToOptions()
    {
        bool named = Data is "mnist" or "mnist:train" or "mnist:test" or "side-by-side:mnist" or "side-by-side:mnist:train" or "side-by-side:mnist:test"
            || Data.StartsWith("onehot:", StringComparison.Ordinal) || Data.StartsWith("uniform:", StringComparison.Ordinal);
        if (!named) throw new InvalidInputException($"The data '{Data}' is not one the studio loads (accepted: {string.Join(", ", AcceptedData)}); train on files with `neurosharp metacluster`.");
        if (Samples is < 1 or > 100_000_000) throw new InvalidInputException($"samples must be in [1, 100000000] (got {Samples}).");
        var options = new MetaClustererOptions
        {
            MetaCount = Meta,
            ClusterCount = Clusters,
            MaskRate = MaskRate,
            LearningRate = Rate,
            RandomRate = Random,
            Metric = Metric switch
            {
                "l1" => DistanceMetric.L1,
                "l2" => DistanceMetric.SquaredL2,
                _ => throw new InvalidInputException($"metric must be l1 or l2 (got '{Metric}')."),
            },
            Init = Init switch
            {
                "zeros" => CentreInit.Zeros,
                "samples" => CentreInit.Samples,
                "plusplus" => CentreInit.PlusPlus,
                _ => throw new InvalidInputException($"init must be zeros, samples or plusplus (got '{Init}')."),
            },
        };
        options.Validate();
        if ((long)Meta * Clusters > 4096) throw new InvalidInputException($"meta x clusters must be at most 4096 for the page's pictures (got {(long)Meta * Clusters}).");
        return options;
    }
}
