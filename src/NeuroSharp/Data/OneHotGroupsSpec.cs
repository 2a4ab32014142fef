namespace NeuroSharp.Data;

/// <summary>
/// Describes planted one-hot groups (article 000's "five groups of five parameters", docs/articles.md#article-000-clusterizers): every sample has
/// exactly one 1 in each group, at a uniformly random place, and 0 elsewhere.
/// </summary>
/// <param name="GroupSizes">The size of each group (at least 2 inputs each); sizes may differ.</param>
/// <param name="ShuffleInputs">When true the columns are permuted at random, so groups are not contiguous.</param>
/// <param name="FlipProbability">Noise: each input is flipped (0 to 1, 1 to 0) with this probability, in [0, 0.5).</param>
public sealed record OneHotGroupsSpec(IReadOnlyList<int> GroupSizes, bool ShuffleInputs = false, double FlipProbability = 0)
{
    /// <summary>G groups of the same size S.</summary>
    /// <param name="groupCount">G, at least 1.</param>
    /// <param name="groupSize">S, at least 2.</param>
    /// <returns>The spec.</returns>
    public static OneHotGroupsSpec Uniform(int groupCount, int groupSize) =>
        new(Enumerable.Repeat(groupSize, Math.Max(groupCount, 0)).ToArray());

    /// <summary>The total number of inputs.</summary>
    /// <exception cref="InvalidInputException">The sizes add up to more than int.MaxValue inputs.</exception>
    public int InputCount
    {
        get
        {
            long sum = GroupSizes.Sum(s => (long)s);
            return sum <= int.MaxValue ? (int)sum : throw new InvalidInputException($"onehot: the group sizes add up to {sum} inputs, more than {int.MaxValue}.");
        }
    }

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="InvalidOptionException">No groups, a group smaller than 2, or a flip probability out of [0, 0.5).</exception>
    public void Validate()
    {
        // Named as the data spec writes them (onehot:groups=G,size=S,noise=P), the way users meet them.
        OptionChecks.AtLeast("onehot", "groups", GroupSizes.Count, 1);
        for (int g = 0; g < GroupSizes.Count; g++) OptionChecks.AtLeast("onehot", $"size of group {g}", GroupSizes[g], 2);
        OptionChecks.InRightOpen("onehot", "noise", FlipProbability, 0, 0.5);
    }
}
