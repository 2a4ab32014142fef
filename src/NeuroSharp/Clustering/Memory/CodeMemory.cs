namespace NeuroSharp.Clustering.Memory;

/// <summary>What <see cref="CodeMemory.Recall"/> found.</summary>
/// <param name="Meaning">The majority meaning of the best-matching memories (-1 if the memory is empty).</param>
/// <param name="Matches">How many memories matched at the smallest distance.</param>
/// <param name="Mismatches">That distance: enabled meta-clusters whose winner differs (0: an exact recall).</param>
/// <param name="First">The index of the first best-matching memory.</param>
public readonly record struct RecallResult(int Meaning, int Matches, int Mismatches, int First);

/// <summary>
/// Remembered codes (one winner per meta-cluster) with what each meant, and recall by code: the basis
/// of analogy (article 000, docs/articles.md#article-000-clusterizers: switch off the meta-cluster of colours, and a small blue runner matches the
/// small grey runner one knows to be tasty).
/// </summary>
public sealed class CodeMemory
{
    private readonly List<int> _codes = [];
    private readonly List<int> _meanings = [];

    /// <summary>Creates an empty memory of M-winner codes.</summary>
    /// <param name="metaCount">M.</param>
    public CodeMemory(int metaCount)
    {
        OptionChecks.AtLeast(nameof(CodeMemory), "MetaCount", metaCount, 1);
        MetaCount = metaCount;
    }

    /// <summary>M.</summary>
    public int MetaCount { get; }

    /// <summary>Remembered codes.</summary>
    public int Count => _meanings.Count;

    /// <summary>One remembered code.</summary>
    /// <param name="index">In [0, Count).</param>
    /// <returns>Its M winners.</returns>
    public ReadOnlySpan<int> Code(int index) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_codes).Slice(index * MetaCount, MetaCount);

    /// <summary>What a remembered code meant.</summary>
    /// <param name="index">In [0, Count).</param>
    /// <returns>Its meaning.</returns>
    public int Meaning(int index) => _meanings[index];

    /// <summary>Remembers a code and its meaning.</summary>
    /// <param name="code">M winners.</param>
    /// <param name="meaning">A label, at least 0.</param>
    public void Remember(ReadOnlySpan<int> code, int meaning)
    {
        if (code.Length != MetaCount) throw new ArgumentException($"A code has {MetaCount} winners (got {code.Length}).", nameof(code));
        ArgumentOutOfRangeException.ThrowIfNegative(meaning);
        foreach (int w in code) _codes.Add(w);
        _meanings.Add(meaning);
    }

    /// <summary>
    /// Recalls by code, looking only at the enabled meta-clusters: the memories with the fewest
    /// differing winners there, and their majority meaning. With every meta-cluster enabled this is
    /// plain recall; with some switched off it is analogy.
    /// </summary>
    /// <param name="code">The query's M winners.</param>
    /// <param name="enabled">Per meta-cluster, whether it takes part (empty: all).</param>
    /// <returns>The meaning, how many memories matched, and how well.</returns>
    public RecallResult Recall(ReadOnlySpan<int> code, ReadOnlySpan<bool> enabled = default)
    {
        if (code.Length != MetaCount) throw new ArgumentException($"A code has {MetaCount} winners (got {code.Length}).", nameof(code));
        if (Count == 0) return new RecallResult(-1, 0, MetaCount, -1);
        var codes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_codes);
        int best = int.MaxValue, first = -1;
        var votes = new Dictionary<int, int>();
        for (int i = 0; i < Count; i++)
        {
            int mismatches = 0;
            for (int m = 0; m < MetaCount; m++)
            {
                if ((enabled.IsEmpty || enabled[m]) && codes[i * MetaCount + m] != code[m]) mismatches++;
            }
            if (mismatches > best) continue;
            if (mismatches < best)
            {
                best = mismatches;
                first = i;
                votes.Clear();
            }
            votes[_meanings[i]] = votes.GetValueOrDefault(_meanings[i]) + 1;
        }
        int meaning = -1, top = 0, matches = 0;
        foreach (var (k, v) in votes.OrderBy(p => p.Key))
        {
            matches += v;
            if (v > top)
            {
                top = v;
                meaning = k;
            }
        }
        return new RecallResult(meaning, matches, best, first);
    }
}
