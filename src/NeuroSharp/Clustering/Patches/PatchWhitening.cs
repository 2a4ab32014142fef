using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// ZCA whitening of a layer's patches (docs/local-receptive-fields.md, "Whitened patches"), as Coates and Ng
/// whiten before k-means: x' = W (x - m) with m the sampled patches' mean and W = U diag(1 / sqrt(lambda + epsilon)) U^T
/// from the eigenvectors U and eigenvalues lambda of their covariance. Neighbouring pixels are strongly correlated, so
/// without it k-means spends its prototypes on blurred blobs; whitened, the prototypes become strokes and edges.
/// </summary>
public sealed class PatchWhitening
{
    /// <summary>Builds a whitening from its parts (learned or restored).</summary>
    /// <param name="mean">m, D values.</param>
    /// <param name="matrix">W, D x D, row-major, symmetric.</param>
    /// <param name="epsilon">The epsilon it was fitted with (recorded).</param>
    /// <exception cref="ArgumentException">The sizes disagree.</exception>
    public PatchWhitening(float[] mean, float[] matrix, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != mean.Length * mean.Length) throw new ArgumentException($"W has {matrix.Length} values; D = {mean.Length} needs {mean.Length * mean.Length}.", nameof(matrix));
        Mean = mean;
        Matrix = matrix;
        Epsilon = epsilon;
    }

    /// <summary>m, the mean patch.</summary>
    public float[] Mean { get; }

    /// <summary>W, D x D, row-major.</summary>
    public float[] Matrix { get; }

    /// <summary>epsilon, added to every eigenvalue.</summary>
    public float Epsilon { get; }

    /// <summary>D, the values of one patch.</summary>
    public int Length => Mean.Length;

    /// <summary>Fits m and W to sampled patches (covariance summed in a fixed order in double precision, then Jacobi rotations).</summary>
    /// <param name="patches">n x D values, row-major.</param>
    /// <param name="count">n, at least 2.</param>
    /// <param name="length">D.</param>
    /// <param name="epsilon">epsilon &gt; 0: eigenvalues below it are damped, not blown up.</param>
    /// <returns>The whitening.</returns>
    public static PatchWhitening Fit(ReadOnlySpan<float> patches, int count, int length, float epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        int d = length;
        var mean = new double[d];
        for (int i = 0; i < count; i++)
        {
            var row = patches.Slice(i * d, d);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= count;
        var cov = new double[d * d];
        var centred = new double[d];
        for (int i = 0; i < count; i++)
        {
            var row = patches.Slice(i * d, d);
            for (int j = 0; j < d; j++) centred[j] = row[j] - mean[j];
            for (int a = 0; a < d; a++)
            {
                double ca = centred[a];
                if (ca == 0) continue;
                int o = a * d;
                for (int b = a; b < d; b++) cov[o + b] += ca * centred[b];
            }
        }
        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++)
            {
                cov[a * d + b] /= count - 1;
                cov[b * d + a] = cov[a * d + b];
            }
        }
        var (vectors, values) = SymmetricEigen.Decompose(cov, d);
        var w = new float[d * d];
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                double s = 0;
                for (int e = 0; e < d; e++) s += vectors[a * d + e] * vectors[b * d + e] / Math.Sqrt(Math.Max(values[e], 0) + epsilon);
                w[a * d + b] = (float)s;
            }
        }
        return new PatchWhitening([.. mean.Select(v => (float)v)], w, epsilon);
    }

    /// <summary>Whitens rows in place: x &lt;- W (x - m), one GEMM.</summary>
    /// <param name="patches">count x D values.</param>
    /// <param name="count">Rows.</param>
    /// <param name="scratch">At least count x D values, overwritten.</param>
    public void Apply(Span<float> patches, int count, Span<float> scratch)
    {
        int d = Length;
        var rows = patches[..(count * d)];
        for (int i = 0; i < count; i++) System.Numerics.Tensors.TensorPrimitives.Subtract(rows.Slice(i * d, d), Mean, rows.Slice(i * d, d));
        var centred = scratch[..(count * d)];
        rows.CopyTo(centred);
        // W is symmetric, so (W (x - m))^T = (x - m)^T W: rows times W.
        Gemm.Multiply(Transpose.None, Transpose.None, count, d, d, 1f, centred, d, Matrix, d, 0f, rows, d, 1);
    }
}
