using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Learning;

/// <summary>
/// Backpropagation (Rumelhart, Hinton and Williams 1986), the reference: the error goes down through
/// the transposed forward weights, delta_l = (delta_{l+1} W_{l+1}^T) * f'(z_l) * m_l, so delta_l is
/// exactly dE/dz_l of the dropout network.
/// </summary>
public sealed class BackpropRule : ITrainingRule
{
    /// <inheritdoc />
    public TrainingRuleKind Kind => TrainingRuleKind.Backprop;

    /// <inheritdoc />
    public IReadOnlyList<FeedbackMatrix> FeedbackMatrices => [];

    /// <inheritdoc />
    public void ComputeDeltas(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var net = batch.Network;
        int rows = batch.RowCount;
        for (int l = batch.WeightLayerCount - 1; l >= 1; l--)
        {
            int below = net.LayerSize(l), above = net.LayerSize(l + 1);
            // W_{l+1} is stored below x above; op(B) = W^T.
            Gemm.Multiply(Transpose.None, Transpose.Transposed, rows, below, above, 1f, batch.Delta(l + 1), above,
                net.WeightArray(l + 1), above, 0f, batch.Delta(l), below, batch.MaxThreads);
            TensorPrimitives.Multiply(batch.Delta(l), batch.Gate(l), batch.Delta(l));
        }
    }
}
