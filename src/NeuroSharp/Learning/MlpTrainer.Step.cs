using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Learning;

/// <summary>One minibatch: forward pass, the rule, the SGD update.</summary>
public sealed partial class MlpTrainer
{
    private (double Loss, int Errors) Step(Dataset data, ReadOnlySpan<int> rowIndices, float rate)
    {
        var result = Forward(_batch, data, rowIndices, noise: true);
        Rule.ComputeDeltas(_batch);
        Update(rowIndices.Length, rate);
        return result;
    }

    /// <summary>Gathers the rows, runs the forward pass (with dropout and spikes when <paramref name="noise"/>) and sets delta_L = p - t.</summary>
    private (double Loss, int Errors) Forward(TrainingBatch b, Dataset data, ReadOnlySpan<int> rowIndices, bool noise)
    {
        var net = Network;
        var spec = net.Spec;
        int rows = rowIndices.Length, layers = net.WeightLayerCount, inputs = net.InputCount, outputs = net.OutputCount;
        b.RowCount = rows;

        // Gather the rows and their one-hot targets.
        var x = b.Activities[0].AsSpan(0, rows * inputs);
        var t = b.Targets.AsSpan(0, rows * outputs);
        t.Clear();
        var labels = data.Labels;
        for (int r = 0; r < rows; r++)
        {
            data.Row(rowIndices[r]).CopyTo(x.Slice(r * inputs, inputs));
            t[r * outputs + labels[rowIndices[r]]] = 1f;
        }
        if (spec.InputDropout > 0) ApplyDropout(b.KeepScales[0].AsSpan(0, x.Length), x, default, noise ? spec.InputDropout : 0f);

        // Forward.
        for (int l = 1; l <= layers; l++)
        {
            int nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            var below = b.Activities[l - 1].AsSpan(0, rows * nIn);
            var z = b.PreActivations[l].AsSpan(0, rows * nOut);
            Gemm.Multiply(Transpose.None, Transpose.None, rows, nOut, nIn, 1f, below, nIn, net.WeightArray(l), nOut, 0f, z, nOut, b.MaxThreads);
            var bias = net.BiasArray(l);
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(z.Slice(r * nOut, nOut), bias, z.Slice(r * nOut, nOut));
            var h = b.Activities[l].AsSpan(0, rows * nOut);
            if (l == layers)
            {
                ActivationFunctions.Softmax(z, h, rows, nOut);
                break;
            }
            var gate = b.Gates[l].AsSpan(0, rows * nOut);
            ActivationFunctions.Apply(spec.HiddenActivation, z, h);
            ActivationFunctions.Derivative(spec.HiddenActivation, h, gate);
            if (noise && spec.SpikeCount > 0) SpikeCoding.Encode(h, spec.SpikeCount, _spikeStream!);
            if (spec.HiddenDropout > 0) ApplyDropout(b.KeepScales[l].AsSpan(0, h.Length), h, gate, noise ? spec.HiddenDropout : 0f);
        }

        // Output error, loss and errors of the batch as trained.
        var p = b.Activities[layers].AsSpan(0, rows * outputs);
        var top = b.Deltas[layers].AsSpan(0, rows * outputs);
        TensorPrimitives.Subtract(p, t, top);
        double loss = 0;
        int errors = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = labels[rowIndices[r]];
            var pr = p.Slice(r * outputs, outputs);
            loss -= Math.Log(Math.Max(pr[label], 1e-30f));
            if (TensorPrimitives.IndexOfMax(pr) != label) errors++;
        }
        return (loss, errors);
    }

    private void Update(int rows, float rate)
    {
        var b = _batch;
        var net = Network;
        var o = Options;
        for (int l = 1; l <= net.WeightLayerCount; l++)
        {
            int nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            var w = net.WeightArray(l);
            var vw = _weightVelocity[l - 1];
            var delta = b.Deltas[l].AsSpan(0, rows * nOut);
            // v = mu v - (eta / B) h_{l-1}^T delta_l, in one product.
            Gemm.Multiply(Transpose.Transposed, Transpose.None, nIn, nOut, rows, -rate / rows, b.Activities[l - 1], nIn,
                delta, nOut, o.Momentum, vw, nOut, MaxThreads);
            if (o.WeightDecay > 0) TensorPrimitives.MultiplyAdd(w, -rate * o.WeightDecay, vw, vw);
            TensorPrimitives.Add(w, vw, w);

            var bias = net.BiasArray(l);
            var vb = _biasVelocity[l - 1];
            TensorPrimitives.Multiply(vb, o.Momentum, vb);
            for (int r = 0; r < rows; r++) TensorPrimitives.MultiplyAdd(delta.Slice(r * nOut, nOut), -rate / rows, vb, vb);
            TensorPrimitives.Add(bias, vb, bias);

            if (o.MaxNorm > 0) ApplyMaxNorm(w, nIn, nOut, o.MaxNorm);
        }
    }

    /// <summary>Scales each column of W (a unit's incoming weights) back to norm c when it is longer.</summary>
    private void ApplyMaxNorm(float[] w, int nIn, int nOut, float maxNorm)
    {
        var squares = _columnScratch.AsSpan(0, nOut);
        squares.Clear();
        for (int i = 0; i < nIn; i++)
        {
            var row = w.AsSpan(i * nOut, nOut);
            TensorPrimitives.MultiplyAdd(row, row, squares, squares);
        }
        bool any = false;
        float limit = maxNorm * maxNorm;
        for (int j = 0; j < nOut; j++)
        {
            if (squares[j] > limit)
            {
                squares[j] = maxNorm / MathF.Sqrt(squares[j]);
                any = true;
            }
            else
            {
                squares[j] = 1f;
            }
        }
        if (!any) return;
        for (int i = 0; i < nIn; i++)
        {
            var row = w.AsSpan(i * nOut, nOut);
            TensorPrimitives.Multiply(row, squares, row);
        }
    }

    /// <summary>Draws keep scales (0, or 1 / (1 - q) with probability 1 - q) and applies them to h (and the gate); q = 0 keeps all.</summary>
    private void ApplyDropout(Span<float> keep, Span<float> h, Span<float> gate, float q)
    {
        if (q == 0f)
        {
            keep.Fill(1f);
            return;
        }
        SpikeCoding.DrawKeepScales(keep, q, _dropoutStream!);
        TensorPrimitives.Multiply(h, keep, h);
        if (!gate.IsEmpty) TensorPrimitives.Multiply(gate, keep, gate);
    }
}
