namespace NeuroSharp.Data;

/// <summary>A dataset named by a data spec, with the planted partition of its inputs when it has one.</summary>
/// <param name="Dataset">The samples.</param>
/// <param name="InputGroups">For generated data with planted structure, each input's group; otherwise null.</param>
public sealed record LoadedData(Dataset Dataset, int[]? InputGroups);
