using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// exp(x) in single precision with the same operations in scalar and 256-bit vector form, so a
/// vector kernel and its scalar twin give identical bits (and the hot kernel inlines it instead of
/// calling a library method that starts unoptimised under tiered compilation).
/// </summary>
/// <remarks>
/// Cephes' expf: x = n ln 2 + r with n = floor(x log2 e + 1/2) and ln 2 split in two constants, then a
/// degree-5 polynomial for e^r on |r| &lt;= ln 2 / 2 and a scale by 2^n built in the exponent bits.
/// Relative error below 2.5e-7 (about 2 ulp) for x in [-87, 88]; x is clamped to that range.
/// </remarks>
public static class FloatMath
{
    private const float Low = -87.0f, High = 88.0f;
    private const float Log2E = 1.44269504088896341f, C1 = 0.693359375f, C2 = -2.12194440e-4f;
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /// <summary>e^x.</summary>
    /// <param name="x">The exponent (clamped to [-87, 88]).</param>
    /// <returns>e^x to about 2 ulp.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = MathF.Min(MathF.Max(x, Low), High);
        float n = MathF.Floor(x * Log2E + 0.5f);
        float r = x - n * C1;
        r -= n * C2;
        float z = r * r;
        float y = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        y = y * z + r + 1f;
        return y * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

    /// <summary>e^x per lane, the same operations as <see cref="Exp(float)"/>.</summary>
    /// <param name="x">The exponents (clamped to [-87, 88]).</param>
    /// <returns>e^x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High));
        var n = Vector256.Floor(x * Vector256.Create(Log2E) + Vector256.Create(0.5f));
        var r = x - n * Vector256.Create(C1);
        r -= n * Vector256.Create(C2);
        var z = r * r;
        var y = ((((Vector256.Create(P0) * r + Vector256.Create(P1)) * r + Vector256.Create(P2)) * r + Vector256.Create(P3)) * r + Vector256.Create(P4)) * r + Vector256.Create(P5);
        y = y * z + r + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return y * scale;
    }
}
