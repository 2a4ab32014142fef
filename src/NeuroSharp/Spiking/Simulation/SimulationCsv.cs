using System.Globalization;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Writes an engine's monitors as CSV files (atomically): spikes.csv, state.csv, phases.csv and
/// rates.csv. The formats are in docs/formats.md.
/// </summary>
public static class SimulationCsv
{
    /// <summary>
    /// spikes.csv: <c>step,timeMs,population,neuron</c>, one row per spike, in time order (monitors in
    /// declaration order within a step).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="engine">The engine after a run.</param>
    public static void WriteSpikes(string path, SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var monitors = engine.SpikeMonitors;
        AtomicFile.Write(path, stream =>
        {
            using var w = Writer(stream);
            w.Write("step,timeMs,population,neuron\n");
            // Merge the monitors by (step, monitor index) through a heap: the earliest step first, monitors
            // in declaration order within a step, in O(spikes log monitors) (a scan of every monitor per
            // step made a file of many single neurons quadratic).
            var next = new int[monitors.Count];
            var due = new PriorityQueue<int, (int Step, int Monitor)>(monitors.Count);
            for (int m = 0; m < monitors.Count; m++)
            {
                if (monitors[m].Count > 0) due.Enqueue(m, (monitors[m].Steps[0], m));
            }
            while (due.TryDequeue(out int best, out var key))
            {
                int bestStep = key.Step;
                var mon = monitors[best];
                var steps = mon.Steps;
                var neurons = mon.Neurons;
                string time = Time(bestStep, engine.DtMs);
                int k = next[best];
                while (k < steps.Length && steps[k] == bestStep)
                {
                    w.Write(bestStep.ToString(CultureInfo.InvariantCulture));
                    w.Write(',');
                    w.Write(time);
                    w.Write(',');
                    w.Write(mon.Target);
                    w.Write(',');
                    w.Write(neurons[k].ToString(CultureInfo.InvariantCulture));
                    w.Write('\n');
                    k++;
                }
                next[best] = k;
                if (k < steps.Length) due.Enqueue(best, (steps[k], best));
            }
        });
    }

    /// <summary>
    /// state.csv: <c>step,timeMs,population,neuron,variable,value</c>: every transmitter neuron's 13
    /// values after every step (the phase as its code: 0 collecting, 1 activating, 2 transmitting,
    /// 3 releasing, 4 recovering), then the state monitors' samples.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="engine">The engine after a run.</param>
    public static void WriteState(string path, SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        AtomicFile.Write(path, stream =>
        {
            using var w = Writer(stream);
            w.Write("step,timeMs,population,neuron,variable,value\n");
            if (engine.TransmitterState is { } t)
            {
                var names = NeuronModels.TransmitterVariables;
                for (int s = 0; s < t.SampleCount; s++)
                {
                    string prefix = $"{t.Steps[s].ToString(CultureInfo.InvariantCulture)},{Time(t.Steps[s], engine.DtMs)},";
                    for (int i = 0; i < t.NeuronIds.Count; i++)
                    {
                        var row = t.Row(s, i);
                        for (int v = 0; v < names.Count; v++)
                        {
                            w.Write(prefix);
                            w.Write(t.NeuronIds[i]);
                            w.Write(",0,");
                            w.Write(names[v]);
                            w.Write(',');
                            w.Write(row[v].ToString("R", CultureInfo.InvariantCulture));
                            w.Write('\n');
                        }
                    }
                }
            }
            foreach (var m in engine.StateMonitors)
            {
                for (int v = 0; v < m.Variables.Count; v++)
                {
                    var values = m.Values(m.Variables[v]);
                    for (int s = 0; s < m.SampleCount; s++)
                    {
                        string prefix = $"{m.Steps[s].ToString(CultureInfo.InvariantCulture)},{Time(m.Steps[s], engine.DtMs)},{m.Target},";
                        for (int k = 0; k < m.Indices.Count; k++)
                        {
                            w.Write(prefix);
                            w.Write(m.Indices[k].ToString(CultureInfo.InvariantCulture));
                            w.Write(',');
                            w.Write(m.Variables[v]);
                            w.Write(',');
                            w.Write(values[s * m.Indices.Count + k].ToString("R", CultureInfo.InvariantCulture));
                            w.Write('\n');
                        }
                    }
                }
            }
        });
    }

    /// <summary>phases.csv: <c>step,neuron,phase</c> with the phase by name, the article's printout as a table.</summary>
    /// <param name="path">The file.</param>
    /// <param name="engine">The engine after a run (with transmitter state recorded).</param>
    public static void WritePhases(string path, SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var t = engine.TransmitterState ?? throw new InvalidOperationException("No transmitter state was recorded.");
        AtomicFile.Write(path, stream =>
        {
            using var w = Writer(stream);
            w.Write("step,neuron,phase\n");
            for (int s = 0; s < t.SampleCount; s++)
            {
                for (int i = 0; i < t.NeuronIds.Count; i++)
                {
                    w.Write(t.Steps[s].ToString(CultureInfo.InvariantCulture));
                    w.Write(',');
                    w.Write(t.NeuronIds[i]);
                    w.Write(',');
                    w.Write(((TransmitterPhase)(int)t.Row(s, i)[0]).ToString());
                    w.Write('\n');
                }
            }
        });
    }

    /// <summary>rates.csv: <c>population,binStartMs,rateHz</c> for every rate monitor.</summary>
    /// <param name="path">The file.</param>
    /// <param name="engine">The engine after a run.</param>
    public static void WriteRates(string path, SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        AtomicFile.Write(path, stream =>
        {
            using var w = Writer(stream);
            w.Write("population,binStartMs,rateHz\n");
            foreach (var m in engine.RateMonitors)
            {
                var rates = m.RatesHz();
                for (int b = 0; b < rates.Length; b++)
                    w.Write(string.Create(CultureInfo.InvariantCulture, $"{m.Target},{Math.Round(b * m.BinMs, 6)},{rates[b]:R}\n"));
            }
        });
    }

    private static StreamWriter Writer(Stream stream) => new(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);

    private static string Time(int step, double dtMs) => Math.Round(step * dtMs, 9).ToString("R", CultureInfo.InvariantCulture);
}
