using System.Globalization;
using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

internal sealed partial class SonataReader
{
    /// <summary>What an edge type gives its edges unless the edge's group overrides it.</summary>
    private sealed record EdgeType(double? Weight, double? DelayMs, double? Nsyns, int Line, int Port);

    /// <summary>Edge group datasets that change the synapse model per edge, which NeuroSharp does not read.</summary>
    private static readonly HashSet<string> PerEdgeModel = new(StringComparer.Ordinal) { "model_template", "dynamics_params", "receptor_type" };

    /// <summary>NEST's default delay of a static_synapse, for edges whose file gives none.</summary>
    internal const double NestDefaultDelayMs = 1;

    private void ReadEdges(string path, string typesPath, string field)
    {
        var table = SonataCsv.Load(typesPath, $"{field}.edge_types_file");
        WarnOfNearMisses(table, EdgeTypeColumns);
        var types = new Dictionary<long, EdgeType>();
        foreach (var (id, row) in TypeRows(table, "edge_type_id")) types[id] = ReadEdgeType(table, row);
        using var h5 = SonataHdf5.Open(path, $"{field}.edges_file");
        h5.Group("/edges", "a SONATA edges file keeps its populations under /edges");
        var (populations, _) = h5.Children("/edges");
        foreach (string pop in populations)
        {
            string at = $"/edges/{pop}";
            long m = h5.Length($"{at}/source_node_id");
            _budget.Require($"{path}: {at} ({m} edges)", MemoryBudget.Times(m, BytesPerEdge));
            long[] sources = h5.Integers($"{at}/source_node_id");
            long[] targets = h5.Integers($"{at}/target_node_id");
            long[] typeIds = h5.Integers($"{at}/edge_type_id");
            foreach (var (name, column) in new[] { ("target_node_id", targets), ("edge_type_id", typeIds) })
            {
                if (column.Length != m) throw new InvalidInputException($"{path}: {at}/{name} has {column.Length} values but source_node_id has {m}.");
            }
            string sourcePop = NodePopulationOf(h5, $"{at}/source_node_id");
            string targetPop = NodePopulationOf(h5, $"{at}/target_node_id");
            long[]? groupIds = h5.Exists($"{at}/edge_group_id") ? h5.Integers($"{at}/edge_group_id") : null;
            long[]? groupIndex = h5.Exists($"{at}/edge_group_index") ? h5.Integers($"{at}/edge_group_index") : null;
            var groups = ReadEdgeGroups(h5, at);
            for (long k = 0; k < m; k++)
            {
                string edge = string.Create(CultureInfo.InvariantCulture, $"{path}: {at}");
                if (!types.TryGetValue(typeIds[k], out var type))
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edge}/edge_type_id[{k}] is {typeIds[k]}, which {typesPath} does not list."));
                var (src, srcIndex) = Node(sourcePop, sources[k], string.Create(CultureInfo.InvariantCulture, $"{edge}/source_node_id[{k}]"));
                var (tgt, tgtIndex) = Node(targetPop, targets[k], string.Create(CultureInfo.InvariantCulture, $"{edge}/target_node_id[{k}]"));
                if (tgt.Cell.IsSource)
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edge}/target_node_id[{k}] is node {targets[k]} of '{targetPop}', a {(tgt.Cell.IsVirtual ? "virtual node" : "poisson_generator")}, which receives no input."));
                long g = groupIds?[k] ?? 0;
                long gi = groupIndex?[k] ?? k;
                groups.TryGetValue(g, out var group);
                double weight = Value(group, "syn_weight", gi) ?? type.Weight
                    ?? throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edge}[{k}] has no syn_weight: neither its group {at}/{g} nor line {type.Line} of {typesPath} gives one."));
                // Without a delay NEST's static_synapse uses its default of 1 ms (bmtk passes none then).
                double delay = Value(group, "delay", gi) ?? type.DelayMs ?? NestDefaultDelayMs;
                double nsyns = Value(group, "nsyns", gi) ?? type.Nsyns ?? 1;
                if (!double.IsFinite(weight * nsyns))
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edge}[{k}] has weight {Show(weight)} x nsyns {Show(nsyns)}, not a finite number."));
                // NEST rejects a delay below the resolution; so does this reader, rather than shift a spike's arrival.
                if (!(delay >= _dt - 1e-9 * _dt))
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edge}[{k}] has delay {Show(delay)} ms, below the step dt = {Show(_dt)} ms (NEST's smallest delay)."));
                double w = tgt.Cell.Scale(weight * nsyns);
                var receptor = w < 0 ? Receptor.Inhibitory : Receptor.Excitatory;
                string edgeAt = string.Create(CultureInfo.InvariantCulture, $"{edge}[{k}] (edge type {typeIds[k]}, line {type.Line} of {typesPath})");
                int port = Port(tgt, type.Port, edgeAt);
                if (w < 0 && tgt.Cell.Model is GlifNeuronSpec { ConductancePorts: true })
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{edgeAt} has weight {Show(weight * nsyns)} onto {tgt.Cell.Template} of '{tgt.Name}', a negative conductance; give a weight of at least 0 (the port's E_rev makes it inhibitory)."));
                if (src.Cell.IsGenerator)
                {
                    AddDrive(src, srcIndex, tgt, tgtIndex, receptor, port, Math.Abs(w));
                    continue;
                }
                string key = $"{pop}:{src.Name}->{tgt.Name}:{(receptor == Receptor.Excitatory ? "exc" : "inh")}" + (port > 0 ? string.Create(CultureInfo.InvariantCulture, $":port{port}") : "");
                if (!_buckets.TryGetValue(key, out var bucket))
                {
                    bucket = new Bucket(key, src, tgt, receptor, port);
                    _buckets[key] = bucket;
                }
                bucket.Sources.Add(srcIndex);
                bucket.Targets.Add(tgtIndex);
                bucket.Weights.Add(Math.Abs(w));
                bucket.Delays.Add(Math.Max(0, delay - tgt.Cell.DelayShiftMs));
            }
        }
    }

    /// <summary>
    /// The engine port of an edge's receptor_type: 0 for NEST's single-port models (which take only 0); 1..n for glif_psc, whose
    /// ports each have their own tau_syn (NEST refuses 0 there).
    /// </summary>
    private static int Port(EnginePopulation target, int port, string edge)
    {
        if (target.Cell.PortTausMs is not { } taus)
        {
            return port == 0 ? 0 : throw new InvalidInputException($"{edge} has receptor_type {port}, but {target.Cell.Template} has one receptor port (0).");
        }
        if (port < 1 || port > taus.Count)
            throw new InvalidInputException($"{edge} has receptor_type {port}; {target.Cell.Template} of '{target.Name}' has ports 1 to {taus.Count} (one per tau_syn).");
        return port;
    }

    /// <summary>One generator node's edges onto one engine population with one weight and channel: a Poisson input.</summary>
    private sealed record DriveKey(EnginePopulation Generator, int Node, EnginePopulation Target, Receptor Receptor, int Port, double Weight);

    /// <summary>
    /// An edge from a poisson_generator: NEST gives each edge its own train, as the engine's Poisson input gives each listed neuron
    /// (a neuron listed twice gets two). The edge's delay only postpones a stationary train's start; the engine's starts at step 0.
    /// </summary>
    private void AddDrive(EnginePopulation generator, int node, EnginePopulation target, int index, Receptor receptor, int port, double weight)
    {
        var key = new DriveKey(generator, node, target, receptor, port, weight);
        if (!_drives.TryGetValue(key, out var indices)) _drives[key] = indices = [];
        indices.Add(index);
    }

    private static double? Value(Dictionary<string, double[]>? group, string name, long index)
    {
        if (group is null || !group.TryGetValue(name, out var column)) return null;
        return index >= 0 && index < column.Length ? column[index] : throw new InvalidInputException($"edge_group_index {index} is outside its group's {name} of {column.Length} values.");
    }

    /// <summary>The numeric columns NeuroSharp reads from each edge group (syn_weight, delay, nsyns); other columns (positions, ...) are ignored.</summary>
    private static Dictionary<long, Dictionary<string, double[]>> ReadEdgeGroups(SonataHdf5 h5, string at)
    {
        var result = new Dictionary<long, Dictionary<string, double[]>>();
        var (groups, _) = h5.Children(at);
        foreach (string g in groups)
        {
            if (g == "indices") continue;
            if (!long.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id)) continue;
            var (subgroups, datasets) = h5.Children($"{at}/{g}");
            foreach (string name in datasets.Concat(subgroups))
            {
                if (PerEdgeModel.Contains(name))
                    throw new InvalidInputException($"{h5.Path}: {at}/{g}/{name} sets the synapse model per edge; NeuroSharp reads it from edge_types.csv, one per edge type.");
            }
            var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (string name in datasets)
            {
                if (name is "syn_weight" or "delay" or "nsyns") columns[name] = h5.Numbers($"{at}/{g}/{name}");
            }
            result[id] = columns;
        }
        return result;
    }

    private string NodePopulationOf(SonataHdf5 h5, string dataset)
    {
        if (h5.StringAttribute(dataset, "node_population") is { } name) return name;
        if (_nodePopulations.Count == 1) return _nodePopulations.Keys.First();
        throw new InvalidInputException($"{h5.Path}: {dataset} has no node_population attribute, and the circuit has {_nodePopulations.Count} node populations to choose from.");
    }

    private EdgeType ReadEdgeType(SonataCsv table, (int Line, string[] Cells) row)
    {
        string where = $"{table.Path}: line {row.Line}";
        string template = table.Cell(row, "model_template") ?? "static_synapse";
        if (template is not ("static_synapse" or "nest:static_synapse"))
            throw new InvalidInputException($"{where}: model_template is '{template}'; NeuroSharp reads static synapses (static_synapse) from SONATA.");
        if (table.Cell(row, "weight_function") is { } function)
            throw new InvalidInputException($"{where}: weight_function is '{function}', a Python function of the model's builder that NeuroSharp cannot run; write the weights into syn_weight.");
        int port = 0;
        if (table.Cell(row, "dynamics_params") is { } name)
        {
            string file = ComponentFile(_config.SynapseModelsDir, "synaptic_models_dir", name, where);
            foreach (var p in SonataConfig.Parse(file).EnumerateObject())
            {
                // receptor_type picks the target's port (glif_psc has several; the others only 0), checked per edge.
                if (p.Name is "receptor_type" && SonataConfig.Finite(p.Value) is { } r && r >= 0 && r == Math.Floor(r) && r < 1000)
                {
                    port = (int)r;
                    continue;
                }
                bool harmless = p.Name is "synapse_model" or "model" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is "static_synapse";
                if (!harmless)
                    throw new InvalidInputException($"{file}: {p.Name} is {p.Value.GetRawText()}; a static synapse onto NeuroSharp's models takes no synaptic parameters but a receptor_type port (dynamics_params of {where}).");
            }
        }
        return new EdgeType(Number(table, row, "syn_weight", where), Number(table, row, "delay", where), Number(table, row, "nsyns", where), row.Line, port);
    }

    private static double? Number(SonataCsv table, (int Line, string[] Cells) row, string column, string where)
    {
        if (table.Cell(row, column) is not { } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new InvalidInputException($"{where}: {column} is '{text}', not a number.");
    }
}
