using NeuroSharp.Data;
using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class BackpropGradientTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Logistic)]
    [InlineData(Activation.Relu)]
    public void Backprop_OneFullBatchStep_MatchesFiniteDifferences(Activation activation)
    {
        var data = PlantedClasses.Create(1, rows: 20, dims: 5, classes: 3);
        var spec = new MlpSpec { LayerSizes = [5, 6, 4, 3], HiddenActivation = activation, Init = WeightInit.Glorot };
        const float rate = 0.01f;
        var trainer = MlpTrainer.Create(spec, new TrainingOptions { Epochs = 1, BatchSize = 20, LearningRate = rate, Momentum = 0f, Schedule = LearningRateSchedule.Constant }, 7);
        var net = trainer.Network;
        var weights = Enumerable.Range(1, 3).Select(l => net.Weights(l).ToArray()).ToArray();
        var biases = Enumerable.Range(1, 3).Select(l => net.Biases(l).ToArray()).ToArray();
        trainer.Fit(data);
        for (int l = 1; l <= 3; l++)
        {
            for (int i = 0; i < weights[l - 1].Length; i++)
                Check(activation, spec, weights, biases, data, l, i, isBias: false, (weights[l - 1][i] - net.Weights(l)[i]) / rate);
            for (int j = 0; j < biases[l - 1].Length; j++)
                Check(activation, spec, weights, biases, data, l, j, isBias: true, (biases[l - 1][j] - net.Biases(l)[j]) / rate);
        }
    }

    private static void Check(Activation activation, MlpSpec spec, float[][] weights, float[][] biases, Dataset data, int layer, int index, bool isBias, double analytic)
    {
        // Central differences of the mean loss in double precision; h = 1e-4 leaves a truncation error near 1e-8.
        const double h = 1e-4;
        var w = weights.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        var b = biases.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        var target = isBias ? b[layer - 1] : w[layer - 1];
        double saved = target[index];
        target[index] = saved + h;
        double plus = Loss(activation, spec, w, b, data);
        target[index] = saved - h;
        double minus = Loss(activation, spec, w, b, data);
        double numeric = (plus - minus) / (2 * h);
        // The analytic value is recovered from a float step of size 0.01 x gradient on weights near 0.5:
        // about 3e-5 absolute from rounding, so 1e-4 absolute plus 1 % relative.
        Assert.True(Math.Abs(numeric - analytic) <= 1e-4 + 0.01 * Math.Abs(numeric),
            $"{(isBias ? "b" : "W")}_{layer}[{index}]: backprop {analytic:G6}, finite differences {numeric:G6}");
    }

    private static double Loss(Activation activation, MlpSpec spec, double[][] w, double[][] b, Dataset data)
    {
        double total = 0;
        var sizes = spec.LayerSizes;
        for (int r = 0; r < data.RowCount; r++)
        {
            double[] h = data.Row(r).ToArray().Select(v => (double)v).ToArray();
            for (int l = 1; l < sizes.Count; l++)
            {
                var z = new double[sizes[l]];
                for (int j = 0; j < z.Length; j++)
                {
                    z[j] = b[l - 1][j];
                    for (int i = 0; i < h.Length; i++) z[j] += h[i] * w[l - 1][i * sizes[l] + j];
                }
                h = l == sizes.Count - 1 ? z : z.Select(v => activation switch
                {
                    Activation.Relu => Math.Max(0, v),
                    Activation.Tanh => Math.Tanh(v),
                    _ => 1 / (1 + Math.Exp(-v)),
                }).ToArray();
            }
            double max = h.Max();
            double logSum = max + Math.Log(h.Sum(v => Math.Exp(v - max)));
            total += logSum - h[data.Labels[r]];
        }
        return total / data.RowCount;
    }
}
