// Simulating a network file (docs/formats.md): neurons, populations, projections, inputs and monitors
// in one JSON file, run on the spiking engine. Usage: SimulateNetwork NETWORK.json [DURATION_MS]
// e.g. SimulateNetwork ../../networks/reflex-arc.json 200
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: SimulateNetwork NETWORK.json [DURATION_MS]");
    return 2;
}
NetworkSpec spec = NetworkFile.Load(args[0]);
double durationMs = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;

var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 1 });
RunResult run = engine.Run(spec.StepsFor(durationMs, "DURATION_MS"));

Console.WriteLine($"{spec.Name}: {run.Steps} steps of {engine.DtMs} ms ({run.BiologicalMs} ms)");
Console.WriteLine($"{run.Spikes} spikes, {run.SynapticEvents} synaptic events in {run.Seconds:F2} s");
foreach (SpikeMonitor monitor in engine.SpikeMonitors)
    Console.WriteLine($"  {monitor.Target}: {monitor.Count} spikes from {monitor.RecordedCount} neurons, {monitor.Count * 1000.0 / Math.Max(1, monitor.RecordedCount) / run.BiologicalMs:F1} Hz each");
return 0;
