namespace NeuroSharp.Learning;

/// <summary>
/// Adaptive top-down weights (Hinton, Cambridge lecture 2014; the wake phase of wake-sleep, Hinton et
/// al. 1995): the error goes down as in feedback alignment, delta_l = (delta_{l+1} B_{l+1}) * f'(z_l) * m_l,
/// and each B_{l+1} slowly learns to reconstruct the activity below from the activity above: with u and y
/// the activities above and below minus their minibatch means, B_{l+1} += rho u^T (y - u B_{l+1}) / sum_i |u_i|^2
/// (normalised LMS, step rho), then B is scaled back to its starting Frobenius norm (its gain).
/// B starts random, or from the decoders of autoencoder pre-training.
/// </summary>
public sealed class AdaptiveFeedbackRule : ITrainingRule
{
    private readonly FeedbackMatrix[] _feedback;
    private readonly float _rate;
    private float[] _upper = [];
    private float[] _lower = [];
    private float[] _mean = [];

    /// <summary>Creates the rule with random top-down matrices for a network.</summary>
    /// <param name="network">The network.</param>
    /// <param name="scale">Multiplier of the matrices' default half-width.</param>
    /// <param name="rate">rho, the normalised step of the top-down weights, in [0, 1]; 0 keeps them fixed.</param>
    /// <param name="seed">The build seed; matrix l draws from Fork(2).Fork(l) (the same matrices as feedback alignment).</param>
    public AdaptiveFeedbackRule(Mlp network, float scale, float rate, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        _feedback = LayerFeedback.CreateRandom(network, scale, seed);
        _rate = rate;
    }

    /// <inheritdoc />
    public TrainingRuleKind Kind => TrainingRuleKind.AdaptiveFeedback;

    /// <inheritdoc />
    public IReadOnlyList<FeedbackMatrix> FeedbackMatrices => _feedback;

    /// <inheritdoc />
    public void ComputeDeltas(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        LayerFeedback.SendDown(batch, _feedback);
        int widest = LayerFeedback.Widest(batch.Network);
        if (_upper.Length < batch.Capacity * widest)
        {
            _upper = new float[batch.Capacity * widest];
            _lower = new float[batch.Capacity * widest];
            _mean = new float[widest];
        }
        LayerFeedback.Adapt(batch, _feedback, _rate, _upper, _lower, _mean);
    }

    internal static int MaxHidden(Mlp network)
    {
        int widest = 1;
        for (int l = 1; l < network.WeightLayerCount; l++) widest = Math.Max(widest, network.LayerSize(l));
        return widest;
    }
}
