using NeuroSharp.Clustering;
using NeuroSharp.Data;

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
        if (Data is null) throw new InvalidInputException($"data must be a data spec such as \"side-by-side:mnist\" (got null; accepted: {string.Join(", ", AcceptedData)}).");
        bool named = Data is "mnist" or "mnist:train" or "mnist:test" or "side-by-side:mnist" or "side-by-side:mnist:train" or "side-by-side:mnist:test"
            || Data.StartsWith("onehot:", StringComparison.Ordinal) || Data.StartsWith("uniform:", StringComparison.Ordinal);
        if (!named) throw new InvalidInputException($"The data '{Data}' is not one the studio loads (accepted: {string.Join(", ", AcceptedData)}); train on files with `neurosharp metacluster`.");
        DataSources.CheckGenerated(Data);
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

    /// <summary>Rows of MNIST's training and test sets, and its inputs.</summary>
    private const long MnistTrainRows = 60_000, MnistTestRows = 10_000, MnistInputs = 28 * 28;

    /// <summary>Rows the generators make when the spec gives no samples= (as <c>DataSources</c>).</summary>
    private const long DefaultGeneratedRows = 20_000, SideBySideRows = 60_000;

    /// <summary>Refuses generated data too large to hold (a typo in samples= would exhaust memory before any check of the library).</summary>
    private void CheckGeneratedSize()
    {
        if (GeneratedShape() is not { } shape) return;
        var (rows, inputs) = shape;
        if (rows > MaxGeneratedRows || inputs > MaxGeneratedInputs)
            throw new InvalidInputException($"The data '{Data}' is {rows} rows of {inputs} inputs; the studio generates at most {MaxGeneratedRows} rows of {MaxGeneratedInputs} inputs (use `neurosharp metacluster` for more).");
    }

    /// <summary>The rows and inputs of generated data (onehot:, uniform:), or null for MNIST.</summary>
    private (long Rows, long Inputs)? GeneratedShape()
    {
        if (!Data.StartsWith("onehot:", StringComparison.Ordinal) && !Data.StartsWith("uniform:", StringComparison.Ordinal)) return null;
        long rows = DefaultGeneratedRows, inputs = 1, groups = 1, size = 1;
        foreach (string part in Data[(Data.IndexOf(':') + 1)..].Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !long.TryParse(kv[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value))
            {
                if (kv[0] == "sizes" && kv.Length == 2)
                    inputs = MemoryBudget.Plus(kv[1].Split('+').Select(x => long.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) ? v : 0).ToArray());
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
        return (rows, Math.Max(inputs, MemoryBudget.Times(groups, size)));
    }

    /// <summary>
    /// The memory the run holds while it runs: the data set (rows x inputs x 4 bytes, and MNIST's bytes
    /// as read), the model (the M masks with their two working copies and the M x K centres, 4 bytes
    /// each) and the page's pictures (a byte a pixel, as base64 JSON text, the stream it is written to
    /// and the copy kept for pages that connect later).
    /// </summary>
    /// <returns>The estimate in bytes (long.MaxValue when too large to count).</returns>
    /// <exception cref="InvalidInputException">The request is invalid (<see cref="ToOptions"/>).</exception>
    public long EstimateBytes()
    {
        ToOptions();
        long data, inputs;
        if (GeneratedShape() is { } shape)
        {
            var (rows, generatedInputs) = shape;
            inputs = generatedInputs;
            data = MemoryBudget.Plus(MemoryBudget.Times(rows, inputs, sizeof(float)), MemoryBudget.Times(rows, sizeof(int)));
        }
        else
        {
            long mnistRows = Data.EndsWith(":test", StringComparison.Ordinal) ? MnistTestRows : MnistTrainRows;
            long mnist = MemoryBudget.Times(mnistRows, MnistInputs, sizeof(float) + 1);
            bool sideBySide = Data.StartsWith("side-by-side:", StringComparison.Ordinal);
            inputs = sideBySide ? 2 * MnistInputs : MnistInputs;
            data = sideBySide ? MemoryBudget.Plus(mnist, MemoryBudget.Times(SideBySideRows, inputs, sizeof(float))) : mnist;
        }
        long masks = MemoryBudget.Times(Meta, inputs);
        long centres = MemoryBudget.Times(Meta, Clusters, inputs);
        long model = MemoryBudget.Plus(MemoryBudget.Times(masks, 3 * sizeof(float)), MemoryBudget.Times(centres, sizeof(float)));
        long pictures = MemoryBudget.Times(MemoryBudget.Plus(masks, centres), 5);
        return MemoryBudget.Plus(data, model, pictures);
    }
}
