using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>Every constant is checked, with messages naming it; the network is what the paper's code builds; the file round-trips.</summary>
public class StdpMnistOptionsTests
{
    [Theory]
    [InlineData("MaxRateHz")]
    [InlineData("PresentationMs")]
    [InlineData("MinSpikes")]
    [InlineData("ExcitatoryCount")]
    [InlineData("InputWeightSum")]
    [InlineData("APlusTriplet")]
    public void Validate_BadValue_NamesTheField(string field)
    {
        var o = new StdpMnistOptions();
        o = field switch
        {
            "MaxRateHz" => o with { MaxRateHz = 0 },
            "PresentationMs" => o with { PresentationMs = -1 },
            "MinSpikes" => o with { MinSpikes = -1 },
            "ExcitatoryCount" => o with { Network = o.Network with { ExcitatoryCount = 0 } },
            "InputWeightSum" => o with { Network = o.Network with { InputWeightSum = double.NaN } },
            _ => o with { Network = o.Network with { Stdp = o.Network.Stdp with { APlusTriplet = -1 } } },
        };
        var e = Assert.Throws<InvalidOptionException>(o.Validate);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Network_HasThePapersWiring()
    {
        var spec = new DiehlCookNetworkSpec { ExcitatoryCount = 4 }.ToNetworkSpec();
        spec.Validate();
        Assert.Equal([784, 4, 4], spec.Populations.Select(p => p.Count));
        var inhToExc = (ExplicitConnectivity)spec.Projections[2].Connectivity;
        Assert.Equal(4 * 3, inhToExc.Sources.Count); // every pair but i -> i
        Assert.DoesNotContain(Enumerable.Range(0, 12), k => inhToExc.Sources[k] == inhToExc.Targets[k]);
        Assert.Equal(Receptor.Inhibitory, spec.Projections[2].Receptor);
        Assert.Equal(0, spec.Projections[0].Normalization!.EverySteps); // normalised on request, before each image
        var exc = (ConductanceLifNeuronSpec)spec.Populations[1].Model;
        Assert.Equal(-72, exc.ThresholdMv); // v_thresh_e - offset; theta starts at 20 mV
        Assert.Equal(20, spec.Populations[1].Initial!["theta"].Value);
    }

    [Fact]
    public void ModelFile_SaveLoad_RoundTripsStateAndOptions_AndRejectsOtherVersions()
    {
        using var dir = new TempDirectory();
        var options = PlantedPatterns.Options with { RestMs = 100 };
        var trainer = new StdpMnistTrainer(options, 9);
        trainer.Train(PlantedPatterns.Data(), 3);
        string path = dir.File("m.safetensors");
        string json = StdpMnistModelFile.Save(trainer, path, [0, 1, 2, 3, -1], labelSamples: 5);
        Assert.Contains("\"format\": \"neurosharp.stdp-mnist\"", json);
        var loaded = StdpMnistModelFile.Load(path);
        Assert.Equal(options, loaded.Trainer.Options); // records: value equality of every constant, nested ones included
        Assert.Equal(trainer.InputWeights(), loaded.Trainer.InputWeights());
        Assert.Equal(trainer.Theta(), loaded.Trainer.Theta());
        Assert.Equal([0, 1, 2, 3, -1], loaded.Assignments!);
        Assert.Equal(3, loaded.Trainer.SamplesSeen);
        Assert.Equal(trainer.ThetaExact(), loaded.Trainer.ThetaExact()); // F64 on disk: exact

        // A file written before theta was kept in double holds it as F32: it still loads.
        string older = dir.File("f32.safetensors");
        NeuroSharp.Formats.SafetensorsFile.Write(older,
            [NeuroSharp.Formats.SafetensorsTensor.FromSingle("inputWeights", trainer.InputWeights(), trainer.InputCount, trainer.NeuronCount),
             NeuroSharp.Formats.SafetensorsTensor.FromSingle("theta", trainer.Theta(), trainer.NeuronCount)],
            new Dictionary<string, string> { ["neurosharp"] = json });
        Assert.Equal(trainer.Theta(), StdpMnistModelFile.Load(older).Trainer.Theta());

        string bad = dir.File("v2.safetensors");
        NeuroSharp.Formats.SafetensorsFile.Write(bad, [NeuroSharp.Formats.SafetensorsTensor.FromSingle("theta", new float[5], 5)],
            new Dictionary<string, string> { ["neurosharp"] = json.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal) });
        var e = Assert.Throws<InvalidInputException>(() => StdpMnistModelFile.Load(bad));
        Assert.Contains("version 2", e.Message);
    }
}
