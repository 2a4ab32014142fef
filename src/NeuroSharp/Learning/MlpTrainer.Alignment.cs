using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Learning;

/// <summary>How far a rule's updates are from backpropagation's.</summary>
public sealed partial class MlpTrainer
{
    /// <summary>
    /// The angle, in degrees, between the update this rule would make to each hidden weight layer and
    /// backpropagation's gradient, on the first rows of a probe set without dropout or spikes
    /// ("feedback alignment": below 90 degrees the rule descends the loss). Changes nothing: feedback
    /// matrices that the rule adapts are restored.
    /// </summary>
    /// <param name="probe">Labelled rows.</param>
    /// <param name="rows">How many of its first rows to use (at most its row count).</param>
    /// <returns>Angles for weight layers 1 to L - 1 (index 0 is layer 1).</returns>
    public double[] UpdateAngles(Dataset probe, int rows = 256)
    {
        Network.CheckData(probe);
        rows = Math.Min(rows, probe.RowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var net = Network;
        int layers = net.WeightLayerCount;
        var batch = new TrainingBatch(net, rows, MaxThreads);
        var indices = Enumerable.Range(0, rows).ToArray();
        Forward(batch, probe, indices, noise: false);
        var saved = Rule.FeedbackMatrices.Select(b => b.Values.ToArray()).ToArray();
        Rule.ComputeDeltas(batch);
        for (int i = 0; i < saved.Length; i++) saved[i].CopyTo(Rule.FeedbackMatrices[i].Values);
        var ruleUpdates = HiddenUpdates(batch);
        new BackpropRule().ComputeDeltas(batch);
        var gradients = HiddenUpdates(batch);
        var angles = new double[layers - 1];
        for (int l = 0; l < angles.Length; l++)
        {
            double cos = TensorPrimitives.CosineSimilarity(ruleUpdates[l], gradients[l]);
            angles[l] = Math.Acos(Math.Clamp(double.IsFinite(cos) ? cos : 0, -1, 1)) * 180 / Math.PI;
        }
        return angles;
    }

    private float[][] HiddenUpdates(TrainingBatch batch)
    {
        var net = Network;
        var updates = new float[net.WeightLayerCount - 1][];
        for (int l = 1; l < net.WeightLayerCount; l++)
        {
            int nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            updates[l - 1] = new float[nIn * nOut];
            Gemm.Multiply(Transpose.Transposed, Transpose.None, nIn, nOut, batch.RowCount, 1f, batch.Activity(l - 1), nIn,
                batch.Delta(l), nOut, 0f, updates[l - 1], nOut, batch.MaxThreads);
        }
        return updates;
    }
}
