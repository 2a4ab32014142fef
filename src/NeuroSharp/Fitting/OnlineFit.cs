using System.Diagnostics;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Fitting;

/// <summary>
/// The presentation loop shared by the online clusterers: visit rows (in a fresh random order per pass
/// when asked), present each, report progress and record the learning curve.
/// </summary>
/// <remarks>
/// The order depends only on the model's order stream and its global example count: example number g
/// is row perm_p[g mod N] of pass p = g div N, with perm_p drawn from the order stream forked by p. So
/// Fit(a) then Fit(b) presents exactly what Fit(a + b) does, and a run resumed from a checkpoint at any
/// example continues the same sequence.
/// </remarks>
internal static class OnlineFit
{
    /// <summary>Presents <c>options.TotalFor(rows)</c> examples.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="options">How many and in which order.</param>
    /// <param name="orderRoot">The model's order stream (only its key is used).</param>
    /// <param name="alreadySeen">Examples the model saw before this call.</param>
    /// <param name="present">Presents one row index.</param>
    /// <param name="learnState">Computes the learn state for reports.</param>
    /// <param name="progress">Receives a report every <c>ReportEvery</c> examples, or null.</param>
    /// <param name="cancellationToken">Stops between examples; the model keeps what it learned so far.</param>
    /// <returns>Samples presented, seconds, and the curve.</returns>
    public static FitResult Run(Dataset data, FitOptions options, RandomStream orderRoot, long alreadySeen, Action<int> present,
        Func<float> learnState, IProgress<FitProgress>? progress, CancellationToken cancellationToken) =>
        RunBlocks(data, options, orderRoot, alreadySeen, 1, block => present(block[0]), learnState, progress, cancellationToken);

    /// <summary>
    /// Presents the same examples in the same order as <see cref="Run"/>, handing them over in blocks of
    /// consecutive examples: a block never crosses a pass, a report or the end, so reports, the curve and
    /// cancellation fall exactly where they do one example at a time.
    /// </summary>
    /// <param name="data">The rows.</param>
    /// <param name="options">How many and in which order.</param>
    /// <param name="orderRoot">The model's order stream (only its key is used).</param>
    /// <param name="alreadySeen">Examples the model saw before this call.</param>
    /// <param name="blockSize">The most examples per block; at least 1.</param>
    /// <param name="presentBlock">Presents the row indices of one block, in order.</param>
    /// <param name="learnState">Computes the learn state for reports.</param>
    /// <param name="progress">Receives a report every <c>ReportEvery</c> examples, or null.</param>
    /// <param name="cancellationToken">Stops between blocks at a report; the model keeps what it learned so far.</param>
    /// <returns>Samples presented, seconds, and the curve.</returns>
    public static FitResult RunBlocks(Dataset data, FitOptions options, RandomStream orderRoot, long alreadySeen, int blockSize,
        PresentBlock presentBlock, Func<float> learnState, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        int rows = data.RowCount;
        if (rows == 0) throw new InvalidInputException($"{data.Name}: no rows to learn from.");
        long total = options.TotalFor(rows);
        var order = new int[rows];
        long currentPass = -1;
        var curve = new List<(long, float)>();
        var clock = Stopwatch.StartNew();
        long seen = 0;
        while (seen < total)
        {
            long global = alreadySeen + seen;
            long pass = global / rows;
            if (pass != currentPass)
            {
                for (int i = 0; i < rows; i++) order[i] = i;
                if (options.Shuffle) orderRoot.Fork((ulong)pass).Shuffle(order.AsSpan());
                currentPass = pass;
            }
            int start = (int)(global % rows);
            long toReport = options.ReportEvery - seen % options.ReportEvery;
            int count = (int)Math.Min(Math.Min(blockSize, rows - start), Math.Min(total - seen, toReport));
            presentBlock(order.AsSpan(start, count));
            seen += count;
            if (seen % options.ReportEvery == 0 || seen == total)
            {
                float state = learnState();
                curve.Add((alreadySeen + seen, state));
                progress?.Report(new FitProgress(seen, total, state));
                if (cancellationToken.IsCancellationRequested) break;
            }
        }
        return new FitResult(seen, clock.Elapsed.TotalSeconds, curve);
    }

    /// <summary>Presents consecutive examples, given by their row indices.</summary>
    /// <param name="rowIndices">The rows, in presentation order.</param>
    public delegate void PresentBlock(ReadOnlySpan<int> rowIndices);
}
