namespace NeuroSharp.Numerics.Bits;

/// <summary>The instruction set that <see cref="BitKernels"/> counts ones with on this machine.</summary>
public enum BitKernelPath
{
    /// <summary>One 64-bit word at a time with POPCNT (<see cref="ScalarBitKernels"/>).</summary>
    Scalar,

    /// <summary>256-bit vectors: nibble lookup with VPSHUFB, byte sums with VPSADBW (Mula, Kurz and Lemire 2018).</summary>
    Avx2,

    /// <summary>512-bit vectors: the same nibble lookup on AVX-512BW.</summary>
    Avx512BW,
}
