using System.Globalization;
using System.Text;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Testing;

/// <summary>
/// What a spiking run leaves that a reader can see, as exact text, for the tests that compare two runs bit for bit (a run cut
/// by a checkpoint against one run of the whole, on the CPU and on a device): <see cref="WithEveryMonitor"/> watches every
/// population, <see cref="Of"/> writes counters, monitors and weights with every float as its bits.
/// </summary>
public static class EngineFingerprint
{
    /// <summary>
    /// The network with a spike monitor on every single neuron and population, a rate monitor (2 ms bins) and a state monitor of
    /// the first 10 neurons of each population (every third step).
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="variables">The variables a population's state monitor takes; default: every scalar state variable of its model.</param>
    /// <returns>The network with the monitors added to its own.</returns>
    public static NetworkSpec WithEveryMonitor(NetworkSpec spec, Func<NeuronModelSpec, string[]>? variables = null)
    {
        variables ??= model => NeuronModels.StateVariables(model).Where(v => !v.Contains('[')).ToArray();
        var monitors = spec.Monitors.ToList();
        foreach (var n in spec.Neurons) monitors.Add(new SpikeMonitorSpec { Target = n.Id });
        foreach (var p in spec.Populations)
        {
            monitors.Add(new SpikeMonitorSpec { Target = p.Name });
            monitors.Add(new RateMonitorSpec { Target = p.Name, BinMs = 2 });
            string[] watched = variables(p.Model);
            if (watched.Length > 0 && !NeuronModels.IsSource(p.Model))
                monitors.Add(new StateMonitorSpec { Target = p.Name, Variables = watched, Indices = [.. Enumerable.Range(0, Math.Min(10, p.Count))], EverySteps = 3 });
        }
        return spec with { Monitors = monitors };
    }

    /// <summary>Counters, every monitor's records, every projection's weights and, with <paramref name="withV"/>, every group's v.</summary>
    /// <param name="e">The engine after its run.</param>
    /// <param name="withV">Also every group's membrane potential (a device run's state, not only what its monitors saw).</param>
    /// <returns>The text; equal texts mean equal runs to the bit.</returns>
    public static string Of(SpikingEngine e, bool withV = false)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"steps {e.StepCount} spikes {e.SpikeTotal} events {e.SynapticEvents}\n");
        foreach (var m in e.SpikeMonitors) b.Append(m.Target).Append(": ").AppendJoin(',', m.Steps.ToArray()).Append(" | ").AppendJoin(',', m.Neurons.ToArray()).Append('\n');
        foreach (var m in e.StateMonitors)
        {
            b.Append(m.Target).Append(" state at ").AppendJoin(',', m.Steps.ToArray()).Append('\n');
            foreach (string v in m.Variables) b.Append(v).Append(": ").AppendJoin(',', m.Values(v).ToArray().Select(Exact)).Append('\n');
        }
        foreach (var m in e.RateMonitors) b.Append(m.Target).Append(" rates ").AppendJoin(',', m.Counts.ToArray()).Append('\n');
        if (e.TransmitterState is { } t)
            b.Append("transmitters ").AppendJoin(',', t.Steps.ToArray()).Append(" | ").AppendJoin(',', t.RecordedValues.ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        foreach (string p in e.ProjectionNames) b.Append(p).Append(" w ").AppendJoin(',', e.GetProjection(p).Weights.Select(Exact)).Append('\n');
        if (withV)
        {
            foreach (var g in e.Groups)
                if (g.Variable("v") is not null) b.Append(g.Name).Append(" v ").AppendJoin(',', e.GetVariable(g.Name, "v").Select(Exact)).Append('\n');
        }
        return b.ToString();
    }

    private static string Exact(float x) => BitConverter.SingleToInt32Bits(x).ToString("x8", CultureInfo.InvariantCulture);
}
