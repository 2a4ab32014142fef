using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuroSharp.Clustering.Patches;

/// <summary>How a layer pools the per-position features of one region into one value per prototype.</summary>
public enum PatchPooling
{
    /// <summary>The mean over the region (Coates and Ng's sum pooling, scaled).</summary>
    Average,

    /// <summary>The largest value over the region.</summary>
    Max,
}

/// <summary>
/// One layer of a patch stack (docs/local-receptive-fields.md): a clusterizer of <see cref="ClusterCount"/>
/// prototypes that sees <see cref="PatchHeight"/> x <see cref="PatchWidth"/> patches every <see cref="Stride"/>
/// pixels (zero <see cref="Padding"/> around the map), then pools <see cref="Pool"/> x <see cref="Pool"/> regions.
/// </summary>
/// <remarks>
/// The text form, one layer of <c>--layers</c>: <c>HxW[sS][pP]:K[/Q[avg|max]]</c>, e.g. <c>5x5:64/2</c>
/// (5 x 5 patches, stride 1, no padding, 64 prototypes, 2 x 2 average pooling) or <c>3x3s2p1:256/3max</c>.
/// Layers are separated by commas.
/// </remarks>
public sealed partial record PatchLayerSpec
{
    /// <summary>Rows of a patch, at least 1.</summary>
    public int PatchHeight { get; init; } = 5;

    /// <summary>Columns of a patch, at least 1.</summary>
    public int PatchWidth { get; init; } = 5;

    /// <summary>Pixels between neighbouring patches, at least 1.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zero pixels added on every side of the map, at least 0.</summary>
    public int Padding { get; init; }

    /// <summary>K, the prototypes (neurons sharing their weights over positions), at least 1.</summary>
    public int ClusterCount { get; init; } = 64;

    /// <summary>Q, the side of the (non-overlapping) pooling region; 1 keeps every position.</summary>
    public int Pool { get; init; } = 1;

    /// <summary>Average or max pooling.</summary>
    public PatchPooling Pooling { get; init; } = PatchPooling.Average;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(PatchLayerSpec);
        OptionChecks.AtLeast(owner, nameof(PatchHeight), PatchHeight, 1);
        OptionChecks.AtLeast(owner, nameof(PatchWidth), PatchWidth, 1);
        OptionChecks.AtLeast(owner, nameof(Stride), Stride, 1);
        OptionChecks.AtLeast(owner, nameof(Padding), Padding, 0);
        OptionChecks.AtLeast(owner, nameof(ClusterCount), ClusterCount, 1);
        OptionChecks.AtLeast(owner, nameof(Pool), Pool, 1);
        OptionChecks.Defined(owner, nameof(Pooling), Pooling);
    }

    /// <summary>The layer in its text form (parsed back by <see cref="ParseStack"/>).</summary>
    /// <returns>E.g. <c>5x5:64/2</c>.</returns>
    public override string ToString()
    {
        var s = string.Create(CultureInfo.InvariantCulture, $"{PatchHeight}x{PatchWidth}");
        if (Stride != 1) s += string.Create(CultureInfo.InvariantCulture, $"s{Stride}");
        if (Padding != 0) s += string.Create(CultureInfo.InvariantCulture, $"p{Padding}");
        s += string.Create(CultureInfo.InvariantCulture, $":{ClusterCount}");
        if (Pool != 1 || Pooling != PatchPooling.Average)
            s += string.Create(CultureInfo.InvariantCulture, $"/{Pool}{(Pooling == PatchPooling.Max ? "max" : "")}");
        return s;
    }

    /// <summary>Parses a stack, layers separated by commas (see the remarks for one layer's form).</summary>
    /// <param name="text">E.g. <c>5x5:64/2,3x3:256/2</c>.</param>
    /// <param name="option">The option or field named in errors.</param>
    /// <returns>1 to 3 layers.</returns>
    /// <exception cref="InvalidInputException">The text is not a stack of 1 to 3 layers; the message names the bad layer.</exception>
    public static IReadOnlyList<PatchLayerSpec> ParseStack(string text, string option = "--layers")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxLayers)
            throw new InvalidInputException($"{option} '{text}' has {parts.Length} layers; a stack has 1 to {MaxLayers}.");
        var layers = new List<PatchLayerSpec>();
        foreach (string part in parts)
        {
            var m = LayerPattern().Match(part);
            if (!m.Success)
                throw new InvalidInputException($"{option} layer '{part}' is not of the form HxW[sS][pP]:K[/Q[avg|max]] (e.g. 5x5:64/2).");
            var spec = new PatchLayerSpec
            {
                PatchHeight = Number(m.Groups["h"], part, option), PatchWidth = Number(m.Groups["w"], part, option),
                Stride = m.Groups["s"].Success ? Number(m.Groups["s"], part, option) : 1,
                Padding = m.Groups["p"].Success ? Number(m.Groups["p"], part, option) : 0,
                ClusterCount = Number(m.Groups["k"], part, option),
                Pool = m.Groups["q"].Success ? Number(m.Groups["q"], part, option) : 1,
                Pooling = m.Groups["kind"].Value == "max" ? PatchPooling.Max : PatchPooling.Average,
            };
            if (spec.PatchHeight < 1 || spec.PatchWidth < 1 || spec.Stride < 1 || spec.ClusterCount < 1 || spec.Pool < 1)
                throw new InvalidInputException($"{option} layer '{part}': patch sides, stride, prototypes and pool must be at least 1.");
            layers.Add(spec);
        }
        return layers;
    }

    /// <summary>The most layers a stack may have.</summary>
    public const int MaxLayers = 3;

    /// <summary>A stack in its text form.</summary>
    /// <param name="layers">The layers.</param>
    /// <returns>The layers' text forms joined by commas.</returns>
    public static string Format(IEnumerable<PatchLayerSpec> layers) => string.Join(',', layers.Select(l => l.ToString()));

    private static int Number(Group g, string part, string option) =>
        int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new InvalidInputException($"{option} layer '{part}': {g.Value} is too large.");

    [GeneratedRegex(@"^(?<h>\d+)x(?<w>\d+)(?:s(?<s>\d+))?(?:p(?<p>\d+))?:(?<k>\d+)(?:/(?<q>\d+)(?<kind>avg|max)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerPattern();
}
