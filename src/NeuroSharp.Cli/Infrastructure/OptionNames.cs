namespace NeuroSharp.Cli;

/// <summary>
/// Maps option-record properties to the command-line flags that set them, so that a library
/// validation error (<c>MetaClustererOptions.MaskRate must be in (0, 1] (got 2).</c>) reaches the user
/// in their own words (<c>--mask-rate must be in (0, 1] (got 2).</c>).
/// </summary>
public static class OptionNames
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["ClusterCount"] = "--clusters",
        ["MetaCount"] = "--meta",
        ["MaskRate"] = "--mask-rate",
        ["LearningRate"] = "--rate",
        ["RandomRate"] = "--random",
        ["MaskFloor"] = "--mask-floor",
        ["Samples"] = "--samples",
        ["Epochs"] = "--epochs",
        ["Metric"] = "--metric",
        ["Init"] = "--init",
        ["Schedule"] = "--schedule",
        ["RateExponent"] = "--rate-exponent",
        ["ReadoutOptions.LearningRate"] = "--readout-rate",
        ["ReadoutOptions.Epochs"] = "--readout-epochs",
        ["Port"] = "--port",
        ["Workspace"] = "--workspace",
        ["LayerSizes"] = "--layers",
        ["HiddenActivation"] = "--activation",
        ["HiddenDropout"] = "--dropout",
        ["InputDropout"] = "--input-dropout",
        ["SpikeCount"] = "--spikes",
        ["BatchSize"] = "--batch-size",
        ["LearningRateDecay"] = "--rate-decay",
        ["Momentum"] = "--momentum",
        ["WeightDecay"] = "--weight-decay",
        ["MaxNorm"] = "--max-norm",
        ["FeedbackLearningRate"] = "--feedback-rate",
        ["FeedbackScale"] = "--feedback-scale",
        ["NudgeStrength"] = "--nudge",
        ["PretrainEpochs"] = "--pretrain-epochs",
        ["PretrainLearningRate"] = "--pretrain-rate",
    };

    /// <summary>The user-facing message of a validation error.</summary>
    /// <param name="e">The error.</param>
    /// <returns>The message with the flag in place of the property, when one is known ("Owner.Property" entries win over "Property").</returns>
    public static string Describe(InvalidOptionException e) =>
        Flags.TryGetValue($"{e.Owner}.{e.Property}", out string? flag) || Flags.TryGetValue(e.Property, out flag)
            ? $"{flag} {e.Requirement} (got {InvalidOptionException.Format(e.Value)})."
            : e.Message;

    /// <summary>Registers the flag of an option property (a command's own options).</summary>
    /// <param name="property">"Property" or "Owner.Property".</param>
    /// <param name="flag">The flag, e.g. "--dropout".</param>
    public static void Register(string property, string flag)
    {
        lock (Flags) Flags[property] = flag;
    }

    /// <summary>The flag that sets an option property: the registered one, else the property in kebab case ("Rule" -> "--rule").</summary>
    /// <param name="owner">The option record's type name, e.g. "TrainingOptions".</param>
    /// <param name="property">The property, e.g. "LearningRate".</param>
    /// <returns>The flag.</returns>
    public static string Flag(string owner, string property)
    {
        lock (Flags)
        {
            if (Flags.TryGetValue($"{owner}.{property}", out string? flag) || Flags.TryGetValue(property, out flag)) return flag;
        }
        return "--" + string.Concat(property.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));
    }
}
