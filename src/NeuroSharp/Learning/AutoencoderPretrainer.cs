using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>
/// Unsupervised layer-wise pre-training, the "smart" initialisation of the lecture: each hidden layer
/// in turn is the code of a denoising autoencoder of the layer below (Bengio et al. 2007; Vincent et
/// al. 2008). With x the layer below (fixed, from the layers already trained) and x~ = x with 20 % of
/// its units dropped: h = f(x~ W_l + b_l), x^ = h V_l + c_l (linear decoder), E = |x^ - x|^2 / 2.
/// The encoder's error arrives through the decoder itself, dh = (x^ - x) V_l^T, so no other top-down
/// path is needed; SGD with the trainer's momentum and <see cref="TrainingOptions.PretrainLearningRate"/>.
/// Afterwards W_l, b_l start the supervised training, and for the adaptive and temporal rules the
/// decoders V_l (n_l x n_{l-1}), scaled to the gain of the random matrices, become the
/// initial top-down weights B_l.
/// </summary>
internal static class AutoencoderPretrainer
{
    /// <summary>The fraction of input units dropped in the denoising corruption.</summary>
    public const float InputNoise = 0.2f;

    /// <summary>Runs on copies and commits them only when every layer is done; false when cancelled.</summary>
    public static bool Run(MlpTrainer trainer, Dataset train, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var net = trainer.Network;
        var o = trainer.Options;
        int layers = net.WeightLayerCount, rowCount = train.RowCount, batchSize = o.BatchSize, threads = trainer.MaxThreads;
        int batches = (rowCount + batchSize - 1) / batchSize, totalEpochs = (layers - 1) * o.PretrainEpochs;
        var act = net.Spec.HiddenActivation;
        var root = new RandomStream(trainer.Seed).Fork(LearningStreams.Pretrain);
        var encoders = new float[layers][];
        var encoderBiases = new float[layers][];
        var decoders = new float[layers][];
        float[] input = [];
        bool inputIsData = true;
        for (int l = 1; l < layers; l++)
        {
            int nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            var w = net.WeightArray(l).ToArray();
            var bias = net.BiasArray(l).ToArray();
            // The decoder starts at zero: a random decoder's reconstruction error is large enough to push most
            // ReLU codes below zero for good in the first minibatches (measured: 722 of 800 dead on MNIST).
            var v = new float[(long)nOut * nIn];
            var c = new float[nIn];
            var vw = new float[w.Length];
            var vbias = new float[nOut];
            var vv = new float[v.Length];
            var vc = new float[nIn];
            var x = new float[batchSize * nIn];
            var noisy = new float[batchSize * nIn];
            var keep = new float[batchSize * nIn];
            var z = new float[batchSize * nOut];
            var h = new float[batchSize * nOut];
            var gate = new float[batchSize * nOut];
            var dh = new float[batchSize * nOut];
            var recon = new float[batchSize * nIn];
            for (int epoch = 0; epoch < o.PretrainEpochs; epoch++)
            {
                var stream = root.Fork((ulong)l).Fork((ulong)epoch + 1);
                int[] order = stream.Fork(0).Permutation(rowCount);
                var noise = stream.Fork(1);
                double loss = 0;
                for (int batch = 0; batch < batches; batch++)
                {
                    if (cancellationToken.IsCancellationRequested) return false;
                    int start = batch * batchSize, rows = Math.Min(batchSize, rowCount - start);
                    var xs = x.AsSpan(0, rows * nIn);
                    for (int r = 0; r < rows; r++)
                    {
                        var source = inputIsData ? train.Row(order[start + r]) : input.AsSpan(order[start + r] * nIn, nIn);
                        source.CopyTo(xs.Slice(r * nIn, nIn));
                    }
                    var ks = keep.AsSpan(0, rows * nIn);
                    var ns = noisy.AsSpan(0, rows * nIn);
                    SpikeCoding.DrawKeepScales(ks, InputNoise, noise);
                    TensorPrimitives.Multiply(xs, ks, ns);
                    // Encode.
                    var zs = z.AsSpan(0, rows * nOut);
                    var hs = h.AsSpan(0, rows * nOut);
                    var gs = gate.AsSpan(0, rows * nOut);
                    Gemm.Multiply(Transpose.None, Transpose.None, rows, nOut, nIn, 1f, ns, nIn, w, nOut, 0f, zs, nOut, threads);
                    for (int r = 0; r < rows; r++) TensorPrimitives.Add(zs.Slice(r * nOut, nOut), bias, zs.Slice(r * nOut, nOut));
                    ActivationFunctions.Apply(act, zs, hs);
                    ActivationFunctions.Derivative(act, hs, gs);
                    // Decode; the residual x^ - x is the decoder's error signal.
                    var rs = recon.AsSpan(0, rows * nIn);
                    Gemm.Multiply(Transpose.None, Transpose.None, rows, nIn, nOut, 1f, hs, nOut, v, nIn, 0f, rs, nIn, threads);
                    for (int r = 0; r < rows; r++) TensorPrimitives.Add(rs.Slice(r * nIn, nIn), c, rs.Slice(r * nIn, nIn));
                    TensorPrimitives.Subtract(rs, xs, rs);
                    loss += 0.5 * TensorPrimitives.SumOfSquares(rs);
                    // dh = r V^T, through the decoder; dz = dh f'(z).
                    var dhs = dh.AsSpan(0, rows * nOut);
                    Gemm.Multiply(Transpose.None, Transpose.Transposed, rows, nOut, nIn, 1f, rs, nIn, v, nIn, 0f, dhs, nOut, threads);
                    TensorPrimitives.Multiply(dhs, gs, dhs);
                    float step = -o.PretrainLearningRate / rows;
                    Gemm.Multiply(Transpose.Transposed, Transpose.None, nOut, nIn, rows, step, hs, nOut, rs, nIn, o.Momentum, vv, nIn, threads);
                    TensorPrimitives.Add(v, vv, v);
                    BiasStep(vc, c, rs, rows, nIn, step, o.Momentum);
                    Gemm.Multiply(Transpose.Transposed, Transpose.None, nIn, nOut, rows, step, ns, nIn, dhs, nOut, o.Momentum, vw, nOut, threads);
                    TensorPrimitives.Add(w, vw, w);
                    BiasStep(vbias, bias, dhs, rows, nOut, step, o.Momentum);
                    progress?.Report(new TrainingProgress("pretrain", (l - 1) * o.PretrainEpochs + epoch, totalEpochs, batch + 1, batches, loss / Math.Min(rowCount, start + rows)));
                }
            }
            encoders[l] = w;
            encoderBiases[l] = bias;
            decoders[l] = v;
            // The next autoencoder learns from this layer's clean code of every row.
            var next = new float[(long)rowCount * nOut];
            for (int start = 0; start < rowCount; start += batchSize)
            {
                int rows = Math.Min(batchSize, rowCount - start);
                var src = inputIsData ? train.Values.Slice(start * nIn, rows * nIn) : input.AsSpan(start * nIn, rows * nIn);
                var dst = next.AsSpan(start * nOut, rows * nOut);
                Gemm.Multiply(Transpose.None, Transpose.None, rows, nOut, nIn, 1f, src, nIn, w, nOut, 0f, dst, nOut, threads);
                for (int r = 0; r < rows; r++) TensorPrimitives.Add(dst.Slice(r * nOut, nOut), bias, dst.Slice(r * nOut, nOut));
                ActivationFunctions.Apply(act, dst, dst);
            }
            input = next;
            inputIsData = false;
        }
        for (int l = 1; l < layers; l++)
        {
            encoders[l].CopyTo(net.WeightArray(l), 0);
            encoderBiases[l].CopyTo(net.BiasArray(l), 0);
        }
        if (trainer.Rule.Kind is TrainingRuleKind.AdaptiveFeedback or TrainingRuleKind.TemporalDerivative)
        {
            foreach (var b in trainer.Rule.FeedbackMatrices)
            {
                int l = b.SourceLayer;
                if (l >= 2 && l < layers && b.TargetLayer == l - 1)
                {
                    decoders[l].CopyTo(b.Values);
                    LayerFeedback.Normalise(b);
                }
            }
        }
        return true;
    }

    private static void BiasStep(float[] velocity, float[] bias, ReadOnlySpan<float> signal, int rows, int size, float step, float momentum)
    {
        TensorPrimitives.Multiply(velocity, momentum, velocity);
        for (int r = 0; r < rows; r++) TensorPrimitives.MultiplyAdd(signal.Slice(r * size, size), step, velocity, velocity);
        TensorPrimitives.Add(bias, velocity, bias);
    }
}
