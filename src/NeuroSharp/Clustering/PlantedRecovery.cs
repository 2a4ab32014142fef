using NeuroSharp.Data;
using NeuroSharp.Fitting;
using NeuroSharp.Runs;

namespace NeuroSharp.Clustering;

/// <summary>How well a meta-clusterer found the partition planted in generated data, and when.</summary>
/// <param name="Recovered">The final partition equals the planted one up to a permutation.</param>
/// <param name="SettledAt">The example count from which the partition matched at every check to the end; null if it never settled.</param>
/// <param name="Fit">The fit itself.</param>
public sealed record RecoveryResult(bool Recovered, long? SettledAt, FitResult Fit);

/// <summary>Measures recovery of planted input groups (the acceptance criteria of docs/articles.md#article-000-clusterizers).</summary>
public static class PlantedRecovery
{
    /// <summary>Fits on planted data, checking the partition every <c>ReportEvery</c> examples.</summary>
    /// <param name="model">The meta-clusterer (its M should equal the planted group count).</param>
    /// <param name="planted">The data and its planted groups.</param>
    /// <param name="options">How many examples; <c>ReportEvery</c> sets the check interval.</param>
    /// <param name="cancellationToken">Stops between examples.</param>
    /// <returns>Whether and when the partition was recovered.</returns>
    public static RecoveryResult Fit(MetaClusterer model, PlantedDataset planted, FitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(planted);
        long? settled = null;
        var check = new ProgressCallback<FitProgress>(_ =>
        {
            // The first sample count from which the partition stayed recovered.
            if (!PartitionMetrics.MatchesUpToPermutation(model.Partition(), planted.InputGroups)) settled = null;
            else settled ??= model.SamplesSeen;
        });
        var fit = model.Fit(planted.Dataset, options, check, cancellationToken);
        bool recovered = PartitionMetrics.MatchesUpToPermutation(model.Partition(), planted.InputGroups);
        return new RecoveryResult(recovered, recovered ? settled : null, fit);
    }

    /// <summary>
    /// For side-by-side images: the inputs that count are pixels above <paramref name="litLevel"/> in at
    /// least <paramref name="minLitShare"/> of the rows (pixels almost never lit get no error signal).
    /// </summary>
    /// <param name="data">The images.</param>
    /// <param name="litLevel">The value above which a pixel is lit (0.1).</param>
    /// <param name="minLitShare">The least share of rows in which it must be lit (0.01).</param>
    /// <returns>One flag per input.</returns>
    public static bool[] OftenLitInputs(Dataset data, float litLevel = 0.1f, double minLitShare = 0.01)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = new int[data.ColumnCount];
        for (int i = 0; i < data.RowCount; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] > litLevel) counts[j]++;
            }
        }
        var result = new bool[data.ColumnCount];
        for (int j = 0; j < result.Length; j++) result[j] = counts[j] >= minLitShare * data.RowCount;
        return result;
    }
}
