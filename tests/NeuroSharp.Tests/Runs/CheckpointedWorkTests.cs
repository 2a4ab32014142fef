using NeuroSharp.Fitting;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Learning;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Tests.Learning;
using Xunit;

namespace NeuroSharp.Tests.Runs;

/// <summary>The library's works under the runner: chunks change nothing, a diverged training is not saved.</summary>
public sealed class CheckpointedWorkTests
{
    [Fact]
    public void CheckpointedFitWork_InChunks_SameCentresAsOneFit()
    {
        var data = Generators.UniformPoints(3, 200, new RandomStream(5));
        var options = new CompetitiveLayerOptions { ClusterCount = 6 };
        var whole = CompetitiveLayer.Create(data, options, 9);
        whole.Fit(data, new FitOptions { Samples = 1000 });

        var chunked = CompetitiveLayer.Create(data, options, 9);
        int saves = 0;
        var work = new CheckpointedFitWork(1000, () => chunked.SamplesSeen,
            (n, p, t) => chunked.Fit(data, new FitOptions { Samples = n }, p, t), () => saves++);
        var outcome = CheckpointRunner.Run(work, 300);

        Assert.Equal(whole.Centres.ToArray(), chunked.Centres.ToArray());
        Assert.Equal(4, saves);
        Assert.Equal(1000, outcome.UnitsRun);
        Assert.Equal(1000, work.Result.Samples);
    }

    [Fact]
    public void MlpTrainingWork_Diverges_StopsWithoutSaving()
    {
        var data = PlantedClasses.Create(3);
        var huge = new float[data.RowCount * data.ColumnCount];
        for (int i = 0; i < data.RowCount; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < row.Length; j++) huge[i * data.ColumnCount + j] = row[j] * 1e6f;
        }
        var train = new Dataset("huge", huge, data.RowCount, data.ColumnCount, data.Labels.ToArray());
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] },
            new TrainingOptions { Epochs = 5, BatchSize = 20, LearningRate = 10f, Schedule = LearningRateSchedule.Constant }, 1);
        var saved = new List<int>();
        var outcome = CheckpointRunner.Run(new MlpTrainingWork(trainer, train, null, () => saved.Add(trainer.EpochsDone)), 1);

        Assert.True(outcome.Stopped);
        Assert.False(outcome.Interrupted);
        Assert.NotNull(trainer.Divergence);
        Assert.Equal(Enumerable.Range(1, trainer.EpochsDone), saved); // one save per completed epoch, none for the diverged one
    }

    [Fact]
    public void MlpTrainingWork_OneEpochPerChunk_SameWeightsAsFit()
    {
        var data = PlantedClasses.Create(3);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 20 };
        var fitted = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] }, options, 4);
        fitted.Fit(data);
        var run = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] }, options, 4);
        var records = new List<EpochRecord>();
        var outcome = CheckpointRunner.Run(new MlpTrainingWork(run, data, null, () => { }, records.Add), 1);

        Assert.Equal(3, outcome.UnitsRun);
        Assert.Equal(3, records.Count);
        for (int l = 1; l <= fitted.Network.WeightLayerCount; l++)
            Assert.Equal(fitted.Network.WeightArray(l).ToArray(), run.Network.WeightArray(l).ToArray());
    }
}
