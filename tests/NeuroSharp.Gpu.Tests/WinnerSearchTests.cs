using NeuroSharp.Clustering;
using NeuroSharp.Fitting;
using NeuroSharp.Gpu.Clustering;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>The clusterizers' batch distance and winner search on ILGPU's CPU accelerator against the CPU's.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class WinnerSearchTests
{
    private readonly GpuDevice _device;

    public WinnerSearchTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(DistanceMetric.L1)]
    [InlineData(DistanceMetric.SquaredL2)]
    public void Predict_TrainedLayerOnMnist_SameWinnersAsCpu(DistanceMetric metric)
    {
        var data = TestData.MnistTrain();
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 10, Metric = metric }, 7);
        layer.Fit(data, new FitOptions());

        // Batches of 333 rows: the last one is short.
        var winners = GpuWinnerSearch.Predict(layer, data, _device, batchRows: 333);

        Assert.Equal(layer.Predict(data, 1), winners);
        Assert.True(winners.Distinct().Count() > 5, "the layer should use most of its neurons");
    }

    [Fact]
    public void Encode_MetaClustererOnMnist_SameCodesAsCpu()
    {
        var data = TestData.MnistTrain();
        var model = MetaClusterer.Create(data, new MetaClustererOptions { MetaCount = 3, ClusterCount = 8 }, 5);
        model.Fit(data, new FitOptions());

        Assert.Equal(model.Encode(data, 1), GpuWinnerSearch.Encode(model, data, _device, batchRows: 400));
    }

    [Fact]
    public void Predict_WrongColumnCount_RefusedNamingTheData()
    {
        var data = TestData.MnistTrain();
        var layer = new CompetitiveLayer(5, new CompetitiveLayerOptions { ClusterCount = 3 }, new NeuroSharp.Numerics.Random.RandomStream(1));
        var e = Assert.Throws<InvalidInputException>(() => GpuWinnerSearch.Predict(layer, data, _device));
        Assert.Contains("784 columns, but the layer has 5 inputs", e.Message);
    }

    [Fact]
    public void DeviceKinds_Parse_BadValueRefusedInOneSentence()
    {
        Assert.Equal(DeviceKind.Auto, DeviceKinds.Parse("AUTO"));
        var e = Assert.Throws<InvalidInputException>(() => DeviceKinds.Parse("tpu"));
        Assert.Equal("--device must be cpu, gpu or auto (got \"tpu\").", e.Message);
    }
}
