using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Stochastic;

/// <summary>
/// Locality-sensitive hashing by a dense Gaussian random projection: the conventional hash the fly's
/// algorithm is compared with (Dasgupta, Stevens and Navlakha 2017; Charikar 2002 for the sign bits).
/// </summary>
/// <remarks>
/// y = W x with W a k x D matrix of independent N(0, 1) entries. The k real values preserve Euclidean
/// distances in expectation (Johnson-Lindenstrauss); the k sign bits [(W (x - c))_i &gt; 0] about a centre c
/// estimate angles (SimHash), and their Hamming distance ranks neighbours.
/// </remarks>
public sealed class RandomProjectionLsh
{
    private readonly float[] _projection;

    /// <summary>Draws the projection.</summary>
    /// <param name="inputCount">D, at least 1.</param>
    /// <param name="codeLength">k, the projections, at least 1.</param>
    /// <param name="rng">The stream the k x D Gaussian entries are drawn from, row by row.</param>
    public RandomProjectionLsh(int inputCount, int codeLength, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(codeLength, 1);
        InputCount = inputCount;
        CodeLength = codeLength;
        _projection = new float[checked(inputCount * codeLength)];
        for (int i = 0; i < _projection.Length; i++) _projection[i] = (float)rng.NextGaussian();
    }

    /// <summary>D, the inputs.</summary>
    public int InputCount { get; }

    /// <summary>k, the projections (values or bits per code).</summary>
    public int CodeLength { get; }

    /// <summary>W, k x D row-major.</summary>
    public ReadOnlySpan<float> Projection => _projection;

    /// <summary>y = W x.</summary>
    /// <param name="x">D values.</param>
    /// <param name="y">Receives k values.</param>
    public void Project(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != InputCount) throw new ArgumentException($"An input needs {InputCount} values (got {x.Length}).", nameof(x));
        if (y.Length != CodeLength) throw new ArgumentException($"A projection has {CodeLength} values (got {y.Length}).", nameof(y));
        for (int i = 0; i < CodeLength; i++) y[i] = TensorPrimitives.Dot(_projection.AsSpan(i * InputCount, InputCount), x);
    }

    /// <summary>The projections of every row, in parallel over fixed blocks.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 for all cores.</param>
    /// <returns>Rows x k values, row-major.</returns>
    public float[] ProjectAll(Dataset data, int maxThreads = 0)
    {
        CheckData(data);
        var result = new float[checked(data.RowCount * CodeLength)];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            for (int r = start; r < end; r++) Project(data.Row(r), result.AsSpan(r * CodeLength, CodeLength));
        });
        return result;
    }

    /// <summary>The sign bits [(W (x - c))_i &gt; 0] of every row.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="centre">c, D values (the data mean, typically), or empty for 0.</param>
    /// <param name="maxThreads">The most threads; 0 for all cores.</param>
    /// <returns>One k-bit code per row.</returns>
    public BitMatrix SignCodes(Dataset data, ReadOnlySpan<float> centre, int maxThreads = 0)
    {
        CheckData(data);
        if (!centre.IsEmpty && centre.Length != InputCount) throw new ArgumentException($"The centre needs {InputCount} values (got {centre.Length}).", nameof(centre));
        var codes = new BitMatrix(data.RowCount, CodeLength);
        // W (x - c) = W x - W c: project the centre once.
        var offset = new float[CodeLength];
        if (!centre.IsEmpty) Project(centre, offset);
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var y = new float[CodeLength];
            for (int r = start; r < end; r++)
            {
                Project(data.Row(r), y);
                var code = codes.Row(r);
                for (int i = 0; i < CodeLength; i++)
                {
                    if (y[i] > offset[i]) code[i >> 6] |= 1UL << (i & 63);
                }
            }
        });
        return codes;
    }

    private void CheckData(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the projection has {InputCount} inputs.");
    }
}
