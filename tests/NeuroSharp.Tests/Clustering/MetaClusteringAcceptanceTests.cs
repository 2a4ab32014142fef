using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Clustering;

/// <summary>
/// The acceptance criteria of docs/articles.md#article-000-clusterizers, with the reference rules and constants (lambda 0.5, eta 0.3, 2 % random winners,
/// zero centres for one-hot groups; lambda 0.2, eta 0.02, 1 % random winners for side-by-side digits).
/// Each case runs 10 seeds and must succeed in at least 9: a tolerance of one unlucky seed, as the issue
/// states. The sample counts are what the reference rules need (docs/results.md has the measured counts).
/// </summary>
[Trait("Category", Categories.Statistical)]
public class MetaClusteringAcceptanceTests
{
    private static MetaClustererOptions OneHotOptions(int m, int k) => new()
    {
        MetaCount = m, ClusterCount = k, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.02f, Init = CentreInit.Zeros,
    };

    private static (int Recovered, List<long?> Settled) RecoverOneHot(OneHotGroupsSpec spec, int k, int samples)
    {
        // Seeds are independent: run them side by side (each result depends only on its seed).
        var results = new RecoveryResult[10];
        Parallel.For(0, 10, i =>
        {
            ulong seed = (ulong)i + 1;
            var planted = Generators.OneHotGroups(spec, samples, new RandomStream(seed).Fork(DataSources.DataStreamId));
            var model = MetaClusterer.Create(planted.Dataset, OneHotOptions(spec.GroupSizes.Count, k), seed);
            results[i] = PlantedRecovery.Fit(model, planted, new FitOptions { Shuffle = false, ReportEvery = 1000 });
        });
        return (results.Count(r => r.Recovered), results.Select(r => r.SettledAt).ToList());
    }

    [Fact]
    public void OneHot5x5_RecoveredIn9Of10Seeds_Within20000Samples()
    {
        var (recovered, settled) = RecoverOneHot(OneHotGroupsSpec.Uniform(5, 5), 5, 20_000);
        Assert.True(recovered >= 9, $"recovered in {recovered} of 10 seeds; settled at {string.Join(", ", settled)}");
    }

    [Fact]
    public void OneHot10x10_RecoveredIn9Of10Seeds_Within300000Samples()
    {
        // The reference rules need on the order of 10^5 examples here (7-8 of 10 seeds by 100 000).
        var (recovered, settled) = RecoverOneHot(OneHotGroupsSpec.Uniform(10, 10), 10, 300_000);
        Assert.True(recovered >= 9, $"recovered in {recovered} of 10 seeds; settled at {string.Join(", ", settled)}");
    }

    [Theory]
    [InlineData(new[] { 3, 5, 8, 4 }, 8, 150_000)]
    [InlineData(new[] { 2, 6, 4 }, 6, 50_000)]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3 }, 3, 50_000)]
    public void UnequalShuffledGroups_RecoveredIn9Of10Seeds(int[] sizes, int k, int samples)
    {
        // Structures the rules were not tuned on: unequal sizes and inputs in a random order.
        var (recovered, settled) = RecoverOneHot(new OneHotGroupsSpec(sizes, ShuffleInputs: true), k, samples);
        Assert.True(recovered >= 9, $"recovered in {recovered} of 10 seeds; settled at {string.Join(", ", settled)}");
    }

    [Fact]
    public void NoisyGroups_RecoveredIn9Of10Seeds()
    {
        // 2 % of the inputs flipped in every example.
        var (recovered, settled) = RecoverOneHot(new OneHotGroupsSpec([5, 5, 5, 5, 5], FlipProbability: 0.02), 5, 50_000);
        Assert.True(recovered >= 9, $"recovered in {recovered} of 10 seeds; settled at {string.Join(", ", settled)}");
    }

    [Fact]
    public void SideBySideDigits_HalvesSeparateIn9Of10Seeds()
    {
        // Pairs drawn from the committed 1 000 MNIST digits. Of the pixels lit (> 0.1) in at least 1 % of the
        // examples, at least 95 % of each half must sit in one meta-cluster, a different one per half.
        var digits = TestData.MnistTrain();
        var options = new MetaClustererOptions
        {
            MetaCount = 2, ClusterCount = 10, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.01f, Init = CentreInit.Zeros,
        };
        var report = new string[10];
        var passed = new bool[10];
        Parallel.For(0, 10, i =>
        {
            ulong seed = (ulong)i + 1;
            var planted = Generators.SideBySide(digits, 20_000, new RandomStream(seed).Fork(DataSources.DataStreamId));
            var model = MetaClusterer.Create(planted.Dataset, options, seed);
            model.Fit(planted.Dataset, new FitOptions { Samples = 300_000, ReportEvery = 100_000 });
            var shares = PartitionMetrics.MajorityShares(model.Partition(), planted.InputGroups, PlantedRecovery.OftenLitInputs(planted.Dataset));
            passed[i] = shares[0].Share >= 0.95 && shares[1].Share >= 0.95 && shares[0].Meta != shares[1].Meta;
            report[i] = $"seed {seed}: left {shares[0].Share:P1} in {shares[0].Meta}, right {shares[1].Share:P1} in {shares[1].Meta}";
        });
        Assert.True(passed.Count(p => p) >= 9, string.Join("; ", report));
    }
}
