using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Clustering;

/// <summary>Adam's per-weight steps for the dense delta rule.</summary>
public sealed partial class TeacherReadout
{
    /// <summary>
    /// Adam's running moments of the delta rule's update u = mean over the batch of (t - y) x^T, minus lambda W:
    /// m = b1 m + (1 - b1) u, v = b2 v + (1 - b2) u^2, W += alpha_t m / (sqrt(v) + eps_t), with the bias
    /// corrections folded into alpha_t = alpha sqrt(1 - b2^t) / (1 - b1^t) and eps_t = eps sqrt(1 - b2^t).
    /// </summary>
    private sealed class AdamState(int weights, int classes)
    {
        private const float Beta1 = 0.9f;
        private const float Beta2 = 0.999f;
        private const float Epsilon = 1e-8f;

        private readonly float[] _update = new float[weights];
        private readonly float[] _m = new float[weights];
        private readonly float[] _v = new float[weights];
        private readonly float[] _scratch = new float[weights];
        private readonly float[] _biasUpdate = new float[classes];
        private readonly float[] _biasM = new float[classes];
        private readonly float[] _biasV = new float[classes];
        private readonly float[] _biasScratch = new float[classes];
        private int _t;

        /// <summary>One step from a batch: <paramref name="errors"/> holds (t - y) / rows for each of its rows.</summary>
        public void Step(TeacherReadout r, float[] x, float[] errors, int rows, float alpha, float weightDecay, int maxThreads)
        {
            int f = r.FeatureCount, l = r.ClassCount;
            // The local update: inputs times errors, one GEMM for the batch (fixed-order sums: thread-count invariant).
            Gemm.Multiply(Transpose.Transposed, Transpose.None, f, l, rows, 1f, x, f, errors, l, 0f, _update, l, maxThreads);
            if (weightDecay > 0) TensorPrimitives.MultiplyAdd(r._table, -weightDecay, _update, _update);
            _biasUpdate.AsSpan().Clear();
            for (int i = 0; i < rows; i++) TensorPrimitives.Add(_biasUpdate, errors.AsSpan(i * l, l), _biasUpdate);
            _t++;
            double correction2 = Math.Sqrt(1 - Math.Pow(Beta2, _t));
            float alphaT = (float)(alpha * correction2 / (1 - Math.Pow(Beta1, _t)));
            float epsilonT = (float)(Epsilon * correction2);
            Move(r._table, _update, _m, _v, _scratch, alphaT, epsilonT);
            Move(r._bias!, _biasUpdate, _biasM, _biasV, _biasScratch, alphaT, epsilonT);
        }

        private static void Move(Span<float> w, ReadOnlySpan<float> u, Span<float> m, Span<float> v, Span<float> scratch, float alpha, float epsilon)
        {
            TensorPrimitives.Multiply(m, Beta1, m);
            TensorPrimitives.MultiplyAdd(u, 1 - Beta1, m, m);
            TensorPrimitives.Multiply(u, u, scratch);
            TensorPrimitives.Multiply(v, Beta2, v);
            TensorPrimitives.MultiplyAdd(scratch, 1 - Beta2, v, v);
            TensorPrimitives.Sqrt(v, scratch);
            TensorPrimitives.Add(scratch, epsilon, scratch);
            TensorPrimitives.Divide(m, scratch, scratch);
            TensorPrimitives.MultiplyAdd(scratch, alpha, w, w);
        }
    }
}
