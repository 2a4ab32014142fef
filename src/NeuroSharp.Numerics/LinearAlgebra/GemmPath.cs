namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>The instruction set a GEMM runs on; tests force each one to compare it with the scalar twin.</summary>
internal enum GemmPath
{
    /// <summary>The scalar twin, <see cref="ScalarGemm"/>.</summary>
    Scalar,

    /// <summary>AVX2 + FMA: 6 x 16 register tile of Vector256.</summary>
    Vector256,

    /// <summary>AVX-512F: 8 x 32 register tile of Vector512.</summary>
    Vector512,
}
