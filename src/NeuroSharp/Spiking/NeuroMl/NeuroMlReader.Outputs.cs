using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>A channelDensity's or channelPopulation's engine channels (one, or one per gateFractional subGate) and its nominal conductance in nS.</summary>
/// <param name="Channels">The engine channels' names.</param>
/// <param name="NominalNs">condDensity x area (or number x conductance), before q10ConductanceScaling.</param>
internal sealed record NmlOpen(IReadOnlyList<string> Channels, double NominalNs);

/// <summary>
/// The LEMS quantities of a network that are not a cell's own state: a synapse's g and block factor on a cell
/// (<c>pop[0]/synapses:SYN:0/g</c>, <c>.../synapses:SYN:0/BLOCK/blockFactor</c>) and a channel's fopen and g
/// (<c>pop[0]/biophys/membraneProperties/CHANNEL/ION_CHANNEL/fopen</c>), each as the engine variables it is made of
/// (docs/neuroml.md, "LEMS simulation files").
/// </summary>
internal sealed partial class NeuroMlReader
{
    private readonly Dictionary<XElement, NmlOpen> _opens = [];

    /// <summary>Notes the engine channels a channelDensity or channelPopulation <paramref name="x"/> became, with its nominal conductance.</summary>
    private IReadOnlyList<IonChannelSpec> Opened(XElement x, double nominalNs, IReadOnlyList<IonChannelSpec> channels)
    {
        _opens[x] = new NmlOpen([.. channels.Select(c => c.Name)], nominalNs);
        return channels;
    }

    /// <summary>The channels read under <paramref name="root"/> (a biophysicalProperties or a pointCellCondBased), by their element's id.</summary>
    private Dictionary<string, NmlOpen> OpensIn(XElement root)
    {
        var opens = new Dictionary<string, NmlOpen>(StringComparer.Ordinal);
        foreach (var (x, open) in _opens)
        {
            if (x.Ancestors().Contains(root)) opens[Id(x)] = open;
        }
        return opens;
    }

    /// <summary>
    /// Adds to what the LEMS file may record of each population: its channels' fopen and g (a conductance-based cell), and the g
    /// (and block factor) of each conductance synapse that reaches it, as the port or channel it feeds. Keys: <c>CHANNEL/fopen</c>,
    /// <c>CHANNEL/g</c>, <c>synapses:SYN/g</c>, <c>synapses:SYN/blockFactor</c>, <c>synapses:SYN/BLOCK/blockFactor</c>.
    /// </summary>
    private void AddOutputRecordables(IEnumerable<Population> populations, IReadOnlyList<PopulationSpec> specs)
    {
        if (_recordables is null) return;
        foreach (var p in populations)
        {
            var spec = specs.First(s => s.Name == p.Name);
            var entries = new Dictionary<string, NeuroMlRecordable>(StringComparer.Ordinal);
            if (spec.Model is HodgkinHuxleyNeuronSpec hh && p.Cell.Conductance is { } cell)
            {
                var recorded = new HashSet<string>(hh.ChannelCurrentNames(), StringComparer.Ordinal);
                foreach (var (id, open) in cell.Opens)
                {
                    // fopen = g prod x^p (sum f q for a gateFractional) x the q10 conductance scaling = sum of the engine's CHANNEL_g / nominal g.
                    var names = open.Channels.Select(c => c + "_g").ToList();
                    if (open.NominalNs <= 0 || !names.TrueForAll(recorded.Contains)) continue;
                    entries[id + "/fopen"] = new NeuroMlRecordable(names[0], 1 / open.NominalNs) { Plus = names.Count > 1 ? names[1..] : null };
                    entries[id + "/g"] = new NeuroMlRecordable(names[0], 1e-9) { Plus = names.Count > 1 ? names[1..] : null };
                }
            }
            foreach (var s in p.Used.Where(u => !u.CurrentBased))
            {
                int port = PortOf(p, s);
                string? variable = spec.Model switch
                {
                    HodgkinHuxleyNeuronSpec or ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec when port > 0 => SynapticPortSpec.Of(spec.Model)[port - 1].Name,
                    ConductanceLifNeuronSpec or Izhikevich2007NeuronSpec or HodgkinHuxleyNeuronSpec => ReceptorOf(p, s) == Receptor.Excitatory ? "ge" : "gi",
                    _ => null,
                };
                if (variable is null) continue;
                var channel = (port, ReceptorOf(p, s));
                // The engine's conductance is in units of the cell's leak (nS for hh and izhikevich2007Cell, whose LeakNs is 1); PyNN's
                // synapses write g as a number in uS.
                double toSi = s.DimensionlessG ? p.Cell.LeakNs / 1000 : p.Cell.LeakNs * 1e-9;
                if (s.Block is not null && port > 0)
                {
                    entries[$"synapses:{s.Id}/g"] = new NeuroMlRecordable(variable + "_g", toSi) { Channel = channel };
                    entries[$"synapses:{s.Id}/blockFactor"] = new NeuroMlRecordable(variable + "_block", 1) { Channel = channel };
                    if (s.BlockId is { } block) entries[$"synapses:{s.Id}/{block}/blockFactor"] = new NeuroMlRecordable(variable + "_block", 1) { Channel = channel };
                }
                else
                {
                    entries[$"synapses:{s.Id}/g"] = new NeuroMlRecordable(variable, toSi) { Channel = channel };
                }
            }
            if (entries.Count == 0) continue;
            if (_recordables.TryGetValue(p.Name, out var existing))
            {
                foreach (var (k, v) in existing) entries.TryAdd(k, v);
            }
            _recordables[p.Name] = entries;
        }
    }
}
