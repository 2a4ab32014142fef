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
