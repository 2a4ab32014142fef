using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.Bits;

public static partial class BitKernels
{
    /// <summary>How two words combine before their ones are counted; a struct type argument, so the JIT inlines it per path.</summary>
    private interface IWordCombine
    {
        static abstract ulong Combine(ulong a, ulong b);

        static abstract Vector256<ulong> Combine(Vector256<ulong> a, Vector256<ulong> b);

        static abstract Vector512<ulong> Combine(Vector512<ulong> a, Vector512<ulong> b);
    }

    /// <summary>The first word alone (a plain population count; the second operand is the same span).</summary>
    private readonly struct FirstWord : IWordCombine
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Combine(ulong a, ulong b) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Combine(Vector256<ulong> a, Vector256<ulong> b) => a;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Combine(Vector512<ulong> a, Vector512<ulong> b) => a;
    }

    /// <summary>a &amp; b: the stochastic product, the overlap of two codes.</summary>
    private readonly struct AndWords : IWordCombine
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Combine(ulong a, ulong b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Combine(Vector256<ulong> a, Vector256<ulong> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Combine(Vector512<ulong> a, Vector512<ulong> b) => a & b;
    }

    /// <summary>a ^ b: the Hamming distance.</summary>
    private readonly struct XorWords : IWordCombine
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Combine(ulong a, ulong b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Combine(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Combine(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;
    }
}
