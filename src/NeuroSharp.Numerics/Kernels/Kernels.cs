using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// SIMD kernels over spans for the clustering hot loop. Each public method picks the widest vector
/// path the CPU accelerates (512, then 256 bits) and falls back to its twin in
/// <see cref="ScalarKernels"/>; results agree with the twin up to float summation order.
/// </summary>
/// <remarks>
/// The distance kernels keep four independent accumulators so that the adds of consecutive vectors do
/// not wait on each other; the element tail is finished with scalar code.
/// </remarks>
public static class Kernels
{
    /// <summary>Sum over j of |a_j - b_j| (the L1 distance).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The L1 distance.</returns>
    public static float SumAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameLength(a.Length, b.Length);
        if (Vector512.IsHardwareAccelerated && a.Length >= Vector512<float>.Count) return SumAbsDiff512(a, b);
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<float>.Count) return SumAbsDiff256(a, b);
        return ScalarKernels.SumAbsDiff(a, b);
    }

    /// <summary>Sum over j of (a_j - b_j)^2 (the squared Euclidean distance).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The squared L2 distance.</returns>
    public static float SumSquaredDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameLength(a.Length, b.Length);
        if (Vector512.IsHardwareAccelerated && a.Length >= Vector512<float>.Count) return SumSquaredDiff512(a, b);
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<float>.Count) return SumSquaredDiff256(a, b);
        return ScalarKernels.SumSquaredDiff(a, b);
    }

    /// <summary>
    /// The L1 distance of <paramref name="x"/> to every row of a row-major matrix:
    /// result_k = sum_j |rows_kj - x_j|. Four rows share each load of x.
    /// </summary>
    /// <param name="rows">K rows of <c>x.Length</c> values, row-major.</param>
    /// <param name="x">The vector.</param>
    /// <param name="result">Receives K distances.</param>
    public static void SumAbsDiffRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
    {
        CheckRows(rows.Length, x.Length, result.Length);
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count) RowsKernel512<AbsDiff>(rows, x, result);
        else for (int k = 0; k < result.Length; k++) result[k] = SumAbsDiff(rows.Slice(k * x.Length, x.Length), x);
    }

    /// <summary>
    /// The squared Euclidean distance of <paramref name="x"/> to every row of a row-major matrix:
    /// result_k = sum_j (rows_kj - x_j)^2. Four rows share each load of x.
    /// </summary>
    /// <param name="rows">K rows of <c>x.Length</c> values, row-major.</param>
    /// <param name="x">The vector.</param>
    /// <param name="result">Receives K distances.</param>
    public static void SumSquaredDiffRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
    {
        CheckRows(rows.Length, x.Length, result.Length);
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count) RowsKernel512<SquaredDiff>(rows, x, result);
        else for (int k = 0; k < result.Length; k++) result[k] = SumSquaredDiff(rows.Slice(k * x.Length, x.Length), x);
    }

    /// <summary>The index of the smallest value; ties go to the lowest index (the neuron that fires first).</summary>
    /// <param name="values">At least one value, none NaN.</param>
    /// <returns>The index of the first minimum.</returns>
    /// <remarks>K is small next to the K x D distance work, so this stays scalar; it is its own twin.</remarks>
    public static int ArgMin(ReadOnlySpan<float> values) => ScalarKernels.ArgMin(values);

    /// <summary>c_j += rate * (x_j - c_j).</summary>
    /// <param name="centre">The centre, updated in place.</param>
    /// <param name="x">The example, same length.</param>
    /// <param name="rate">The learning rate eta.</param>
    public static void MoveTowards(Span<float> centre, ReadOnlySpan<float> x, float rate)
    {
        CheckSameLength(centre.Length, x.Length);
        if (Vector512.IsHardwareAccelerated && centre.Length >= Vector512<float>.Count) MoveTowards512(centre, x, rate);
        else if (Vector256.IsHardwareAccelerated && centre.Length >= Vector256<float>.Count) MoveTowards256(centre, x, rate);
        else ScalarKernels.MoveTowards(centre, x, rate);
    }

    /// <summary>c_j += rate * (x_j - c_j), then errorAfter_j = |x_j - c_j| measured with the moved centre.</summary>
    /// <param name="centre">The centre, updated in place.</param>
    /// <param name="x">The example, same length.</param>
    /// <param name="rate">The learning rate eta.</param>
    /// <param name="errorAfter">Receives the per-input error after the move, same length.</param>
    public static void MoveTowardsWithError(Span<float> centre, ReadOnlySpan<float> x, float rate, Span<float> errorAfter)
    {
        CheckSameLength(centre.Length, x.Length);
        CheckSameLength(centre.Length, errorAfter.Length);
        if (Vector512.IsHardwareAccelerated && centre.Length >= Vector512<float>.Count) MoveTowardsWithError512(centre, x, rate, errorAfter);
        else if (Vector256.IsHardwareAccelerated && centre.Length >= Vector256<float>.Count) MoveTowardsWithError256(centre, x, rate, errorAfter);
        else ScalarKernels.MoveTowardsWithError(centre, x, rate, errorAfter);
    }

    /// <summary>w_j = max(w_j - rate * e_j, floor).</summary>
    /// <param name="mask">The mask row, updated in place.</param>
    /// <param name="error">The per-input error, same length.</param>
    /// <param name="rate">The mask learning rate lambda.</param>
    /// <param name="floor">The smallest weight kept.</param>
    public static void DecayAndFloor(Span<float> mask, ReadOnlySpan<float> error, float rate, float floor)
    {
        CheckSameLength(mask.Length, error.Length);
        if (Vector512.IsHardwareAccelerated && mask.Length >= Vector512<float>.Count) DecayAndFloor512(mask, error, rate, floor);
        else if (Vector256.IsHardwareAccelerated && mask.Length >= Vector256<float>.Count) DecayAndFloor256(mask, error, rate, floor);
        else ScalarKernels.DecayAndFloor(mask, error, rate, floor);
    }

    internal static void CheckSameLength(int a, int b)
    {
        if (a != b) throw new ArgumentException($"Spans must have the same length (got {a} and {b}).");
    }

    private static void CheckRows(int rows, int width, int count)
    {
        if ((long)width * count != rows)
            throw new ArgumentException($"{rows} matrix values are not {count} rows of {width}.");
    }

    /// <summary>The per-element term of a row-distance kernel (a struct, so the JIT inlines it).</summary>
    internal interface IDistanceTerm
    {
        static abstract Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> row, Vector512<float> x);

        static abstract float Accumulate(float sum, float row, float x);
    }

    internal readonly struct AbsDiff : IDistanceTerm
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> row, Vector512<float> x) => sum + Vector512.Abs(row - x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Accumulate(float sum, float row, float x) => sum + MathF.Abs(row - x);
    }

    internal readonly struct SquaredDiff : IDistanceTerm
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> row, Vector512<float> x)
        {
            var d = row - x;
            return Vector512.FusedMultiplyAdd(d, d, sum);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Accumulate(float sum, float row, float x)
        {
            float d = row - x;
            return sum + d * d;
        }
    }

    // Four rows at a time: one load of x feeds four accumulators (one per row), which also keeps four
    // independent add chains in flight. Remaining rows use two accumulators over the columns.
    internal static void RowsKernel512<TTerm>(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
        where TTerm : struct, IDistanceTerm
    {
        ref float rr = ref MemoryMarshal.GetReference(rows);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int d = x.Length, w = Vector512<float>.Count, count = result.Length, k = 0;
        int vectorEnd = d - d % w;
        for (; k <= count - 4; k += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rr, k * d);
            ref float r1 = ref Unsafe.Add(ref r0, d);
            ref float r2 = ref Unsafe.Add(ref r1, d);
            ref float r3 = ref Unsafe.Add(ref r2, d);
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int j = 0; j < vectorEnd; j += w)
            {
                var xv = Vector512.LoadUnsafe(ref rx, (nuint)j);
                s0 = TTerm.Accumulate(s0, Vector512.LoadUnsafe(ref r0, (nuint)j), xv);
                s1 = TTerm.Accumulate(s1, Vector512.LoadUnsafe(ref r1, (nuint)j), xv);
                s2 = TTerm.Accumulate(s2, Vector512.LoadUnsafe(ref r2, (nuint)j), xv);
                s3 = TTerm.Accumulate(s3, Vector512.LoadUnsafe(ref r3, (nuint)j), xv);
            }
            float t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
            for (int j = vectorEnd; j < d; j++)
            {
                float xj = Unsafe.Add(ref rx, j);
                t0 = TTerm.Accumulate(t0, Unsafe.Add(ref r0, j), xj);
                t1 = TTerm.Accumulate(t1, Unsafe.Add(ref r1, j), xj);
                t2 = TTerm.Accumulate(t2, Unsafe.Add(ref r2, j), xj);
                t3 = TTerm.Accumulate(t3, Unsafe.Add(ref r3, j), xj);
            }
            result[k] = t0;
            result[k + 1] = t1;
            result[k + 2] = t2;
            result[k + 3] = t3;
        }
        for (; k < count; k++)
        {
            ref float r0 = ref Unsafe.Add(ref rr, k * d);
            Vector512<float> s0 = default, s1 = default;
            int j = 0;
            for (; j <= vectorEnd - 2 * w; j += 2 * w)
            {
                s0 = TTerm.Accumulate(s0, Vector512.LoadUnsafe(ref r0, (nuint)j), Vector512.LoadUnsafe(ref rx, (nuint)j));
                s1 = TTerm.Accumulate(s1, Vector512.LoadUnsafe(ref r0, (nuint)(j + w)), Vector512.LoadUnsafe(ref rx, (nuint)(j + w)));
            }
            for (; j < vectorEnd; j += w) s0 = TTerm.Accumulate(s0, Vector512.LoadUnsafe(ref r0, (nuint)j), Vector512.LoadUnsafe(ref rx, (nuint)j));
            float t = Vector512.Sum(s0 + s1);
            for (j = vectorEnd; j < d; j++) t = TTerm.Accumulate(t, Unsafe.Add(ref r0, j), Unsafe.Add(ref rx, j));
            result[k] = t;
        }
    }

    // ---- the vector paths: one loop per kernel, instantiated for Vector512 and Vector256 ----------------
    // Each XxxNNN wrapper names one width so that the twin tests can call it; the JIT compiles the generic
    // body once per vector type, so the code is the same as a hand-written copy per width.

    internal static float SumAbsDiff512(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SumAbsDiff<Vector512<float>, Simd512<float>>(a, b);

    internal static float SumAbsDiff256(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SumAbsDiff<Vector256<float>, Simd256<float>>(a, b);

    internal static float SumSquaredDiff512(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SumSquaredDiff<Vector512<float>, Simd512<float>>(a, b);

    internal static float SumSquaredDiff256(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SumSquaredDiff<Vector256<float>, Simd256<float>>(a, b);

    internal static void MoveTowards512(Span<float> centre, ReadOnlySpan<float> x, float rate) => MoveTowards<Vector512<float>, Simd512<float>>(centre, x, rate);

    internal static void MoveTowards256(Span<float> centre, ReadOnlySpan<float> x, float rate) => MoveTowards<Vector256<float>, Simd256<float>>(centre, x, rate);

    internal static void MoveTowardsWithError512(Span<float> centre, ReadOnlySpan<float> x, float rate, Span<float> errorAfter) =>
        MoveTowardsWithError<Vector512<float>, Simd512<float>>(centre, x, rate, errorAfter);

    internal static void MoveTowardsWithError256(Span<float> centre, ReadOnlySpan<float> x, float rate, Span<float> errorAfter) =>
        MoveTowardsWithError<Vector256<float>, Simd256<float>>(centre, x, rate, errorAfter);

    internal static void DecayAndFloor512(Span<float> mask, ReadOnlySpan<float> error, float rate, float floor) => DecayAndFloor<Vector512<float>, Simd512<float>>(mask, error, rate, floor);

    internal static void DecayAndFloor256(Span<float> mask, ReadOnlySpan<float> error, float rate, float floor) => DecayAndFloor<Vector256<float>, Simd256<float>>(mask, error, rate, floor);

    private static float SumAbsDiff<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        where TV : struct
        where TS : struct, ISimdWidth<TV, float>
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, w = TS.Count, i = 0;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            s0 = TS.Add(s0, TS.Abs(TS.Subtract(TS.Load(ref ra, (nuint)i), TS.Load(ref rb, (nuint)i))));
            s1 = TS.Add(s1, TS.Abs(TS.Subtract(TS.Load(ref ra, (nuint)(i + w)), TS.Load(ref rb, (nuint)(i + w)))));
            s2 = TS.Add(s2, TS.Abs(TS.Subtract(TS.Load(ref ra, (nuint)(i + 2 * w)), TS.Load(ref rb, (nuint)(i + 2 * w)))));
            s3 = TS.Add(s3, TS.Abs(TS.Subtract(TS.Load(ref ra, (nuint)(i + 3 * w)), TS.Load(ref rb, (nuint)(i + 3 * w)))));
        }
        for (; i <= n - w; i += w)
            s0 = TS.Add(s0, TS.Abs(TS.Subtract(TS.Load(ref ra, (nuint)i), TS.Load(ref rb, (nuint)i))));
        float sum = TS.Sum(TS.Add(TS.Add(s0, s1), TS.Add(s2, s3)));
        for (; i < n; i++) sum += MathF.Abs(Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i));
        return sum;
    }

    private static float SumSquaredDiff<TV, TS>(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        where TV : struct
        where TS : struct, ISimdWidth<TV, float>
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, w = TS.Count, i = 0;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            var d0 = TS.Subtract(TS.Load(ref ra, (nuint)i), TS.Load(ref rb, (nuint)i));
            var d1 = TS.Subtract(TS.Load(ref ra, (nuint)(i + w)), TS.Load(ref rb, (nuint)(i + w)));
            var d2 = TS.Subtract(TS.Load(ref ra, (nuint)(i + 2 * w)), TS.Load(ref rb, (nuint)(i + 2 * w)));
            var d3 = TS.Subtract(TS.Load(ref ra, (nuint)(i + 3 * w)), TS.Load(ref rb, (nuint)(i + 3 * w)));
            s0 = TS.FusedMultiplyAdd(d0, d0, s0);
            s1 = TS.FusedMultiplyAdd(d1, d1, s1);
            s2 = TS.FusedMultiplyAdd(d2, d2, s2);
            s3 = TS.FusedMultiplyAdd(d3, d3, s3);
        }
        for (; i <= n - w; i += w)
        {
            var d = TS.Subtract(TS.Load(ref ra, (nuint)i), TS.Load(ref rb, (nuint)i));
            s0 = TS.FusedMultiplyAdd(d, d, s0);
        }
        float sum = TS.Sum(TS.Add(TS.Add(s0, s1), TS.Add(s2, s3)));
        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
            sum += d * d;
        }
        return sum;
    }

    private static void MoveTowards<TV, TS>(Span<float> centre, ReadOnlySpan<float> x, float rate)
        where TV : struct
        where TS : struct, ISimdWidth<TV, float>
    {
        ref float rc = ref MemoryMarshal.GetReference(centre);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int n = centre.Length, w = TS.Count, i = 0;
        var vr = TS.Create(rate);
        for (; i <= n - w; i += w)
        {
            var c = TS.Load(ref rc, (nuint)i);
            TS.Store(TS.FusedMultiplyAdd(vr, TS.Subtract(TS.Load(ref rx, (nuint)i), c), c), ref rc, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref rc, i) += rate * (Unsafe.Add(ref rx, i) - Unsafe.Add(ref rc, i));
    }

    private static void MoveTowardsWithError<TV, TS>(Span<float> centre, ReadOnlySpan<float> x, float rate, Span<float> errorAfter)
        where TV : struct
        where TS : struct, ISimdWidth<TV, float>
    {
        ref float rc = ref MemoryMarshal.GetReference(centre);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float re = ref MemoryMarshal.GetReference(errorAfter);
        int n = centre.Length, w = TS.Count, i = 0;
        var vr = TS.Create(rate);
        for (; i <= n - w; i += w)
        {
            var c = TS.Load(ref rc, (nuint)i);
            var xv = TS.Load(ref rx, (nuint)i);
            var moved = TS.FusedMultiplyAdd(vr, TS.Subtract(xv, c), c);
            TS.Store(moved, ref rc, (nuint)i);
            TS.Store(TS.Abs(TS.Subtract(xv, moved)), ref re, (nuint)i);
        }
        for (; i < n; i++)
        {
            float c = Unsafe.Add(ref rc, i) + rate * (Unsafe.Add(ref rx, i) - Unsafe.Add(ref rc, i));
            Unsafe.Add(ref rc, i) = c;
            Unsafe.Add(ref re, i) = MathF.Abs(Unsafe.Add(ref rx, i) - c);
        }
    }

    private static void DecayAndFloor<TV, TS>(Span<float> mask, ReadOnlySpan<float> error, float rate, float floor)
        where TV : struct
        where TS : struct, ISimdWidth<TV, float>
    {
        ref float rw = ref MemoryMarshal.GetReference(mask);
        ref float re = ref MemoryMarshal.GetReference(error);
        int n = mask.Length, w = TS.Count, i = 0;
        var vr = TS.Create(-rate);
        var vf = TS.Create(floor);
        for (; i <= n - w; i += w)
        {
            var v = TS.FusedMultiplyAdd(vr, TS.Load(ref re, (nuint)i), TS.Load(ref rw, (nuint)i));
            TS.Store(TS.Max(v, vf), ref rw, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref rw, i) = MathF.Max(Unsafe.Add(ref rw, i) - rate * Unsafe.Add(ref re, i), floor);
    }
}
