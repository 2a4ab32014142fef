using System.Globalization;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Data;

/// <summary>
/// Turns a data spec into a dataset. Specs: <c>mnist</c>, <c>mnist:train</c>, <c>mnist:test</c>,
/// <c>fashion-mnist</c>, <c>fashion-mnist:train</c>, <c>fashion-mnist:test</c>,
/// <c>side-by-side:mnist</c> (or <c>side-by-side:mnist:test</c>), <c>onehot:groups=G,size=S</c>
/// (or <c>sizes=3+5+7</c>; options <c>shuffle</c>, <c>noise=P</c>, <c>samples=N</c>),
/// <c>uniform:dims=D[,samples=N]</c>, or a path to a .npy, .csv or IDX file.
/// </summary>
public static class DataSources
{
    /// <summary>Stream id under the seed for generated data, kept apart from model streams.</summary>
    public const ulong DataStreamId = 0xDA7A;

    private const int DefaultGeneratedSamples = 20_000;
    private const int DefaultSideBySideSamples = 60_000;

    /// <summary>Loads, fetches or generates the data a spec names.</summary>
    /// <param name="spec">The data spec.</param>
    /// <param name="options">Seed, sample count and MNIST source.</param>
    /// <returns>The dataset and any planted input partition.</returns>
    /// <exception cref="InvalidInputException">The spec is malformed or names a bad file.</exception>
    public static LoadedData Load(string spec, DataLoadOptions? options = null)
    {
        options ??= new DataLoadOptions();
        if (string.IsNullOrWhiteSpace(spec)) throw new InvalidInputException("The data spec is empty.");
        if (options.SampleCount is < 1)
            throw new InvalidOptionException(nameof(DataLoadOptions), nameof(DataLoadOptions.SampleCount), "must be at least 1", options.SampleCount.Value);
        var mnist = options.Mnist ?? new MnistRepository();
        var rng = new RandomStream(options.Seed).Fork(DataStreamId);
        switch (spec)
        {
            case "mnist" or "mnist:train":
                return new LoadedData(mnist.Load(MnistSplit.Train, options.Log), null);
            case "mnist:test":
                return new LoadedData(mnist.Load(MnistSplit.Test, options.Log), null);
            case "fashion-mnist" or "fashion-mnist:train":
                return new LoadedData((options.FashionMnist ?? new FashionMnistRepository()).Load(MnistSplit.Train, options.Log), null);
            case "fashion-mnist:test":
                return new LoadedData((options.FashionMnist ?? new FashionMnistRepository()).Load(MnistSplit.Test, options.Log), null);
            case "side-by-side:mnist" or "side-by-side:mnist:train" or "side-by-side:mnist:test":
            {
                var split = spec.EndsWith(":test", StringComparison.Ordinal) ? MnistSplit.Test : MnistSplit.Train;
                int pairs = options.SampleCount ?? DefaultSideBySideSamples;
                RequireMemory(spec, options, pairs, 28 * 56); // two 28 x 28 digits side by side
                var planted = Generators.SideBySide(mnist.Load(split, options.Log), pairs, rng);
                return new LoadedData(planted.Dataset, planted.InputGroups);
            }
        }
        if (spec.StartsWith("onehot:", StringComparison.Ordinal)) return OneHot(spec, options, rng);
        if (spec.StartsWith("uniform:", StringComparison.Ordinal)) return Uniform(spec, options, rng);
        if (spec.StartsWith("side-by-side:", StringComparison.Ordinal))
            throw new InvalidInputException($"Data '{spec}': side-by-side needs 'side-by-side:mnist' or 'side-by-side:mnist:test'.");
        // A word with no folder and no extension that names no file is most likely a misspelled name (mnst, mnist:tset).
        if (!spec.Contains('/') && !spec.Contains('.') && !Path.Exists(spec) && new FileInfo(spec).LinkTarget is null)
            throw new InvalidInputException($"Data '{spec}' is neither a data name ({NamedSpecs}) nor a file.");
        return new LoadedData(DatasetFile.Read(spec), null);
    }

    /// <summary>The data names and generators <see cref="Load"/> knows, as a sentence lists them.</summary>
    public const string NamedSpecs = "mnist, mnist:test, fashion-mnist, fashion-mnist:test, side-by-side:mnist, side-by-side:mnist:test, onehot:groups=G,size=S, uniform:dims=D";

    /// <summary>
    /// Checks a generated-data spec (<c>onehot:</c>, <c>uniform:</c>) without generating anything, with the
    /// sentences <see cref="Load"/> would give (a page refuses <c>onehot:groups=0</c> at once, not after starting
    /// a run). Other specs are not checked here.
    /// </summary>
    /// <param name="spec">The data spec.</param>
    /// <exception cref="InvalidInputException">A key is unknown, missing or out of range.</exception>
    public static void CheckGenerated(string spec)
    {
        var options = new DataLoadOptions();
        if (spec.StartsWith("onehot:", StringComparison.Ordinal)) ParseOneHot(spec, options, checkMemory: false);
        else if (spec.StartsWith("uniform:", StringComparison.Ordinal)) ParseUniform(spec, options, checkMemory: false);
    }

    private static LoadedData OneHot(string spec, DataLoadOptions options, RandomStream rng)
    {
        var (sizes, shuffle, noise, samples) = ParseOneHot(spec, options, checkMemory: true);
        var planted = Generators.OneHotGroups(new OneHotGroupsSpec(sizes, shuffle, noise), samples, rng);
        return new LoadedData(planted.Dataset, planted.InputGroups);
    }

    private static (int[] Sizes, bool Shuffle, double Noise, int Samples) ParseOneHot(string spec, DataLoadOptions options, bool checkMemory)
    {
        var kv = ParseKeys(spec, "onehot:".Length, ["groups", "size", "sizes", "shuffle", "noise", "samples"]);
        bool shuffle = kv.TryGetValue("shuffle", out string? sh) && sh is "" or "true" or "1";
        double noise = 0;
        if (kv.TryGetValue("noise", out string? nz) &&
            (!double.TryParse(nz, NumberStyles.Float, CultureInfo.InvariantCulture, out noise) || !(noise >= 0 && noise < 0.5)))
            throw new InvalidInputException($"Data '{spec}': noise must be a probability in [0, 0.5) (got '{nz}').");
        int samples = kv.TryGetValue("samples", out string? sm) ? ParseInt(spec, "samples", sm, 1) : options.SampleCount ?? DefaultGeneratedSamples;
        int[] sizes;
        if (kv.TryGetValue("sizes", out string? sizesText))
        {
            if (kv.ContainsKey("groups") || kv.ContainsKey("size"))
                throw new InvalidInputException($"Data '{spec}': give either sizes=A+B+... or groups=G,size=S, not both.");
            sizes = sizesText.Split('+').Select(s => ParseInt(spec, "sizes", s, 2)).ToArray();
            if (checkMemory) RequireMemory(spec, options, samples, sizes.Sum(s => (long)s));
        }
        else
        {
            int groups = ParseInt(spec, "groups", Require(kv, spec, "groups"), 1);
            int size = ParseInt(spec, "size", Require(kv, spec, "size"), 2);
            if (checkMemory) RequireMemory(spec, options, samples, MemoryBudget.Times(groups, size)); // before the G sizes are listed
            sizes = Enumerable.Repeat(size, groups).ToArray();
        }
        return (sizes, shuffle, noise, samples);
    }

    private static LoadedData Uniform(string spec, DataLoadOptions options, RandomStream rng)
    {
        var (dims, samples) = ParseUniform(spec, options, checkMemory: true);
        return new LoadedData(Generators.UniformPoints(dims, samples, rng), null);
    }

    private static (int Dims, int Samples) ParseUniform(string spec, DataLoadOptions options, bool checkMemory)
    {
        var kv = ParseKeys(spec, "uniform:".Length, ["dims", "samples"]);
        int dims = ParseInt(spec, "dims", Require(kv, spec, "dims"), 1);
        int samples = kv.TryGetValue("samples", out string? sm) ? ParseInt(spec, "samples", sm, 1) : options.SampleCount ?? DefaultGeneratedSamples;
        if (checkMemory) RequireMemory(spec, options, samples, dims);
        return (dims, samples);
    }

    /// <summary>Refuses generated data over the memory budget (rows x columns x 4 bytes) or over what one array holds.</summary>
    private static void RequireMemory(string spec, DataLoadOptions options, long rows, long columns)
    {
        (options.Memory ?? MemoryBudget.Default).Require($"Data '{spec}' ({rows} rows x {columns} columns)", MemoryBudget.Times(rows, columns, sizeof(float)));
        if (columns > Array.MaxLength || MemoryBudget.Times(rows, columns) > Array.MaxLength)
            throw new InvalidInputException($"Data '{spec}': {rows} rows x {columns} columns is more values than one array holds ({Array.MaxLength}); ask for fewer rows or columns.");
    }

    private static Dictionary<string, string> ParseKeys(string spec, int start, string[] known)
    {
        var kv = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in spec[start..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            if (!known.Contains(key))
                throw new InvalidInputException($"Data '{spec}': unknown key '{key}' (known: {string.Join(", ", known)}).");
            kv[key] = value;
        }
        return kv;
    }

    private static string Require(Dictionary<string, string> kv, string spec, string key) =>
        kv.TryGetValue(key, out string? v) ? v : throw new InvalidInputException($"Data '{spec}': '{key}=' is missing.");

    private static int ParseInt(string spec, string key, string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < minimum)
            throw new InvalidInputException($"Data '{spec}': {key} must be a whole number from {minimum} to {int.MaxValue} (got '{text}').");
        return v;
    }
}
