using NeuroSharp.Formats;
using NeuroSharp.Learning;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Learning;

public class MlpFileTests
{
    [Fact]
    public void SaveLoad_Trainer_RoundTripsEverything()
    {
        var data = PlantedClasses.Create(1);
        var spec = new MlpSpec { LayerSizes = [12, 8, 4], HiddenActivation = Activation.Logistic, Init = WeightInit.UniformFanIn, HiddenDropout = 0.25f };
        var options = new TrainingOptions { Rule = TrainingRuleKind.DirectFeedbackAlignment, Epochs = 2, BatchSize = 50, Schedule = LearningRateSchedule.Exponential, MaxNorm = 3f };
        var trainer = MlpTrainer.Create(spec, options, 77);
        trainer.Fit(data, data);
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        MlpFile.Save(trainer, path);
        var back = MlpFile.LoadTrainer(path);
        Assert.Equal(spec.LayerSizes, back.Network.Spec.LayerSizes);
        Assert.Equal(spec with { LayerSizes = back.Network.Spec.LayerSizes }, back.Network.Spec);
        Assert.Equal(options, back.Options);
        Assert.Equal(77UL, back.Seed);
        Assert.Equal(trainer.History.Select(r => r with { Seconds = 0 }), back.History); // files hold no wall-clock times
        Assert.True(back.IsComplete);
        Assert.Equal(trainer.Network.Weights(2).ToArray(), back.Network.Weights(2).ToArray());
        Assert.Equal(trainer.Rule.FeedbackMatrices[0].Values.ToArray(), back.Rule.FeedbackMatrices[0].Values.ToArray());
        Assert.Equal(trainer.Network.Evaluate(data), MlpFile.LoadNetwork(path).Evaluate(data));
    }

    [Fact]
    public void Save_TwoIdenticalRuns_ByteIdenticalFiles()
    {
        var data = PlantedClasses.Create(2);
        var spec = new MlpSpec { LayerSizes = [12, 8, 4] };
        var options = new TrainingOptions { Epochs = 2, BatchSize = 40 };
        using var dir = new TempDirectory();
        var jsons = new List<string>();
        foreach (string name in new[] { "a", "b" })
        {
            var trainer = MlpTrainer.Create(spec, options, 5);
            trainer.Fit(data, data);
            jsons.Add(MlpFile.Save(trainer, dir.File(name)));
        }
        Assert.Equal(File.ReadAllBytes(dir.File("a")), File.ReadAllBytes(dir.File("b")));
        Assert.Equal(jsons[0], jsons[1]);
        Assert.DoesNotContain("seconds", jsons[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_UnknownVersion_RejectedWithFileAndVersion()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [3, 2] }, new TrainingOptions(), 1);
        string json = MlpFile.Save(trainer, path).Replace("\"version\": 1", "\"version\": 7");
        var content = SafetensorsFile.Read(path);
        SafetensorsFile.Write(path, content.Tensors.Values, new Dictionary<string, string> { ["neurosharp"] = json });
        var e = Assert.Throws<InvalidInputException>(() => MlpFile.LoadTrainer(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("version 7", e.Message);
    }

    [Fact]
    public void Load_NonFiniteWeight_RejectedNamingTensor()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [3, 2] }, new TrainingOptions(), 1);
        trainer.Network.Weights(1)[4] = float.NaN;
        MlpFile.Save(trainer, path);
        var e = Assert.Throws<InvalidInputException>(() => MlpFile.LoadNetwork(path));
        Assert.Contains("'weight.1' element 4", e.Message);
    }

    [Fact]
    public void Load_OutOfRangeOption_RejectedNamingField()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [3, 2] }, new TrainingOptions(), 1);
        string json = MlpFile.Save(trainer, path).Replace("\"momentum\": 0.9", "\"momentum\": 1.5");
        var content = SafetensorsFile.Read(path);
        SafetensorsFile.Write(path, content.Tensors.Values, new Dictionary<string, string> { ["neurosharp"] = json });
        var e = Assert.Throws<InvalidInputException>(() => MlpFile.LoadTrainer(path));
        Assert.Contains("TrainingOptions.Momentum", e.Message);
    }
}
