namespace NeuroSharp.Stochastic;

/// <summary>
/// k-winners-take-all: the k largest of N activations, ties at the threshold going to the lowest
/// indices, found in expected O(N) by quickselect on a scratch copy.
/// </summary>
internal static class KWinners
{
    /// <summary>Writes the k winners as bits of a packed code (every word written).</summary>
    /// <param name="activations">N activations, all finite.</param>
    /// <param name="k">The number of winners, 1..N.</param>
    /// <param name="scratch">N floats of scratch.</param>
    /// <param name="code">ceil(N / 64) words; receives exactly k ones.</param>
    public static void ToCode(ReadOnlySpan<float> activations, int k, Span<float> scratch, Span<ulong> code)
    {
        float threshold = Threshold(activations, k, scratch, out int tiesToTake);
        code.Clear();
        for (int n = 0; n < activations.Length; n++)
        {
            float v = activations[n];
            if (v > threshold || (v == threshold && tiesToTake-- > 0)) code[n >> 6] |= 1UL << (n & 63);
        }
    }

    /// <summary>Writes the k winners' indices, ascending.</summary>
    /// <param name="activations">N activations, all finite.</param>
    /// <param name="k">The number of winners, 1..N.</param>
    /// <param name="scratch">N floats of scratch.</param>
    /// <param name="winners">k indices.</param>
    public static void ToIndices(ReadOnlySpan<float> activations, int k, Span<float> scratch, Span<int> winners)
    {
        float threshold = Threshold(activations, k, scratch, out int tiesToTake);
        int w = 0;
        for (int n = 0; n < activations.Length && w < k; n++)
        {
            float v = activations[n];
            if (v > threshold || (v == threshold && tiesToTake-- > 0)) winners[w++] = n;
        }
    }

    /// <summary>The k-th largest activation t, and how many activations equal to t are winners.</summary>
    private static float Threshold(ReadOnlySpan<float> activations, int k, Span<float> scratch, out int tiesToTake)
    {
        int n = activations.Length;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in [1, {n}] (got {k}).");
        var a = scratch[..n];
        activations.CopyTo(a);
        float t = KthLargest(a, k);
        int above = 0;
        foreach (float v in activations)
        {
            if (v > t) above++;
        }
        tiesToTake = k - above;
        return t;
    }

    /// <summary>Hoare's selection in descending order; reorders <paramref name="a"/>.</summary>
    internal static float KthLargest(Span<float> a, int k)
    {
        int lo = 0, hi = a.Length - 1, target = k - 1;
        while (lo < hi)
        {
            float x = a[lo], y = a[(lo + hi) >>> 1], z = a[hi];
            float pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z)); // median of three
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] >= pivot, a[i..hi] <= pivot, and everything strictly between equals pivot.
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[lo];
    }
}
