using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Clustering;

public class ClusteringModelFileTests
{
    [Fact]
    public void MetaClusterer_SaveLoad_RoundTrips_AndContinuesLikeTheOriginal()
    {
        using var dir = new TempDirectory();
        var planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(4, 3), 3000, new RandomStream(1));
        var options = new MetaClustererOptions { MetaCount = 4, ClusterCount = 3, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.05f };
        var original = MetaClusterer.Create(planted.Dataset, options, 7);
        original.Fit(planted.Dataset, new FitOptions { Samples = 1000 });
        string path = dir.File("model.safetensors");
        ClusteringModelFile.Save(original, path, new ImageShape(3, 4));

        var loaded = ClusteringModelFile.LoadMetaClusterer(path);
        Assert.Equal(original.Options, loaded.Options);
        Assert.Equal(original.Masks.ToArray(), loaded.Masks.ToArray());
        Assert.Equal(1000, loaded.SamplesSeen);
        Assert.Equal(original.Encode(planted.Dataset), loaded.Encode(planted.Dataset));
        Assert.Equal([3, 4], ClusteringModelFile.ReadMetadata(path).ImageShape!);

        // Resuming: both go on for 1000 more examples and must stay identical (RNG states were saved).
        original.Fit(planted.Dataset, new FitOptions { Samples = 1000 });
        loaded.Fit(planted.Dataset, new FitOptions { Samples = 1000 });
        Assert.Equal(original.Masks.ToArray(), loaded.Masks.ToArray());
        for (int m = 0; m < 4; m++) Assert.Equal(original.Layer(m).Centres.ToArray(), loaded.Layer(m).Centres.ToArray());
    }

    [Fact]
    public void CompetitiveLayer_SaveLoad_RoundTrips()
    {
        using var dir = new TempDirectory();
        var data = TestData.MnistTrain().Take(200);
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 8, RandomRate = 0.1f, Schedule = RateSchedule.InverseCount, RateExponent = 0.75f }, 3);
        layer.Fit(data);
        string path = dir.File("layer.safetensors");
        ClusteringModelFile.Save(layer, path, 3);
        var loaded = ClusteringModelFile.LoadCompetitiveLayer(path);
        Assert.Equal(layer.Options, loaded.Options);
        Assert.Equal(layer.Centres.ToArray(), loaded.Centres.ToArray());
        Assert.Equal(layer.Wins.ToArray(), loaded.Wins.ToArray());
        layer.Fit(data);
        loaded.Fit(data);
        Assert.Equal(layer.Centres.ToArray(), loaded.Centres.ToArray());
    }

    [Fact]
    public void Load_WrongFormatOrVersion_IsExplained()
    {
        using var dir = new TempDirectory();
        var layer = new CompetitiveLayer(2, new CompetitiveLayerOptions { ClusterCount = 2 }, new RandomStream(1));
        string path = dir.File("layer.safetensors");
        string json = ClusteringModelFile.Save(layer, path, 1);
        Assert.Contains("expected 'neurosharp.metaclusterer'", Assert.Throws<InvalidInputException>(() => ClusteringModelFile.LoadMetaClusterer(path)).Message);

        var content = SafetensorsFile.Read(path);
        SafetensorsFile.Write(path, content.Tensors.Values, new Dictionary<string, string> { ["neurosharp"] = json.Replace("\"version\": 1", "\"version\": 9") });
        var e = Assert.Throws<InvalidInputException>(() => ClusteringModelFile.LoadCompetitiveLayer(path));
        Assert.Contains("version 9", e.Message);
        Assert.Contains(path, e.Message);

        SafetensorsFile.Write(path, content.Tensors.Values, new Dictionary<string, string> { ["neurosharp"] = json.Replace("\"learningRate\": 0.05", "\"learningRate\": 7") });
        Assert.Contains("LearningRate must be in (0, 1] (got 7)", Assert.Throws<InvalidInputException>(() => ClusteringModelFile.LoadCompetitiveLayer(path)).Message);

        SafetensorsFile.Write(path, content.Tensors.Values, new Dictionary<string, string> { ["neurosharp"] = json.Replace("\"seed\": 1,", "") });
        Assert.Contains("model metadata is invalid", Assert.Throws<InvalidInputException>(() => ClusteringModelFile.LoadCompetitiveLayer(path)).Message);
    }

    [Fact]
    public void Load_NonFiniteCentre_IsRejected()
    {
        using var dir = new TempDirectory();
        var layer = new CompetitiveLayer(2, new CompetitiveLayerOptions { ClusterCount = 2 }, new RandomStream(1));
        string path = dir.File("layer.safetensors");
        string json = ClusteringModelFile.Save(layer, path, 1);
        var content = SafetensorsFile.Read(path);
        var tensors = content.Tensors.Values.Select(t => t.Name == "centres" ? SafetensorsTensor.FromSingle("centres", [0, float.NaN, 0, 0], 1, 2, 2) : t);
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["neurosharp"] = json });
        Assert.Contains("tensor 'centres' element 1 is NaN", Assert.Throws<InvalidInputException>(() => ClusteringModelFile.LoadCompetitiveLayer(path)).Message);
    }
}
