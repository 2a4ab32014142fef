using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;

namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// One layer of local receptive fields (docs/local-receptive-fields.md): a competitive layer whose K
/// prototypes are shared by every patch position, as a convolution shares its kernel. A position's
/// feature is Coates and Ng's triangle code of the distances to the prototypes,
/// f_k = max(0, mean_j z_j - z_k) with z_k = |x - c_k|, pooled over Q x Q regions.
/// </summary>
/// <remarks>
/// Encoding works on batches of patches: the patches of a band of positions are copied into one
/// reusable matrix (im2col), and the cross terms x . c_k of all of them come from one GEMM
/// (|x - c|^2 = |x|^2 - 2 x . c + |c|^2); nothing is allocated per patch or per image.
/// </remarks>
public sealed class PatchLayer
{
    /// <summary>Positions encoded per GEMM: keeps the band's patches and scores in L2 for K up to a few thousand.</summary>
    internal const int BandPositions = 64;

    private readonly float[] _centreNorms;

    /// <summary>Wraps a learned (or hand-set) competitive layer as the shared prototypes of a patch layer.</summary>
    /// <param name="geometry">Where its patches lie; the clusterer must have D = <see cref="PatchGeometry.PatchLength"/> inputs and K = the spec's prototypes.</param>
    /// <param name="prototypes">The shared clusterizer.</param>
    /// <exception cref="ArgumentException">The clusterer's shape does not match the geometry.</exception>
    public PatchLayer(PatchGeometry geometry, CompetitiveLayer prototypes) : this(geometry, prototypes, null)
    {
    }

    /// <summary>Wraps a competitive layer that learned on whitened patches: every patch is whitened before its distances are taken.</summary>
    /// <param name="geometry">Where its patches lie; the clusterer must have D = <see cref="PatchGeometry.PatchLength"/> inputs and K = the spec's prototypes.</param>
    /// <param name="prototypes">The shared clusterizer, in the whitened space.</param>
    /// <param name="whitening">The patches' whitening (D values), or null for raw patches.</param>
    /// <exception cref="ArgumentException">The clusterer's or the whitening's shape does not match the geometry.</exception>
    public PatchLayer(PatchGeometry geometry, CompetitiveLayer prototypes, PatchWhitening? whitening)
    {
        ArgumentNullException.ThrowIfNull(prototypes);
        if (prototypes.InputCount != geometry.PatchLength || prototypes.ClusterCount != geometry.Spec.ClusterCount)
            throw new ArgumentException($"The clusterer has K = {prototypes.ClusterCount}, D = {prototypes.InputCount}; the layer needs K = {geometry.Spec.ClusterCount}, D = {geometry.PatchLength}.", nameof(prototypes));
        if (whitening is not null && whitening.Length != geometry.PatchLength)
            throw new ArgumentException($"The whitening reads patches of {whitening.Length} values; the layer's have {geometry.PatchLength}.", nameof(whitening));
        Geometry = geometry;
        Prototypes = prototypes;
        Whitening = whitening;
        _centreNorms = new float[prototypes.ClusterCount];
        RefreshNorms();
    }

    /// <summary>Where its patches lie and how it pools.</summary>
    public PatchGeometry Geometry { get; }

    /// <summary>The shared prototypes: one competitive layer over patches.</summary>
    public CompetitiveLayer Prototypes { get; }

    /// <summary>The patches' whitening, or null when the prototypes see raw patches.</summary>
    public PatchWhitening? Whitening { get; }

    /// <summary>K.</summary>
    public int ClusterCount => Prototypes.ClusterCount;

    /// <summary>Values of one input map.</summary>
    public int InputLength => Geometry.Height * Geometry.Width * Geometry.Channels;

    /// <summary>Values of one pooled output map.</summary>
    public int OutputLength => Geometry.OutputLength;

    /// <summary>Recomputes the cached |c_k|^2 after the prototypes changed.</summary>
    public void RefreshNorms()
    {
        for (int k = 0; k < ClusterCount; k++) _centreNorms[k] = TensorPrimitives.SumOfSquares(Prototypes.Centre(k));
    }

    /// <summary>Scratch for <see cref="Encode"/>, one per thread.</summary>
    /// <returns>Buffers for one band of positions.</returns>
    public Scratch CreateScratch() => new(BandPositions, Geometry.PatchLength, ClusterCount);

    /// <summary>Encodes one input map into its pooled output map (PooledHeight x PooledWidth x K).</summary>
    /// <param name="map">The input map, H x W x C.</param>
    /// <param name="output">Receives the pooled map.</param>
    /// <param name="scratch">Buffers from <see cref="CreateScratch"/>.</param>
    public void Encode(ReadOnlySpan<float> map, Span<float> output, Scratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var g = Geometry;
        int k = ClusterCount, d = g.PatchLength, ow = g.OutWidth, q = g.Spec.Pool, pw = g.PooledWidth;
        bool max = g.Spec.Pooling == PatchPooling.Max;
        output = output[..OutputLength];
        output.Clear(); // features are >= 0, so 0 is the identity of both the sum and the max
        int positions = g.Positions;
        for (int start = 0; start < positions; start += BandPositions)
        {
            int count = Math.Min(BandPositions, positions - start);
            var patches = scratch.Patches.AsSpan(0, count * d);
            var scores = scratch.Scores.AsSpan(0, count * k);
            for (int i = 0; i < count; i++)
            {
                int p = start + i;
                var patch = patches.Slice(i * d, d);
                g.Extract(map, p / ow, p % ow, patch);
            }
            Whitening?.Apply(patches, count, scratch.Centred);
            for (int i = 0; i < count; i++) scratch.PatchNorms[i] = TensorPrimitives.SumOfSquares(patches.Slice(i * d, d));
            // scores = -2 X C^T: one GEMM for the band.
            Gemm.Multiply(Transpose.None, Transpose.Transposed, count, k, d, -2f, patches, d, Prototypes.Centres, d, 0f, scores, k, 1);
            for (int i = 0; i < count; i++)
            {
                var f = scores.Slice(i * k, k);
                Triangle(f, _centreNorms, scratch.PatchNorms[i]);
                int p = start + i;
                int cell = p / ow / q * pw + p % ow / q;
                var pooled = output.Slice(cell * k, k);
                if (max) TensorPrimitives.Max(pooled, f, pooled);
                else TensorPrimitives.Add(pooled, f, pooled);
            }
        }
        if (!max) Average(output, k);
    }

    /// <summary>Turns one row of -2 x . c_k into the triangle code: z_k = sqrt(max(0, |x|^2 - 2 x . c_k + |c_k|^2)), f_k = max(0, mean z - z_k).</summary>
    /// <param name="row">-2 x . c_k on entry, f_k on return.</param>
    /// <param name="centreNorms">|c_k|^2.</param>
    /// <param name="patchNorm">|x|^2.</param>
    internal static void Triangle(Span<float> row, ReadOnlySpan<float> centreNorms, float patchNorm)
    {
        TensorPrimitives.Add(row, centreNorms, row);
        TensorPrimitives.Add(row, patchNorm, row);
        TensorPrimitives.Max(row, 0f, row);
        TensorPrimitives.Sqrt(row, row);
        float mean = TensorPrimitives.Sum(row) / row.Length;
        TensorPrimitives.Subtract(mean, row, row);
        TensorPrimitives.Max(row, 0f, row);
    }

    private void Average(Span<float> output, int k)
    {
        var g = Geometry;
        int q = g.Spec.Pool;
        for (int py = 0; py < g.PooledHeight; py++)
        {
            int rows = Math.Min(q, g.OutHeight - py * q);
            for (int px = 0; px < g.PooledWidth; px++)
            {
                int cols = Math.Min(q, g.OutWidth - px * q);
                var cell = output.Slice((py * g.PooledWidth + px) * k, k);
                TensorPrimitives.Multiply(cell, 1f / (rows * cols), cell);
            }
        }
    }

    /// <summary>The reusable buffers of one encoding thread.</summary>
    public sealed class Scratch
    {
        internal Scratch(int band, int patchLength, int clusters)
        {
            Patches = new float[band * patchLength];
            Centred = new float[band * patchLength];
            Scores = new float[band * clusters];
            PatchNorms = new float[band];
        }

        internal float[] Patches { get; }

        internal float[] Scores { get; }

        internal float[] Centred { get; }

        internal float[] PatchNorms { get; }
    }
}
