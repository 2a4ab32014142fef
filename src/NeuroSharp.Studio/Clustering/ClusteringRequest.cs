using NeuroSharp.Clustering;

namespace NeuroSharp.Studio.Clustering;

/// <summary>
/// A meta-clustering run asked for by the studio's page (<c>POST /api/clustering</c>); the fields are the
/// <c>neurosharp metacluster</c> options, with the CLI's defaults for side-by-side MNIST.
/// </summary>
/// <remarks>
/// A wire record with setters: the JSON source generator sets every init-only property, so a field
/// missing from the JSON would lose its default here; <see cref="ToOptions"/> turns it into the
/// library's immutable, validated options.
/// </remarks>
public sealed record ClusteringRequest
{
    /// <summary>The data spec: <c>mnist</c>, <c>mnist:test</c>, <c>side-by-side:mnist</c>, <c>onehot:...</c> or <c>uniform:...</c> (files: use the CLI).</summary>
    public string Data { get; set; } = "side-by-side:mnist";

    /// <summary>M, the meta-clusters (masks).</summary>
    public int Meta { get; set; } = 2;

    /// <summary>K, the neurons per meta-cluster.</summary>
    public int Clusters { get; set; } = 10;

    /// <summary>lambda, the mask rate.</summary>
    public float MaskRate { get; set; } = 0.2f;

    /// <summary>eta, the layers' learning rate.</summary>
    public float Rate { get; set; } = 0.02f;

    /// <summary>The random-winner rate.</summary>
    public float Random { get; set; } = 0.01f;

    /// <summary>The distance: "l1" or "l2".</summary>
    public string Metric { get; set; } = "l1";

    /// <summary>The centre initialisation: "zeros", "samples" or "plusplus".</summary>
    public string Init { get; set; } = "zeros";

    /// <summary>Examples to present, in [1, 100 000 000].</summary>
    public long Samples { get; set; } = 300_000;

    /// <summary>The seed of the model and of generated data.</summary>
    public ulong Seed { get; set; } = 1;

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
        CheckGeneratedSize();
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

    /// <summary>The most rows and the most inputs a generated dataset may have on the studio's page.</summary>
    public const long MaxGeneratedRows = 200_000, MaxGeneratedInputs = 100_000;

    /// <summary>Refuses generated data too large to hold (a typo in samples= would exhaust memory before any check of the library).</summary>
    private void CheckGeneratedSize()
    {
        if (!Data.StartsWith("onehot:", StringComparison.Ordinal) && !Data.StartsWith("uniform:", StringComparison.Ordinal)) return;
        long rows = 20_000, inputs = 1, groups = 1, size = 1;
        foreach (string part in Data[(Data.IndexOf(':') + 1)..].Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !long.TryParse(kv[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value))
            {
                if (kv[0] == "sizes" && kv.Length == 2) inputs = kv[1].Split('+').Sum(x => long.TryParse(x, out long v) ? v : 0);
                continue;
            }
            switch (kv[0])
            {
                case "samples": rows = value; break;
                case "dims": inputs = value; break;
                case "groups": groups = value; break;
                case "size": size = value; break;
            }
        }
        inputs = Math.Max(inputs, groups * size);
        if (rows > MaxGeneratedRows || inputs > MaxGeneratedInputs)
            throw new InvalidInputException($"The data '{Data}' is {rows} rows of {inputs} inputs; the studio generates at most {MaxGeneratedRows} rows of {MaxGeneratedInputs} inputs (use `neurosharp metacluster` for more).");
    }
}
