using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Memory;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Memory;

public class MemoryTests
{
    [Fact]
    public void ExampleMemory_KeepsImportantExamplesMoreOften()
    {
        // 10 000 offers into 100 slots; every tenth example is 9x more important. With weighted reservoir
        // sampling the important tenth fills about 1 - (0.9)^... : analytically its share of kept items is
        // far above 10 % (about 50 % for these weights); we require more than 35 %.
        var memory = new ExampleMemory(1, 100, new RandomStream(1));
        for (int i = 0; i < 10_000; i++) memory.Offer([i], i % 10 == 0 ? 9f : 1f, tag: i % 10 == 0 ? 1 : 0);
        Assert.Equal(100, memory.Count);
        int important = Enumerable.Range(0, 100).Count(i => memory.Tag(i) == 1);
        Assert.True(important > 35, $"{important} of 100");
        // Not only recent: examples from the first half of the stream are kept too.
        Assert.Contains(Enumerable.Range(0, 100), i => memory.Item(i)[0] < 5000);
    }

    [Fact]
    public void ExampleMemory_RejectsWrongWidth_AndEmptyDream()
    {
        var memory = new ExampleMemory(3, 5, new RandomStream(1));
        Assert.Throws<ArgumentException>(() => memory.Offer([1f], 1f));
        Assert.Throws<InvalidOperationException>(() => memory.Sample(new RandomStream(2)));
    }

    private static Dataset Blobs(float[][] centres, int count, RandomStream rng)
    {
        var values = new float[count * 2];
        for (int i = 0; i < count; i++)
        {
            var c = centres[i % centres.Length];
            values[2 * i] = c[0] + 0.05f * (float)rng.NextGaussian();
            values[2 * i + 1] = c[1] + 0.05f * (float)rng.NextGaussian();
        }
        return new Dataset("blobs", values, count, 2);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Dreams_ReduceForgetting_OnAPlantedCase()
    {
        // Winter: 4 blobs on the left; summer: 4 blobs on the right. 8 neurons (eta 0.2) learn winter, then summer.
        // Awake only, summer pulls the winter neurons over (constant eta forgets); dreaming of remembered winter
        // examples keeps some. Over 5 seeds the winter error after summer must be at least 30 % lower with dreams.
        float[][] winterCentres = [[0, 0], [0, 1], [1, 0], [1, 1]];
        float[][] summerCentres = [[5, 0], [5, 1], [6, 0], [6, 1]];
        double awakeTotal = 0, dreamTotal = 0;
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var rng = new RandomStream(seed);
            var winter = Blobs(winterCentres, 2000, rng.Fork(1));
            var summer = Blobs(summerCentres, 4000, rng.Fork(2));
            var winterTest = Blobs(winterCentres, 400, rng.Fork(3));
            foreach (int replays in new[] { 0, 50 })
            {
                var options = new MetaClustererOptions { MetaCount = 1, ClusterCount = 8, LearningRate = 0.2f, RandomRate = 0.05f };
                var model = MetaClusterer.Create(winter, options, seed);
                var memory = new ExampleMemory(2, 200, rng.Fork(4));
                Dreams.LiveDay(model, winter, memory, 50, 0, rng.Fork(5));
                Dreams.LiveDay(model, summer, memory, 50, replays, rng.Fork(6));
                double error = model.ReconstructionError(winterTest, 1);
                if (replays == 0) awakeTotal += error;
                else dreamTotal += error;
            }
        }
        Assert.True(dreamTotal < 0.7 * awakeTotal, $"winter error after summer: awake {awakeTotal / 5:F4}, with dreams {dreamTotal / 5:F4}");
    }

    [Fact]
    public void CodeMemory_Recall_ExactAndByAnalogy()
    {
        var memory = new CodeMemory(3);
        memory.Remember([1, 2, 3], meaning: 7);   // small, grey, runs: tasty
        memory.Remember([1, 5, 3], meaning: 7);   // small, brown, runs: tasty
        memory.Remember([4, 2, 0], meaning: 9);   // big, grey, still: scary
        var exact = memory.Recall([1, 2, 3]);
        Assert.Equal(new RecallResult(7, 1, 0, 0), exact);
        // Small, BLUE (6, never seen), runs: no exact match...
        Assert.Equal(1, memory.Recall([1, 6, 3]).Mismatches);
        // ... but with the colour meta-cluster switched off, two memories match exactly and both mean 7.
        var analogy = memory.Recall([1, 6, 3], [true, false, true]);
        Assert.Equal(7, analogy.Meaning);
        Assert.Equal(2, analogy.Matches);
        Assert.Equal(0, analogy.Mismatches);
        Assert.Equal(-1, new CodeMemory(3).Recall([0, 0, 0]).Meaning);
    }

    [Fact]
    public void Imagination_SwapAndCombine_ReconstructTheChosenWinners()
    {
        var planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(2, 3), 4000, new RandomStream(3));
        var model = MetaClusterer.Create(planted.Dataset, new MetaClustererOptions { MetaCount = 2, ClusterCount = 3, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.02f, Init = CentreInit.Zeros }, 3);
        model.Fit(planted.Dataset);
        Assert.Equal([0, 2], Imagination.Swap([0, 1], 1, 2));
        Assert.Equal([4, 1], Imagination.Combine([4, 5], [6, 1], [false, true]));
        int[] code = [0, 1];
        float[] original = Imagination.Picture(model, code);
        float[] imagined = Imagination.Picture(model, Imagination.Swap(code, 1, 2));
        var expected = new float[6];
        model.Reconstruct([0, 2], expected);
        Assert.Equal(expected, imagined);
        // With a hard partition, changing meta-cluster 1's winner changes only the inputs meta-cluster 1 owns (up to the 0.001 mask floor).
        var partition = model.Partition();
        for (int j = 0; j < 6; j++)
        {
            if (partition[j] != 1) Assert.Equal(original[j], imagined[j], 0.01f);
        }
    }

    [Fact]
    public void TeacherReadout_CountsAndDelta_LearnAPlantedAssociation()
    {
        // Feature f in [0, 10) means label f / 5 (features 0-4: label 0, 5-9: label 1); each code has 2 active features.
        var rng = new RandomStream(1);
        int n = 400;
        var codes = new int[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            codes[2 * i] = labels[i] * 5 + rng.NextInt(5);
            codes[2 * i + 1] = labels[i] * 5 + rng.NextInt(5);
        }
        foreach (var rule in new[] { ReadoutRule.Counts, ReadoutRule.Delta })
        {
            var readout = TeacherReadout.Fit(codes, 2, labels, 10, 2, new ReadoutOptions { Rule = rule });
            Assert.Equal(1.0, readout.Accuracy(codes, 2, labels));
            Assert.Equal(1, readout.Predict([7, 9], new float[2]));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherReadout.Fit([0, 11], 2, [0], 10, 2));
    }

    [Fact]
    public void EncodeActive_ListsTheNearestNeuronsOfEachLayer()
    {
        var data = TestData.MnistTrain().Take(200);
        var model = MetaClusterer.Create(data, new MetaClustererOptions { MetaCount = 2, ClusterCount = 8 }, 1);
        model.Fit(data);
        var top = new int[2 * 3];
        model.EncodeActive(data.Row(0), 3, top, new float[784], new float[8]);
        var winners = new int[2];
        model.Encode(data.Row(0), winners, new float[784], new float[8]);
        Assert.Equal(winners[0], top[0]);
        Assert.Equal(8 + winners[1], top[3]);
        Assert.Equal(3, top[..3].Distinct().Count());
        Assert.All(top[3..], f => Assert.InRange(f, 8, 15));
    }
}
