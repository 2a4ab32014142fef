using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>The Diehl and Cook network on the engine: planted patterns are learned, normalisation holds, and runs are reproducible.</summary>
public class StdpMnistTrainerTests
{
    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Planted_EachNeuronComesToPreferADifferentPattern(ulong seed)
    {
        // 200 images (40 per pattern). A neuron that prefers a pattern holds well over the uniform share
        // 0.2 of its weight there (0.46 to 0.57 across seeds when measured); 0.35 leaves room for seeds.
        var data = PlantedPatterns.Data();
        var trainer = new StdpMnistTrainer(PlantedPatterns.Options, seed);
        trainer.Train(data, 200);
        var weights = trainer.InputWeights();
        var preferred = new int[PlantedPatterns.Count];
        for (int j = 0; j < PlantedPatterns.Count; j++)
        {
            var share = PlantedPatterns.Shares(weights, j);
            preferred[j] = Array.IndexOf(share, share.Max());
            Assert.True(share.Max() > 0.35, $"neuron {j}: shares {string.Join(", ", share.Select(s => s.ToString("F2")))}");
        }
        Assert.Equal(PlantedPatterns.Count, preferred.Distinct().Count()); // a permutation: every pattern has its neuron

        // The frozen network answers each pattern with the neuron that learned it (lateral inhibition silences the rest).
        var responses = trainer.Respond(data, maxThreads: 1);
        var labels = StdpMnistReadout.AssignLabels(responses, data.Labels, PlantedPatterns.Count);
        Assert.Equal(preferred, labels);
        Assert.Equal(1.0, StdpMnistReadout.Evaluate(responses, data.Labels, labels, PlantedPatterns.Count).Accuracy);
    }

    [Fact]
    public void Normalisation_BeforeEachPresentation_EveryNeuronsInputWeightsSumToTheTarget()
    {
        // One step of presentation and no rest: STDP moves a weight by at most nu_pre = 1e-4 in one step,
        // so right after it the sums equal the target to well within 1e-3 (float sums of 100 terms: 1e-5).
        var options = PlantedPatterns.Options with { PresentationMs = 0.5, RestMs = 0, MinSpikes = 0 };
        var trainer = new StdpMnistTrainer(options, 3);
        var before = trainer.InputWeights();
        Assert.NotEqual(12.0, Sum(before, 0), 2);
        trainer.Train(PlantedPatterns.Data(), 1);
        var after = trainer.InputWeights();
        for (int j = 0; j < PlantedPatterns.Count; j++) Assert.Equal(12.0, Sum(after, j), 3);
    }

    [Fact]
    public void SameSeed_SameWeights_AndOtherSeedDiffers()
    {
        var data = PlantedPatterns.Data();
        float[] Train(ulong seed)
        {
            var t = new StdpMnistTrainer(PlantedPatterns.Options, seed);
            t.Train(data, 20);
            return [.. t.InputWeights(), .. t.Theta()];
        }
        Assert.Equal(Train(4), Train(4));
        Assert.NotEqual(Train(4), Train(5));
    }

    /// <summary>The planted network, with or without the authors' random input delays (0 to 10 ms per synapse).</summary>
    private static StdpMnistOptions Options(bool delays) =>
        delays ? PlantedPatterns.Options with { Network = PlantedPatterns.Options.Network with { InputDelayMs = DistributionSpec.Uniform(0, 10) } } : PlantedPatterns.Options;

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Planted_WithInputDelays_StillLearnsEveryPattern()
    {
        // As above (seed 1), each synapse learning from its spike's arrival 0 to 10 ms late.
        var data = PlantedPatterns.Data();
        var trainer = new StdpMnistTrainer(Options(delays: true), 1);
        trainer.Train(data, 200);
        var responses = trainer.Respond(data, maxThreads: 1);
        var labels = StdpMnistReadout.AssignLabels(responses, data.Labels, PlantedPatterns.Count);
        Assert.Equal(PlantedPatterns.Count, labels.Distinct().Count());
        Assert.Equal(1.0, StdpMnistReadout.Evaluate(responses, data.Labels, labels, PlantedPatterns.Count).Accuracy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Respond_AnyThreadCount_IdenticalCounts(bool delays)
    {
        var data = PlantedPatterns.Data();
        var images = new NeuroSharp.Data.Dataset("many", Enumerable.Range(0, 24).SelectMany(i => data.Row(i % 5).ToArray()).ToArray(), 24, PlantedPatterns.Inputs);
        var trainer = new StdpMnistTrainer(Options(delays), 6);
        trainer.Train(data, 10);
        var one = trainer.Respond(images, maxThreads: 1);
        var three = trainer.Respond(images, maxThreads: 3);
        Assert.Equal(one.Counts, three.Counts);
        Assert.Equal(one.RateIncreases, three.RateIncreases);
        // Frozen: responding did not change what was learned.
        var again = trainer.Respond(images, maxThreads: 2);
        Assert.Equal(one.Counts, again.Counts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resume_FromASavedCheckpoint_EqualsAnUninterruptedRun(bool delays)
    {
        using var dir = new TempDirectory();
        var data = PlantedPatterns.Data();
        var whole = new StdpMnistTrainer(Options(delays), 7);
        whole.Train(data, 12);

        var first = new StdpMnistTrainer(Options(delays), 7);
        first.Train(data, 5);
        string path = dir.File("model.safetensors");
        StdpMnistModelFile.Save(first, path);
        var loaded = StdpMnistModelFile.Load(path);
        Assert.Equal(5, loaded.Trainer.SamplesSeen);
        loaded.Trainer.Train(data, 3);
        loaded.Trainer.Train(data, 4); // in two more calls: chunks change nothing either

        Assert.Equal(whole.InputWeights(), loaded.Trainer.InputWeights());
        Assert.Equal(whole.Theta(), loaded.Trainer.Theta());
        Assert.Equal(12, loaded.Trainer.SamplesSeen);
    }

    [Fact]
    public void Train_Cancelled_StopsBetweenImages()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var trainer = new StdpMnistTrainer(PlantedPatterns.Options, 1);
        var r = trainer.Train(PlantedPatterns.Data(), 10, cancellationToken: cts.Token);
        Assert.True(r.Cancelled);
        Assert.Equal(0, r.Samples);
        Assert.Equal(0, trainer.SamplesSeen);
    }

    [Fact]
    public void Train_WrongImageWidth_SaysSo()
    {
        var trainer = new StdpMnistTrainer(PlantedPatterns.Options, 1);
        var e = Assert.Throws<InvalidInputException>(() => trainer.Train(new NeuroSharp.Data.Dataset("x", new float[30], 1, 30), 1));
        Assert.Contains("30 values", e.Message);
        Assert.Contains("100 inputs", e.Message);
    }

    private static double Sum(float[] weights, int neuron)
    {
        double sum = 0;
        for (int i = 0; i < PlantedPatterns.Inputs; i++) sum += weights[i * PlantedPatterns.Count + neuron];
        return sum;
    }
}
