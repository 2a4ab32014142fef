namespace NeuroSharp.Data;

/// <summary>A generated dataset with the partition of its inputs that was planted in it.</summary>
/// <param name="Dataset">The samples.</param>
/// <param name="InputGroups">For each input (column), the planted group it belongs to.</param>
public sealed record PlantedDataset(Dataset Dataset, int[] InputGroups)
{
    /// <summary>The number of planted groups.</summary>
    public int GroupCount => InputGroups.Length == 0 ? 0 : InputGroups.Max() + 1;
}
