using System.Text.Json.Nodes;
using NeuroSharp.Reports.Images;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>Membrane traces of the Izhikevich and AdEx presets under step currents: the firing patterns the papers show.</summary>
public sealed class NeuronModelsExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "neuron-models";

    /// <inheritdoc />
    public string Title => "Other neuron models: Izhikevich and AdEx firing patterns";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "The article's readers asked for other neuron types. Under a step current the Izhikevich presets show regular spiking with adaptation, " +
        "an initial burst, chattering and fast spiking (Izhikevich 2003, fig. 2); the AdEx presets tonic, adapting and bursting (Naud et al. 2008).";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        double durationMs = context.Quick ? 200 : 400;
        var metrics = new JsonObject();
        var izh = new (string, NeuronModelSpec, double)[]
        {
            ("regular spiking", IzhikevichNeuronSpec.RegularSpiking, 10), ("intrinsically bursting", IzhikevichNeuronSpec.IntrinsicallyBursting, 10),
            ("chattering", IzhikevichNeuronSpec.Chattering, 10), ("fast spiking", IzhikevichNeuronSpec.FastSpiking, 10),
        };
        var adex = new (string, NeuronModelSpec, double)[]
        {
            ("tonic (500 pA)", AdExNeuronSpec.Tonic, 500), ("adapting (500 pA)", AdExNeuronSpec.Adapting, 500),
            ("initial burst (400 pA)", AdExNeuronSpec.InitialBurst, 400), ("regular bursting (210 pA)", AdExNeuronSpec.RegularBursting, 210),
        };
        Png.Save(context.PathOf("izhikevich.png"), Picture(context, "Izhikevich presets, I = 10 from 20 ms", izh, durationMs, metrics));
        Png.Save(context.PathOf("adex.png"), Picture(context, "AdEx presets (Naud et al. 2008), current from 20 ms", adex, durationMs, metrics));
        return new ExperimentResult(metrics,
            [
                new Figure("izhikevich.png", "Membrane potential of four Izhikevich presets, offset by 100 mV each."),
                new Figure("adex.png", "Membrane potential of four AdEx presets, offset by 100 mV each."),
            ],
            [new Comparison("firing signatures", "RS adapts, IB bursts then spikes, CH chatters, FS fires fast without adaptation", "Izhikevich 2003, fig. 2")]);
    }

    private static byte[] Picture(ExperimentContext context, string title, (string Name, NeuronModelSpec Model, double Amplitude)[] cells, double durationMs, JsonObject metrics)
    {
        var series = new List<(string, double[], double[])>();
        for (int k = 0; k < cells.Length; k++)
        {
            var (name, model, amplitude) = cells[k];
            var spec = new NetworkSpec
            {
                DtMs = 0.1,
                Populations = [new PopulationSpec { Name = "n", Count = 1, Model = model }],
                Inputs = [new CurrentInputSpec { Target = "n", Amplitude = amplitude, StartMs = 20 }],
                Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["v"], EverySteps = 2 }],
            };
            var engine = context.CreateEngine(spec, new SimulationOptions());
            engine.Run((int)(durationMs / 0.1));
            var state = engine.StateMonitors[0];
            var v = state.Values("v");
            var x = new double[state.SampleCount];
            var y = new double[state.SampleCount];
            for (int s = 0; s < x.Length; s++)
            {
                x[s] = state.Steps[s] * 0.1;
                y[s] = v[s] - 100 * k;
            }
            series.Add((name, x, y));
            metrics[$"spikes {name}"] = engine.SpikeMonitors[0].Count;
        }
        return SpikingCharts.Traces(title, "time (ms)", "v (mV, offset)", series, 800, 600);
    }
}
