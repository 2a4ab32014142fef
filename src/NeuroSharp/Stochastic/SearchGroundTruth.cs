namespace NeuroSharp.Stochastic;

/// <summary>The true nearest neighbours of a set of queries, by Euclidean distance in input space.</summary>
/// <param name="Queries">The query rows.</param>
/// <param name="NeighbourCount">The neighbours per query (the paper's 2 % of the rows).</param>
/// <param name="Neighbours">Per query, its nearest rows (the query itself and exact duplicates excluded).</param>
/// <param name="Excluded">Per query, the rows left out of every ranking: itself and its exact duplicates.</param>
public sealed record SearchGroundTruth(int[] Queries, int NeighbourCount, int[][] Neighbours, int[][] Excluded);
