using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Learning;

/// <summary>
/// Temporal-derivative learning, the recirculation idea of Hinton and McClelland (1988) as told in
/// Hinton's lecture: "don't compute it, measure it". After the upward pass, the top-level activity is
/// nudged towards the target, p' = p + beta (t - p); the change travels down through the top-down
/// weights B, and each hidden unit measures how its own activity changed,
/// dh_l = f(z_l + dh_{l+1} B_{l+1}) m_l - f(z_l) m_l. Each synapse then changes by its presynaptic
/// activity times that change of postsynaptic activity, dW_l proportional to h_{l-1}^T dh_l, so the rule
/// hands the trainer delta_l = -dh_l / beta. The top-down weights adapt as in
/// <see cref="AdaptiveFeedbackRule"/> (wake phase); with beta to 0 the rule is adaptive feedback, and
/// with B = W^T it is backpropagation.
/// </summary>
public sealed class TemporalDerivativeRule : ITrainingRule
{
    private readonly FeedbackMatrix[] _feedback;
    private readonly float _rate;
    private readonly float _beta;
    private readonly Activation _activation;
    private float[][] _change = [];
    private float[] _shifted = [];
    private float[] _upper = [];
    private float[] _lower = [];
    private float[] _mean = [];

    /// <summary>Creates the rule with random top-down matrices for a network.</summary>
    /// <param name="network">The network.</param>
    /// <param name="scale">Multiplier of the matrices' default half-width.</param>
    /// <param name="rate">rho, the normalised step of the top-down weights, in [0, 1]; 0 keeps them fixed.</param>
    /// <param name="nudge">beta, how far the top moves towards the target, in (0, 1].</param>
    /// <param name="seed">The build seed (the same matrices as feedback alignment).</param>
    public TemporalDerivativeRule(Mlp network, float scale, float rate, float nudge, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        if (!(nudge > 0f && nudge <= 1f)) throw new ArgumentOutOfRangeException(nameof(nudge), nudge, "beta must be in (0, 1].");
        _feedback = LayerFeedback.CreateRandom(network, scale, seed);
        _rate = rate;
        _beta = nudge;
        _activation = network.Spec.HiddenActivation;
    }

    /// <inheritdoc />
    public TrainingRuleKind Kind => TrainingRuleKind.TemporalDerivative;

    /// <inheritdoc />
    public IReadOnlyList<FeedbackMatrix> FeedbackMatrices => _feedback;

    /// <inheritdoc />
    public void ComputeDeltas(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var net = batch.Network;
        int rows = batch.RowCount, layers = batch.WeightLayerCount;
        Allocate(batch);
        // Top: the activity moves by beta (t - p) = -beta delta_L.
        var top = _change[layers].AsSpan(0, rows * net.OutputCount);
        TensorPrimitives.Multiply(batch.Delta(layers), -_beta, top);
        for (int l = layers - 1; l >= 1; l--)
        {
            int below = net.LayerSize(l), above = net.LayerSize(l + 1);
            var shifted = _shifted.AsSpan(0, rows * below);
            var change = _change[l].AsSpan(0, rows * below);
            // The top-down input moves by dh_{l+1} B_{l+1}; the unit's total input is z_l plus that change.
            batch.PreActivation(l).CopyTo(shifted);
            Gemm.Multiply(Transpose.None, Transpose.None, rows, below, above, 1f, _change[l + 1], above,
                _feedback[l - 1].Array, below, 1f, shifted, below, batch.MaxThreads);
            ActivationFunctions.Apply(_activation, shifted, shifted);
            ActivationFunctions.Apply(_activation, batch.PreActivation(l), change);
            TensorPrimitives.Subtract(shifted, change, change);
            var keep = batch.KeepScale(l);
            if (!keep.IsEmpty) TensorPrimitives.Multiply(change, keep, change);
            TensorPrimitives.Multiply(change, -1f / _beta, batch.Delta(l));
        }
        LayerFeedback.Adapt(batch, _feedback, _rate, _upper, _lower, _mean);
    }

    private void Allocate(TrainingBatch batch)
    {
        var net = batch.Network;
        int widest = AdaptiveFeedbackRule.MaxHidden(net);
        if (_change.Length == net.WeightLayerCount + 1 && _shifted.Length >= batch.Capacity * widest) return;
        _change = new float[net.WeightLayerCount + 1][];
        for (int l = 1; l <= net.WeightLayerCount; l++) _change[l] = new float[batch.Capacity * net.LayerSize(l)];
        _shifted = new float[batch.Capacity * widest];
        int all = LayerFeedback.Widest(net);
        _upper = new float[batch.Capacity * all];
        _lower = new float[batch.Capacity * all];
        _mean = new float[all];
    }
}
