using NeuroSharp.Clustering;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Tests.Stochastic;

public class ClusterYieldTests
{
    [Fact]
    public void Measure_CountsFormedAndGoodClusters()
    {
        // Cluster 0: 20 rows, 19 of label 1 (95 %): formed and good. Cluster 1: 20 rows, 17 of label 2 (85 %): formed, not good.
        // Cluster 2: 5 rows: not formed. One row unassigned (-1).
        var assign = new List<int>();
        var labels = new List<int>();
        void Add(int cluster, int label, int count)
        {
            for (int i = 0; i < count; i++)
            {
                assign.Add(cluster);
                labels.Add(label);
            }
        }
        Add(0, 1, 19);
        Add(0, 3, 1);
        Add(1, 2, 17);
        Add(1, 4, 3);
        Add(2, 5, 5);
        Add(-1, 0, 1);
        var y = ClusterYield.Measure(assign.ToArray(), labels.ToArray(), 4);
        Assert.Equal(3, y.ClustersUsed);
        Assert.Equal(2, y.FormedClusters);
        Assert.Equal(1, y.GoodClusters);
        Assert.Equal(0.5, y.GoodShare);
        Assert.Equal(40.0 / 46, y.RowsInFormedClusters, 12);
        Assert.Equal(20.0 / 46, y.RowsInGoodClusters, 12);
        Assert.Equal((19 + 17 + 5) / 46.0, y.Purity, 12);
        Assert.Equal(36.0 / 40, y.FormedPurity, 12);
    }

    [Fact]
    public void Readout_NamesClustersByMajority_CountsUnassignedWrong()
    {
        var readout = ClusterReadout.Fit([0, 0, 0, 1, 1], [7, 7, 3, 2, 2], 3);
        Assert.Equal([7, 2, -1], readout.Labels.ToArray());
        Assert.Equal(0.5, readout.Accuracy([0, 1, 2, -1], [7, 2, 2, 2]));
    }
}
