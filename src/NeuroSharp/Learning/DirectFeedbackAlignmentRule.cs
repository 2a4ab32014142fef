using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>
/// Direct feedback alignment (Nokland 2016): the output error goes straight to every hidden layer
/// through its own fixed random matrix D_l (n_L x n_l): delta_l = (delta_L D_l) * f'(z_l) * m_l.
/// No layer waits for the one above, and no weight is shared between directions.
/// </summary>
public sealed class DirectFeedbackAlignmentRule : ITrainingRule
{
    private readonly FeedbackMatrix[] _feedback;

    /// <summary>Creates the rule with random direct feedback matrices for a network.</summary>
    /// <param name="network">The network.</param>
    /// <param name="scale">Multiplier of the default half-width, that of a forward weight from layer l (fan-in n_l) to the output.</param>
    /// <param name="seed">The build seed; matrix l draws from Fork(2).Fork(l).</param>
    public DirectFeedbackAlignmentRule(Mlp network, float scale, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        int layers = network.WeightLayerCount, outputs = network.OutputCount;
        var stream = new RandomStream(seed).Fork(LearningStreams.Feedback);
        _feedback = new FeedbackMatrix[layers - 1];
        for (int l = 1; l < layers; l++)
        {
            int size = network.LayerSize(l);
            var d = new FeedbackMatrix($"direct.{l}", layers, l, outputs, size);
            float a = scale * WeightInitializer.HalfWidth(network.Spec.Init, network.Spec.HiddenActivation, size, outputs);
            WeightInitializer.Fill(d.Values, a, stream.Fork((ulong)l));
            _feedback[l - 1] = d;
        }
    }

    /// <inheritdoc />
    public TrainingRuleKind Kind => TrainingRuleKind.DirectFeedbackAlignment;

    /// <inheritdoc />
    public IReadOnlyList<FeedbackMatrix> FeedbackMatrices => _feedback;

    /// <inheritdoc />
    public void ComputeDeltas(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var net = batch.Network;
        int rows = batch.RowCount, layers = batch.WeightLayerCount, outputs = net.OutputCount;
        var error = batch.Delta(layers);
        for (int l = 1; l < layers; l++)
        {
            int size = net.LayerSize(l);
            Gemm.Multiply(Transpose.None, Transpose.None, rows, size, outputs, 1f, error, outputs,
                _feedback[l - 1].Array, size, 0f, batch.Delta(l), size, batch.MaxThreads);
            TensorPrimitives.Multiply(batch.Delta(l), batch.Gate(l), batch.Delta(l));
        }
    }
}
