namespace NeuroSharp.Learning;

/// <summary>How the output error reaches the hidden layers (see docs/learning-*.md for each rule's equations).</summary>
public enum TrainingRuleKind
{
    /// <summary>Backpropagation: the error goes down through the transposed forward weights (the reference).</summary>
    Backprop,

    /// <summary>Feedback alignment (Lillicrap et al. 2016): down through fixed random matrices, layer by layer.</summary>
    FeedbackAlignment,

    /// <summary>Direct feedback alignment (Nokland 2016): the output error straight to every hidden layer through fixed random matrices.</summary>
    DirectFeedbackAlignment,

    /// <summary>Adaptive top-down weights (Hinton's lecture): feedback matrices that slowly learn to reconstruct the layer below (wake phase of wake-sleep).</summary>
    AdaptiveFeedback,

    /// <summary>Temporal-derivative learning (recirculation): the top is nudged towards the target and each synapse changes by pre times the change of post.</summary>
    TemporalDerivative,
}

/// <summary>The short names of the rules (the CLI's <c>--rule</c> values and metrics.json's "rule"), kept next to the enum.</summary>
public static class TrainingRuleNames
{
    /// <summary>Every rule's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<TrainingRuleKind>().Select(ToFlag).ToArray();

    /// <summary>The rule's short name: bp, fa, dfa, adaptive or temporal.</summary>
    /// <param name="kind">The rule.</param>
    /// <returns>Its name.</returns>
    public static string ToFlag(this TrainingRuleKind kind) => kind switch
    {
        TrainingRuleKind.Backprop => "bp",
        TrainingRuleKind.FeedbackAlignment => "fa",
        TrainingRuleKind.DirectFeedbackAlignment => "dfa",
        TrainingRuleKind.AdaptiveFeedback => "adaptive",
        TrainingRuleKind.TemporalDerivative => "temporal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a training rule"),
    };

    /// <summary>The rule with the short name <paramref name="name"/>.</summary>
    /// <param name="name">bp, fa, dfa, adaptive or temporal.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidInputException">No rule has that name.</exception>
    public static TrainingRuleKind FromFlag(string name)
    {
        foreach (var kind in Enum.GetValues<TrainingRuleKind>())
        {
            if (kind.ToFlag() == name) return kind;
        }
        throw new InvalidInputException($"--rule must be one of {string.Join(", ", All)} (got '{name}').");
    }
}
