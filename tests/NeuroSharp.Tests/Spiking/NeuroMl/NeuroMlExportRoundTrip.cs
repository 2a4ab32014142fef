using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// The export tests' round trip: JSON -> NeuroML -> JSON the same JSON, and NeuroML -> JSON -> NeuroML the same document; and the run
/// whose spikes and v a network and its read-back copy must share.
/// </summary>
internal static class NeuroMlExportRoundTrip
{
    /// <summary>
    /// Saves <paramref name="spec"/> as NeuroML at <paramref name="path"/>, reads it back, and asserts that the network's JSON comes back
    /// line for line (naming the first line that differs, with the twelve before it) and that the read network writes the same document.
    /// </summary>
    /// <returns>The network read back.</returns>
    public static NetworkSpec AssertSameJson(NetworkSpec spec, string path)
    {
        spec.Validate();
        NeuroMlFile.Save(path, spec);
        var back = NeuroMlFile.Load(path);
        string[] want = NetworkFile.ToJson(spec).Split('\n'), got = NetworkFile.ToJson(back).Split('\n');
        int first = Enumerable.Range(0, Math.Min(want.Length, got.Length)).FirstOrDefault(k => want[k] != got[k], -1);
        Assert.True(first < 0 && want.Length == got.Length, first < 0 ? $"{want.Length} lines, {got.Length} back" : $"line {first}: {want[first].Trim()} came back as {got[first].Trim()}; before it: {string.Join(" ", want[Math.Max(0, first - 12)..first].Select(l => l.Trim()))}");
        Assert.Equal(File.ReadAllText(path), NeuroMlFile.ToText(back));
        return back;
    }
    /// <summary>
    /// Runs <paramref name="spec"/> for <paramref name="steps"/> with v monitored on <paramref name="traced"/> and spikes on
    /// <paramref name="spiking"/>: the spikes (population, step, neuron) in monitor order, and each traced population's v.
    /// </summary>
    public static (List<(string Population, int Step, int Neuron)> Spikes, List<float[]> V) Run(
        NetworkSpec spec, IEnumerable<string> traced, IEnumerable<string> spiking, int steps, ulong seed)
    {
        MonitorSpec[] monitors =
        [
            .. traced.Select(c => (MonitorSpec)new StateMonitorSpec { Target = c, Variables = ["v"] }),
            .. spiking.Select(c => (MonitorSpec)new SpikeMonitorSpec { Target = c }),
        ];
        var engine = new SpikingEngine(spec with { Monitors = monitors }, new SimulationOptions { Seed = seed });
        engine.Run(steps);
        var spikes = new List<(string, int, int)>();
        foreach (var m in engine.SpikeMonitors)
        {
            for (int k = 0; k < m.Count; k++) spikes.Add((m.Target, m.Steps[k], m.Neurons[k]));
        }
        return (spikes, [.. engine.StateMonitors.Select(m => m.Values("v").ToArray())]);
    }
}
