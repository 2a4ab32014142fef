using NeuroSharp.Data;
using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class DivergenceTests
{
    /// <summary>The planted classes with every input a million times larger.</summary>
    private static Dataset Huge()
    {
        var data = PlantedClasses.Create(3);
        var values = new float[data.RowCount * data.ColumnCount];
        for (int i = 0; i < data.RowCount; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < row.Length; j++) values[i * data.ColumnCount + j] = row[j] * 1e6f;
        }
        return new Dataset("huge", values, data.RowCount, data.ColumnCount, data.Labels.ToArray());
    }

    [Fact]
    public void Fit_LargeValuesAndRate10_StopsWithDivergenceAndFiniteHistory()
    {
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] },
            new TrainingOptions { Epochs = 5, BatchSize = 20, LearningRate = 10f, Schedule = LearningRateSchedule.Constant }, 1);
        trainer.Fit(Huge());
        Assert.NotNull(trainer.Divergence);
        Assert.False(trainer.IsComplete);
        Assert.Equal(trainer.EpochsDone + 1, trainer.Divergence!.Epoch);
        if (trainer.Divergence.Batch > 0) Assert.False(double.IsFinite(trainer.Divergence.Loss)); // found mid-epoch: that batch's loss was not finite
        Assert.All(trainer.History, r => Assert.True(double.IsFinite(r.TrainLoss)));
        Assert.Throws<InvalidOperationException>(() => trainer.TrainEpoch(Huge()));
    }

    [Fact]
    public void Fit_SoundRate_NoDivergence()
    {
        var data = PlantedClasses.Create(3);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] }, new TrainingOptions { Epochs = 2, BatchSize = 20 }, 1);
        trainer.Fit(data);
        Assert.Null(trainer.Divergence);
        Assert.True(trainer.IsComplete);
    }
}
