namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>Whether a GEMM operand is used as stored or transposed (BLAS's 'N' and 'T').</summary>
public enum Transpose
{
    /// <summary>op(X) = X: the matrix as stored, row-major.</summary>
    None,

    /// <summary>op(X) = X^T: the stored row-major matrix read by columns.</summary>
    Transposed,
}
