using PureHDF;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>
/// Writes small SONATA circuits for the tests with PureHDF: a circuit config with a manifest and component
/// directories, nodes.h5 and node_types.csv, edges.h5 and edge_types.csv, dynamics_params files, and optionally a
/// simulation config with a spike-train file.
/// </summary>
internal sealed class SonataFixture
{
    private readonly string _dir;

    public SonataFixture(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(Path.Combine(dir, "network"));
        Directory.CreateDirectory(Path.Combine(dir, "components", "cells"));
        Directory.CreateDirectory(Path.Combine(dir, "components", "synapses"));
    }

    /// <summary>Node populations: name, node type ids per node.</summary>
    public List<(string Name, ulong[] Types)> NodePopulations { get; } = [];

    /// <summary>node_types.csv lines after the header "node_type_id model_type model_template dynamics_params".</summary>
    public List<string> NodeTypes { get; } = [];

    /// <summary>Edges of one population "source_pop->target_pop": sources, targets, type ids, syn_weight per edge (group 0), delay per edge or null.</summary>
    public List<(string Source, string Target, ulong[] From, ulong[] To, uint[] Types, double[] Weights, double[]? Delays)> EdgePopulations { get; } = [];

    /// <summary>edge_types.csv lines after the header "edge_type_id model_template dynamics_params delay".</summary>
    public List<string> EdgeTypes { get; } = ["1 static_synapse syn.json 1.0"];

    /// <summary>Spike inputs (population, node ids, times), written to inputs.h5 and named by the simulation config.</summary>
    public (string Population, ulong[] Ids, double[] Times)? Spikes { get; set; }

    /// <summary>A run section's dt and tstop, or null.</summary>
    public (double Dt, double Tstop)? Run { get; set; } = (0.1, 100);

    /// <summary>Extra inputs as JSON members ("name": {...}) for the simulation config.</summary>
    public List<string> ExtraInputs { get; } = [];

    /// <summary>Per-node dynamics_params: (population, parameter, one value per node), written to the population's group 0.</summary>
    public List<(string Population, string Name, double[] Values)> NodeParams { get; } = [];

    /// <summary>Per-node string attributes (model_template, model_type): (population, name, one value per node), written to group 0.</summary>
    public List<(string Population, string Name, string[] Values)> NodeStrings { get; } = [];

    /// <summary>The simulation config's node_sets object (JSON text), or null.</summary>
    public string? NodeSets { get; set; }

    /// <summary>Writes a dynamics_params file for cells.</summary>
    public void Cell(string name, string json) => File.WriteAllText(Path.Combine(_dir, "components", "cells", name), json);

    /// <summary>Writes everything and returns the simulation config's path (which names the circuit config).</summary>
    public string Write()
    {
        File.WriteAllText(Path.Combine(_dir, "components", "synapses", "syn.json"), "{}");
        string net = Path.Combine(_dir, "network");
        var nodes = new H5Group();
        foreach (var (name, types) in NodePopulations)
        {
            var group = new H5Group { ["x"] = Enumerable.Range(0, types.Length).Select(i => (double)i).ToArray() };
            foreach (var (_, attribute, values) in NodeStrings.Where(q => q.Population == name)) group[attribute] = values;
            var own = NodeParams.Where(q => q.Population == name).ToList();
            if (own.Count > 0)
            {
                var dynamics = new H5Group();
                foreach (var (_, parameter, values) in own) dynamics[parameter] = values;
                group["dynamics_params"] = dynamics;
            }
            nodes[name] = new H5Group
            {
                ["node_type_id"] = types,
                ["node_group_id"] = new uint[types.Length],
                ["node_group_index"] = Enumerable.Range(0, types.Length).Select(i => (ulong)i).ToArray(),
                ["0"] = group,
            };
        }
        new H5File { ["nodes"] = nodes }.Write(Path.Combine(net, "nodes.h5"));
        File.WriteAllLines(Path.Combine(net, "node_types.csv"), ["node_type_id model_type model_template dynamics_params", .. NodeTypes]);
        var edges = new H5Group();
        foreach (var e in EdgePopulations)
        {
            var group = new H5Group { ["syn_weight"] = e.Weights };
            if (e.Delays is not null) group["delay"] = e.Delays;
            edges[$"{e.Source}_to_{e.Target}"] = new H5Group
            {
                ["source_node_id"] = new H5Dataset(e.From) { Attributes = new() { ["node_population"] = e.Source } },
                ["target_node_id"] = new H5Dataset(e.To) { Attributes = new() { ["node_population"] = e.Target } },
                ["edge_type_id"] = e.Types,
                ["edge_group_id"] = new ushort[e.From.Length],
                ["edge_group_index"] = Enumerable.Range(0, e.From.Length).Select(i => (uint)i).ToArray(),
                ["0"] = group,
            };
        }
        new H5File { ["edges"] = edges }.Write(Path.Combine(net, "edges.h5"));
        File.WriteAllLines(Path.Combine(net, "edge_types.csv"), ["edge_type_id model_template dynamics_params delay", .. EdgeTypes]);
        File.WriteAllText(Path.Combine(_dir, "circuit_config.json"), """
            {
              "manifest": { "$BASE_DIR": "${configdir}", "$NETWORK_DIR": "$BASE_DIR/network", "$COMPONENTS": "$BASE_DIR/components" },
              "components": { "point_neuron_models_dir": "$COMPONENTS/cells", "synaptic_models_dir": "$COMPONENTS/synapses" },
              "networks": {
                "nodes": [ { "nodes_file": "$NETWORK_DIR/nodes.h5", "node_types_file": "$NETWORK_DIR/node_types.csv" } ],
                "edges": [ { "edges_file": "$NETWORK_DIR/edges.h5", "edge_types_file": "$NETWORK_DIR/edge_types.csv" } ]
              }
            }
            """);
        var inputs = new List<string>(ExtraInputs);
        if (Spikes is { } s)
        {
            new H5File
            {
                ["spikes"] = new H5Group { [s.Population] = new H5Group { ["node_ids"] = s.Ids, ["timestamps"] = s.Times } },
            }.Write(Path.Combine(_dir, "inputs.h5"));
            inputs.Add($$"""
                "stim": { "input_type": "spikes", "module": "sonata", "input_file": "$INPUT_DIR/inputs.h5", "node_set": "{{s.Population}}" }
                """);
        }
        string run = Run is { } r ? FormattableString.Invariant($"\"run\": {{ \"dt\": {r.Dt}, \"tstop\": {r.Tstop} }},") : "";
        string path = Path.Combine(_dir, "simulation_config.json");
        File.WriteAllText(path, $$"""
            {
              "manifest": { "$BASE_DIR": ".", "$INPUT_DIR": "$BASE_DIR" },
              {{run}}
              {{(NodeSets is null ? "" : $"\"node_sets\": {NodeSets},")}}
              "network": "$BASE_DIR/circuit_config.json",
              "inputs": { {{string.Join(", ", inputs)}} }
            }
            """);
        return path;
    }
}
