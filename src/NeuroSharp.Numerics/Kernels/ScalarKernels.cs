namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// The scalar twins of <see cref="Kernels"/>: plain loops that define what each kernel computes.
/// Tests compare every vector path against these on awkward lengths; nothing hot should call them.
/// </summary>
public static class ScalarKernels
{
    /// <summary>Sum over j of |a_j - b_j|.</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The L1 distance.</returns>
    public static float SumAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Kernels.CheckSameLength(a.Length, b.Length);
        float sum = 0f;
        for (int j = 0; j < a.Length; j++) sum += MathF.Abs(a[j] - b[j]);
        return sum;
    }

    /// <summary>Sum over j of (a_j - b_j)^2.</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The squared Euclidean distance.</returns>
    public static float SumSquaredDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Kernels.CheckSameLength(a.Length, b.Length);
        float sum = 0f;
        for (int j = 0; j < a.Length; j++)
        {
            float d = a[j] - b[j];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>result_k = sum_j |rows_kj - x_j| for every row k.</summary>
    /// <param name="rows">K rows of <c>x.Length</c> values.</param>
    /// <param name="x">The vector.</param>
    /// <param name="result">Receives K distances.</param>
    public static void SumAbsDiffRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
    {
        for (int k = 0; k < result.Length; k++) result[k] = SumAbsDiff(rows.Slice(k * x.Length, x.Length), x);
    }

    /// <summary>result_k = sum_j (rows_kj - x_j)^2 for every row k.</summary>
    /// <param name="rows">K rows of <c>x.Length</c> values.</param>
    /// <param name="x">The vector.</param>
    /// <param name="result">Receives K distances.</param>
    public static void SumSquaredDiffRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
    {
        for (int k = 0; k < result.Length; k++) result[k] = SumSquaredDiff(rows.Slice(k * x.Length, x.Length), x);
    }

    /// <summary>The index of the smallest value; ties go to the lowest index.</summary>
    /// <param name="values">At least one value, none NaN.</param>
    /// <returns>The index of the first minimum.</returns>
    public static int ArgMin(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("ArgMin needs at least one value.", nameof(values));
        int best = 0;
        float bestValue = values[0];
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] < bestValue)
            {
                bestValue = values[k];
                best = k;
            }
        }
        return best;
    }

    /// <summary>c_j += rate * (x_j - c_j): the winner's dendrites move towards the example.</summary>
    /// <param name="centre">The centre, updated in place.</param>
    /// <param name="x">The example, same length.</param>
    /// <param name="rate">The learning rate eta.</param>
    public static void MoveTowards(Span<float> centre, ReadOnlySpan<float> x, float rate)
    {
        Kernels.CheckSameLength(centre.Length, x.Length);
        for (int j = 0; j < centre.Length; j++) centre[j] += rate * (x[j] - centre[j]);
    }

    /// <summary>c_j += rate * (x_j - c_j), then errorAfter_j = |x_j - c_j| with the moved centre.</summary>
    /// <param name="centre">The centre, updated in place.</param>
    /// <param name="x">The example, same length.</param>
    /// <param name="rate">The learning rate eta.</param>
    /// <param name="errorAfter">Receives the per-input error after the move, same length.</param>
    public static void MoveTowardsWithError(Span<float> centre, ReadOnlySpan<float> x, float rate, Span<float> errorAfter)
    {
        Kernels.CheckSameLength(centre.Length, x.Length);
        Kernels.CheckSameLength(centre.Length, errorAfter.Length);
        for (int j = 0; j < centre.Length; j++)
        {
            float c = centre[j] + rate * (x[j] - centre[j]);
            centre[j] = c;
            errorAfter[j] = MathF.Abs(x[j] - c);
        }
    }

    /// <summary>w_j = max(w_j - rate * e_j, floor): a mask loses weight where its clusterizer erred.</summary>
    /// <param name="mask">The mask row, updated in place.</param>
    /// <param name="error">The per-input error, same length.</param>
    /// <param name="rate">The mask learning rate lambda.</param>
    /// <param name="floor">The smallest weight kept.</param>
    public static void DecayAndFloor(Span<float> mask, ReadOnlySpan<float> error, float rate, float floor)
    {
        Kernels.CheckSameLength(mask.Length, error.Length);
        for (int j = 0; j < mask.Length; j++) mask[j] = MathF.Max(mask[j] - rate * error[j], floor);
    }
}
