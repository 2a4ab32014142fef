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

    /// <summary>
    /// <see cref="SumSquaredDiffRows"/> for several examples at once, bit for bit: result[b K + k] is the
    /// distance of example b to row k. Each block of four rows is read once for four examples, so the
    /// rows are fetched from the cache a quarter as often as by one call per example.
    /// </summary>
    /// <param name="rows">K rows of D values, row-major.</param>
    /// <param name="xs">B examples of D values, row-major.</param>
    /// <param name="width">D.</param>
    /// <param name="result">Receives B x K distances.</param>
    public static void SumSquaredDiffRowsBlock(ReadOnlySpan<float> rows, ReadOnlySpan<float> xs, int width, Span<float> result) =>
        RowsBlock<SquaredDiff>(rows, xs, width, result);

    /// <summary><see cref="SumAbsDiffRows"/> for several examples at once, bit for bit (see <see cref="SumSquaredDiffRowsBlock"/>).</summary>
    /// <param name="rows">K rows of D values, row-major.</param>
    /// <param name="xs">B examples of D values, row-major.</param>
    /// <param name="width">D.</param>
    /// <param name="result">Receives B x K distances.</param>
    public static void SumAbsDiffRowsBlock(ReadOnlySpan<float> rows, ReadOnlySpan<float> xs, int width, Span<float> result) =>
        RowsBlock<AbsDiff>(rows, xs, width, result);

    /// <summary>
    /// Element <paramref name="row"/> of what <see cref="SumSquaredDiffRows"/> gives for K = rows.Length / x.Length
    /// rows, bit for bit, computing that row only (after one row moved, its distances are refreshed).
    /// </summary>
    /// <param name="rows">K rows of <c>x.Length</c> values, row-major.</param>
    /// <param name="x">The vector.</param>
    /// <param name="row">The row k.</param>
    /// <returns>sum_j (rows_kj - x_j)^2, summed in the order the K-row kernel uses for row k.</returns>
    public static float SumSquaredDiffRowAt(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, int row) => RowAt<SquaredDiff>(rows, x, row);

    /// <summary>Element <paramref name="row"/> of what <see cref="SumAbsDiffRows"/> gives, bit for bit (see <see cref="SumSquaredDiffRowAt"/>).</summary>
    /// <param name="rows">K rows of <c>x.Length</c> values, row-major.</param>
    /// <param name="x">The vector.</param>
    /// <param name="row">The row k.</param>
    /// <returns>sum_j |rows_kj - x_j|, summed in the order the K-row kernel uses for row k.</returns>
    public static float SumAbsDiffRowAt(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, int row) => RowAt<AbsDiff>(rows, x, row);

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
            Finish4<TTerm>(ref r0, ref rx, d, vectorEnd, s0, s1, s2, s3, result.Slice(k, 4));
        }
        for (; k < count; k++) result[k] = RemainderRow512<TTerm>(ref Unsafe.Add(ref rr, k * d), ref rx, d);
    }

    // A row after the last four-row block: two accumulators over the columns, then the scalar tail.
    private static float RemainderRow512<TTerm>(ref float r0, ref float rx, int d)
        where TTerm : struct, IDistanceTerm
    {
        int w = Vector512<float>.Count, vectorEnd = d - d % w;
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
        return t;
    }

    private static void RowsBlock<TTerm>(ReadOnlySpan<float> rows, ReadOnlySpan<float> xs, int width, Span<float> result)
        where TTerm : struct, IDistanceTerm
    {
        if (width < 1 || xs.Length % width != 0) throw new ArgumentException($"{xs.Length} example values are not rows of {width}.");
        int samples = xs.Length / width;
        if (samples == 0 || result.Length % samples != 0) throw new ArgumentException($"{result.Length} results are not {samples} rows of distances.");
        int count = result.Length / samples;
        CheckRows(rows.Length, width, count);
        if (!Vector512.IsHardwareAccelerated || width < Vector512<float>.Count)
        {
            // The K-row kernel falls back to one distance call per row here; so does its block twin.
            for (int b = 0; b < samples; b++)
            {
                var x = xs.Slice(b * width, width);
                var r = result.Slice(b * count, count);
                if (typeof(TTerm) == typeof(SquaredDiff)) SumSquaredDiffRows(rows, x, r);
                else SumAbsDiffRows(rows, x, r);
            }
            return;
        }
        int b4 = 0;
        for (; b4 <= samples - 4; b4 += 4) RowsKernel512x4<TTerm>(rows, xs, width, count, b4, result);
        for (; b4 < samples; b4++) RowsKernel512<TTerm>(rows, xs.Slice(b4 * width, width), result.Slice(b4 * count, count));
    }

    // Four rows x four examples: sixteen accumulators, each summed in exactly the order of RowsKernel512's
    // four-row loop for its (row, example), so the block equals four calls bit for bit. The remainder
    // rows (K mod 4) go through RowsKernel512's own two-accumulator loop, one example at a time.
    private static void RowsKernel512x4<TTerm>(ReadOnlySpan<float> rows, ReadOnlySpan<float> xs, int d, int count, int b, Span<float> result)
        where TTerm : struct, IDistanceTerm
    {
        ref float rr = ref MemoryMarshal.GetReference(rows);
        ref float x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(xs), b * d);
        ref float x1 = ref Unsafe.Add(ref x0, d);
        ref float x2 = ref Unsafe.Add(ref x1, d);
        ref float x3 = ref Unsafe.Add(ref x2, d);
        int w = Vector512<float>.Count, vectorEnd = d - d % w, k = 0;
        for (; k <= count - 4; k += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rr, k * d);
            ref float r1 = ref Unsafe.Add(ref r0, d);
            ref float r2 = ref Unsafe.Add(ref r1, d);
            ref float r3 = ref Unsafe.Add(ref r2, d);
            Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default;
            Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default;
            Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default;
            Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default;
            for (int j = 0; j < vectorEnd; j += w)
            {
                var v0 = Vector512.LoadUnsafe(ref r0, (nuint)j);
                var v1 = Vector512.LoadUnsafe(ref r1, (nuint)j);
                var v2 = Vector512.LoadUnsafe(ref r2, (nuint)j);
                var v3 = Vector512.LoadUnsafe(ref r3, (nuint)j);
                var xv = Vector512.LoadUnsafe(ref x0, (nuint)j);
                s00 = TTerm.Accumulate(s00, v0, xv); s01 = TTerm.Accumulate(s01, v1, xv); s02 = TTerm.Accumulate(s02, v2, xv); s03 = TTerm.Accumulate(s03, v3, xv);
                xv = Vector512.LoadUnsafe(ref x1, (nuint)j);
                s10 = TTerm.Accumulate(s10, v0, xv); s11 = TTerm.Accumulate(s11, v1, xv); s12 = TTerm.Accumulate(s12, v2, xv); s13 = TTerm.Accumulate(s13, v3, xv);
                xv = Vector512.LoadUnsafe(ref x2, (nuint)j);
                s20 = TTerm.Accumulate(s20, v0, xv); s21 = TTerm.Accumulate(s21, v1, xv); s22 = TTerm.Accumulate(s22, v2, xv); s23 = TTerm.Accumulate(s23, v3, xv);
                xv = Vector512.LoadUnsafe(ref x3, (nuint)j);
                s30 = TTerm.Accumulate(s30, v0, xv); s31 = TTerm.Accumulate(s31, v1, xv); s32 = TTerm.Accumulate(s32, v2, xv); s33 = TTerm.Accumulate(s33, v3, xv);
            }
            Finish4<TTerm>(ref r0, ref x0, d, vectorEnd, s00, s01, s02, s03, result.Slice(b * count + k, 4));
            Finish4<TTerm>(ref r0, ref x1, d, vectorEnd, s10, s11, s12, s13, result.Slice((b + 1) * count + k, 4));
            Finish4<TTerm>(ref r0, ref x2, d, vectorEnd, s20, s21, s22, s23, result.Slice((b + 2) * count + k, 4));
            Finish4<TTerm>(ref r0, ref x3, d, vectorEnd, s30, s31, s32, s33, result.Slice((b + 3) * count + k, 4));
        }
        for (int e = 0; e < 4 && k < count; e++)
        {
            for (int kk = k; kk < count; kk++)
                result[(b + e) * count + kk] = RowAt<TTerm>(rows, xs.Slice((b + e) * d, d), kk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4<TTerm>(ref float r0, ref float rx, int d, int vectorEnd,
        Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3, Span<float> result)
        where TTerm : struct, IDistanceTerm
    {
        ref float r1 = ref Unsafe.Add(ref r0, d);
        ref float r2 = ref Unsafe.Add(ref r1, d);
        ref float r3 = ref Unsafe.Add(ref r2, d);
        float t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
        for (int j = vectorEnd; j < d; j++)
        {
            float xj = Unsafe.Add(ref rx, j);
            t0 = TTerm.Accumulate(t0, Unsafe.Add(ref r0, j), xj);
            t1 = TTerm.Accumulate(t1, Unsafe.Add(ref r1, j), xj);
            t2 = TTerm.Accumulate(t2, Unsafe.Add(ref r2, j), xj);
            t3 = TTerm.Accumulate(t3, Unsafe.Add(ref r3, j), xj);
        }
        result[0] = t0;
        result[1] = t1;
        result[2] = t2;
        result[3] = t3;
    }

    // One row of RowsKernel512 (or of its fallback), in the order that kernel sums that row.
    private static float RowAt<TTerm>(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, int k)
        where TTerm : struct, IDistanceTerm
    {
        int d = x.Length;
        if (d == 0 || rows.Length % d != 0) throw new ArgumentException($"{rows.Length} matrix values are not rows of {d}.");
        int count = rows.Length / d;
        if ((uint)k >= (uint)count) throw new ArgumentOutOfRangeException(nameof(k), $"Row {k} is not one of the {count} rows.");
        var row = rows.Slice(k * d, d);
        if (!Vector512.IsHardwareAccelerated || d < Vector512<float>.Count)
            return typeof(TTerm) == typeof(SquaredDiff) ? SumSquaredDiff(row, x) : SumAbsDiff(row, x);
        ref float r0 = ref MemoryMarshal.GetReference(row);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int w = Vector512<float>.Count, vectorEnd = d - d % w;
        if (k < count - count % 4)
        {
            // A row of a four-row block: one accumulator over the columns, then the scalar tail.
            Vector512<float> s = default;
            for (int j = 0; j < vectorEnd; j += w) s = TTerm.Accumulate(s, Vector512.LoadUnsafe(ref r0, (nuint)j), Vector512.LoadUnsafe(ref rx, (nuint)j));
            float t = Vector512.Sum(s);
            for (int j = vectorEnd; j < d; j++) t = TTerm.Accumulate(t, Unsafe.Add(ref r0, j), Unsafe.Add(ref rx, j));
            return t;
        }
        return RemainderRow512<TTerm>(ref r0, ref rx, d); // a remainder row, as RowsKernel512's last loop
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
