using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Data;

public class DataSourcesTests
{
    [Fact]
    public void OneHotSpec_GivesOneOnePerGroup_AndPlantedGroups()
    {
        var loaded = DataSources.Load("onehot:groups=3,size=4,samples=50", new DataLoadOptions(Seed: 5));
        var d = loaded.Dataset;
        Assert.Equal(50, d.RowCount);
        Assert.Equal(12, d.ColumnCount);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], loaded.InputGroups!);
        for (int i = 0; i < d.RowCount; i++)
        {
            for (int g = 0; g < 3; g++) Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Sum(d.Row(i).Slice(4 * g, 4)));
        }
    }

    [Fact]
    public void OneHotSpec_UnequalShuffled_PlantsGroupsOfTheGivenSizes()
    {
        var loaded = DataSources.Load("onehot:sizes=2+3+5,shuffle,samples=200", new DataLoadOptions(Seed: 1));
        var groups = loaded.InputGroups!;
        Assert.Equal(2, groups.Count(g => g == 0));
        Assert.Equal(3, groups.Count(g => g == 1));
        Assert.Equal(5, groups.Count(g => g == 2));
        Assert.NotEqual([0, 0, 1, 1, 1, 2, 2, 2, 2, 2], groups); // shuffled (this seed moves them)
        var d = loaded.Dataset;
        for (int i = 0; i < d.RowCount; i++)
        {
            for (int g = 0; g < 3; g++)
            {
                float sum = 0;
                for (int j = 0; j < groups.Length; j++) if (groups[j] == g) sum += d.Row(i)[j];
                Assert.Equal(1f, sum);
            }
        }
    }

    [Fact]
    public void OneHot_Noise_FlipsAboutTheRequestedShare()
    {
        var planted = Generators.OneHotGroups(new OneHotGroupsSpec([10, 10], FlipProbability: 0.1), 2000, new RandomStream(3));
        // Without noise each row holds 2 ones; each of 20 inputs flips with p = 0.1, so the mean row sum is
        // 2 x 0.9 + 18 x 0.1 = 3.6; standard error over 2000 rows is about 0.03, tolerance 0.15.
        double mean = 0;
        for (int i = 0; i < 2000; i++) mean += System.Numerics.Tensors.TensorPrimitives.Sum(planted.Dataset.Row(i));
        Assert.InRange(mean / 2000, 3.45, 3.75);
    }

    [Fact]
    public void SameSeed_SameData_OtherSeedDiffers()
    {
        var a = DataSources.Load("uniform:dims=3,samples=10", new DataLoadOptions(Seed: 9)).Dataset.Values.ToArray();
        var b = DataSources.Load("uniform:dims=3,samples=10", new DataLoadOptions(Seed: 9)).Dataset.Values.ToArray();
        var c = DataSources.Load("uniform:dims=3,samples=10", new DataLoadOptions(Seed: 10)).Dataset.Values.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SideBySide_FromSubset_PutsTwoDigitsSideBySide()
    {
        var loaded = DataSources.Load("side-by-side:mnist", new DataLoadOptions(Seed: 2, SampleCount: 20, Mnist: TestData.MnistSubset));
        var d = loaded.Dataset;
        Assert.Equal(new ImageShape(28, 56), d.ImageShape);
        var digits = TestData.MnistTrain();
        int left = d.Labels[0] / 10, right = d.Labels[0] % 10;
        Assert.InRange(left, 0, 9);
        Assert.InRange(right, 0, 9);
        Assert.Equal(0, loaded.InputGroups![27]);
        Assert.Equal(1, loaded.InputGroups[28]);
        // Each half of row 0 is some digit of the source set.
        var leftHalf = new float[784];
        for (int r = 0; r < 28; r++) d.Row(0).Slice(r * 56, 28).CopyTo(leftHalf.AsSpan(r * 28));
        bool found = false;
        for (int i = 0; i < digits.RowCount && !found; i++) found = digits.Row(i).SequenceEqual(leftHalf);
        Assert.True(found);
    }

    [Theory]
    [InlineData("onehot:groups=5,sise=5", "unknown key 'sise'")]
    [InlineData("onehot:groups=5", "'size=' is missing")]
    [InlineData("onehot:groups=0,size=5", "groups must be a whole number from 1 to 2147483647 (got '0')")]
    [InlineData("onehot:groups=2,size=3,noise=0.7", "noise must be a probability in [0, 0.5) (got '0.7')")]
    [InlineData("side-by-side:cifar", "side-by-side needs")]
    [InlineData("nowhere/data.npy", "file not found")]
    [InlineData("notes.txt", "file not found")]
    [InlineData("mnst", "Data 'mnst' is neither a data name (mnist, mnist:test, fashion-mnist,")] // once "mnst: file not found."
    [InlineData("mnist:tset", "Data 'mnist:tset' is neither a data name (")]
    public void BadSpec_IsOneSentenceNamingIt(string spec, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => DataSources.Load(spec));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Dataset_RejectsWrongSizesAndNegativeLabels()
    {
        Assert.Contains("do not make", Assert.Throws<InvalidInputException>(() => new Dataset("x", new float[5], 2, 3)).Message);
        Assert.Contains("label of row 1 is -2", Assert.Throws<InvalidInputException>(() => new Dataset("x", new float[4], 2, 2, [0, -2])).Message);
        Assert.Contains("row 0, column 1 is ∞", Assert.Throws<InvalidInputException>(() => new Dataset("x", [0f, float.PositiveInfinity], 1, 2)).Message.Replace("Infinity", "∞"));
    }
}
