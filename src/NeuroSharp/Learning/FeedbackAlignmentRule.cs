namespace NeuroSharp.Learning;

/// <summary>
/// Feedback alignment (Lillicrap, Cownden, Tweed and Akerman 2016): the error goes down layer by
/// layer through fixed random matrices B_{l+1} in place of W_{l+1}^T,
/// delta_l = (delta_{l+1} B_{l+1}) * f'(z_l) * m_l. The forward weights come to align with B.
/// </summary>
public sealed class FeedbackAlignmentRule : ITrainingRule
{
    private readonly FeedbackMatrix[] _feedback;

    /// <summary>Creates the rule with random feedback matrices for a network.</summary>
    /// <param name="network">The network (its sizes and initialisation).</param>
    /// <param name="scale">Multiplier of the matrices' default half-width (that of the forward weight they stand in for).</param>
    /// <param name="seed">The build seed; matrix l draws from Fork(2).Fork(l).</param>
    public FeedbackAlignmentRule(Mlp network, float scale, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        _feedback = LayerFeedback.CreateRandom(network, scale, seed);
    }

    /// <inheritdoc />
    public TrainingRuleKind Kind => TrainingRuleKind.FeedbackAlignment;

    /// <inheritdoc />
    public IReadOnlyList<FeedbackMatrix> FeedbackMatrices => _feedback;

    /// <inheritdoc />
    public void ComputeDeltas(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        LayerFeedback.SendDown(batch, _feedback);
    }
}
