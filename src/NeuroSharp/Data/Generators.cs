using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Data;

/// <summary>Synthetic datasets with known structure: planted one-hot groups, two digits side by side, uniform points.</summary>
public static class Generators
{
    /// <summary>Samples of planted one-hot groups; the planted partition comes back with them.</summary>
    /// <param name="spec">The groups, shuffling and noise.</param>
    /// <param name="sampleCount">How many samples.</param>
    /// <param name="rng">The stream to draw from (the column permutation first, then the samples).</param>
    /// <returns>The samples and, for each input, its group.</returns>
    public static PlantedDataset OneHotGroups(OneHotGroupsSpec spec, int sampleCount, RandomStream rng)
    {
        spec.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        long inputs = spec.GroupSizes.Sum(s => (long)s);
        RequireOneArray("onehot", sampleCount, inputs);
        int d = (int)inputs;
        // position[g][i] = the column of the i-th input of group g after the optional shuffle.
        int[] column = spec.ShuffleInputs ? rng.Permutation(d) : Enumerable.Range(0, d).ToArray();
        var groupOf = new int[d];
        var starts = new int[spec.GroupSizes.Count];
        for (int g = 0, s = 0; g < spec.GroupSizes.Count; s += spec.GroupSizes[g], g++)
        {
            starts[g] = s;
            for (int i = 0; i < spec.GroupSizes[g]; i++) groupOf[column[s + i]] = g;
        }
        var values = new float[(long)sampleCount * d];
        for (int n = 0; n < sampleCount; n++)
        {
            var row = values.AsSpan(n * d, d);
            for (int g = 0; g < starts.Length; g++) row[column[starts[g] + rng.NextInt(spec.GroupSizes[g])]] = 1f;
            if (spec.FlipProbability > 0)
            {
                for (int j = 0; j < d; j++)
                {
                    if (rng.NextBernoulli(spec.FlipProbability)) row[j] = 1f - row[j];
                }
            }
        }
        string name = $"onehot:groups={spec.GroupSizes.Count},sizes={string.Join('+', spec.GroupSizes)}";
        return new PlantedDataset(new Dataset(name, values, sampleCount, d), groupOf);
    }

    /// <summary>Two random images of a source set placed side by side (article 000's "double numbers", docs/articles.md#article-000-clusterizers).</summary>
    /// <param name="digits">Source images with an image shape (e.g. MNIST 28 x 28).</param>
    /// <param name="sampleCount">How many pairs.</param>
    /// <param name="rng">The stream that picks the pairs.</param>
    /// <returns>Images of height H and width 2W, labels 10 x left + right (when the source has labels),
    /// and the planted partition: 0 for the left half's pixels, 1 for the right half's.</returns>
    public static PlantedDataset SideBySide(Dataset digits, int sampleCount, RandomStream rng)
    {
        if (digits.ImageShape is not { } shape)
            throw new InvalidInputException($"{digits.Name}: side-by-side pairs need image data with a known shape.");
        if (digits.RowCount < 1) throw new InvalidInputException($"{digits.Name}: no images to pair.");
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        int h = shape.Height, w = shape.Width, w2 = 2 * w;
        RequireOneArray($"side-by-side:{digits.Name}", sampleCount, (long)h * w2);
        var values = new float[(long)sampleCount * h * w2];
        int[]? labels = digits.HasLabels ? new int[sampleCount] : null;
        for (int n = 0; n < sampleCount; n++)
        {
            int left = rng.NextInt(digits.RowCount), right = rng.NextInt(digits.RowCount);
            var a = digits.Row(left);
            var b = digits.Row(right);
            var dst = values.AsSpan(n * h * w2, h * w2);
            for (int r = 0; r < h; r++)
            {
                a.Slice(r * w, w).CopyTo(dst.Slice(r * w2, w));
                b.Slice(r * w, w).CopyTo(dst.Slice(r * w2 + w, w));
            }
            if (labels is not null) labels[n] = 10 * digits.Labels[left] + digits.Labels[right];
        }
        var groups = new int[h * w2];
        for (int r = 0; r < h; r++)
        {
            for (int c = w; c < w2; c++) groups[r * w2 + c] = 1;
        }
        return new PlantedDataset(new Dataset($"side-by-side:{digits.Name}", values, sampleCount, h * w2, labels, new ImageShape(h, w2)), groups);
    }

    /// <summary>Refuses a data set of more values than one array holds (the caller estimates memory with <see cref="MemoryBudget"/>).</summary>
    private static void RequireOneArray(string name, long rows, long columns)
    {
        if (columns > Array.MaxLength || MemoryBudget.Times(rows, columns) > Array.MaxLength)
            throw new InvalidInputException($"{name}: {rows} rows x {columns} columns is more values than one array holds ({Array.MaxLength}); ask for fewer rows or columns.");
    }

    /// <summary>Points drawn uniformly from the unit cube [0, 1]^dims.</summary>
    /// <param name="dimensionCount">The number of coordinates, at least 1.</param>
    /// <param name="sampleCount">How many points.</param>
    /// <param name="rng">The stream to draw from.</param>
    /// <returns>The points.</returns>
    public static Dataset UniformPoints(int dimensionCount, int sampleCount, RandomStream rng)
    {
        OptionChecks.AtLeast("uniform", "dims", dimensionCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        RequireOneArray($"uniform:dims={dimensionCount}", sampleCount, dimensionCount);
        var values = new float[(long)sampleCount * dimensionCount];
        rng.FillUniform(values);
        return new Dataset($"uniform:dims={dimensionCount}", values, sampleCount, dimensionCount);
    }
}
