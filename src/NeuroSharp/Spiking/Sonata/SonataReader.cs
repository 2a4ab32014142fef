using System.Globalization;
using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// Builds a <see cref="NetworkSpec"/> from a SONATA circuit: one engine population per (node population,
/// node_type_id), one projection per (edge population, source population, target population, sign of the weight)
/// with the synapses listed, virtual nodes as spike sources fed from the simulation's spike inputs, and current
/// clamps and I_e as current inputs. docs/sonata.md has the mapping and the units.
/// </summary>
internal sealed partial class SonataReader
{
    /// <summary>Bytes held per node while reading (type ids, group ids and indices as longs, the engine index).</summary>
    internal const long BytesPerNode = 48;

    /// <summary>Bytes held per edge while reading (five long columns, two double columns, the listed synapse).</summary>
    internal const long BytesPerEdge = 96;

    private readonly SonataConfig _config;
    private readonly MemoryBudget _budget;
    private readonly double _dt;
    private readonly Dictionary<string, NodePopulation> _nodePopulations = new(StringComparer.Ordinal);
    private readonly List<EnginePopulation> _populations = [];
    private readonly Dictionary<(string Population, long Type, string Overrides), EnginePopulation> _byType = [];
    private readonly Dictionary<(string Population, long Type), int> _overrideSets = [];
    private readonly Dictionary<(string Table, long Type, string Overrides), SonataCell> _cells = [];
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly List<InputSpec> _inputs = [];
    private readonly Dictionary<DriveKey, List<int>> _drives = [];
    private readonly Action<string>? _warning;
    private readonly HashSet<string> _checkedTables = new(StringComparer.Ordinal);

    /// <summary>The node type columns the reader uses.</summary>
    internal static readonly string[] NodeTypeColumns = ["node_type_id", "model_type", "model_template", "dynamics_params", "poisson_sources"];

    /// <summary>The edge type columns the reader uses.</summary>
    internal static readonly string[] EdgeTypeColumns = ["edge_type_id", "model_template", "dynamics_params", "weight_function", "syn_weight", "delay", "nsyns"];

    /// <summary>Columns SONATA defines for type tables that the reader leaves to the builder's tools (no warning, no suggestion).</summary>
    internal static readonly string[] IgnoredTypeColumns =
    [
        "model_processing", "model_name", "morphology", "pop_name", "population", "x", "y", "z", "rotation_angle_xaxis", "rotation_angle_yaxis",
        "rotation_angle_zaxis", "location", "ei", "tuning_angle", "efferent_section_id", "afferent_section_id", "distance_range", "target_sections",
    ];

    private SonataReader(SonataConfig config, MemoryBudget budget, Action<string>? warning)
    {
        _config = config;
        _budget = budget;
        _warning = warning;
        _dt = config.DtMs ?? new NetworkSpec().DtMs;
    }

    /// <summary>A SONATA node population: where each row went in the engine.</summary>
    private sealed class NodePopulation(string name, string file, int count, long[] typeIds, SonataCsv types, Dictionary<long, (int Line, string[] Cells)> typeRows)
    {
        public string Name { get; } = name;
        public string File { get; } = file;
        public int Count { get; } = count;
        public long[] TypeIds { get; } = typeIds;
        public SonataCsv Types { get; } = types;
        public Dictionary<long, (int Line, string[] Cells)> TypeRows { get; } = typeRows;
        public EnginePopulation[] Engine { get; } = new EnginePopulation[count];
        public int[] Local { get; } = new int[count];

        /// <summary>Each node's own model_type and model_template where its group sets them (null: its type's).</summary>
        public (string? ModelType, string? Template)[] OwnModel { get; } = new (string?, string?)[count];
    }

    /// <summary>The nodes of one type in one node population.</summary>
    private sealed class EnginePopulation(string name, SonataCell cell, string where)
    {
        public string Name { get; } = name;
        public SonataCell Cell { get; } = cell;
        public string Where { get; } = where;
        public int Count { get; set; }
        public List<int> SpikeIndices { get; } = [];
        public List<double> SpikeTimes { get; } = [];
    }

    /// <summary>The synapses of one projection being collected.</summary>
    private sealed class Bucket(string name, EnginePopulation source, EnginePopulation target, Receptor receptor, int port)
    {
        public int Port { get; } = port;

        public string Name { get; } = name;
        public EnginePopulation Source { get; } = source;
        public EnginePopulation Target { get; } = target;
        public Receptor Receptor { get; } = receptor;
        public List<int> Sources { get; } = [];
        public List<int> Targets { get; } = [];
        public List<double> Weights { get; } = [];
        public List<double> Delays { get; } = [];
    }

    /// <summary>Reads the circuit (and simulation) a config describes; <paramref name="warning"/> hears of misspelt columns.</summary>
    public static NetworkSpec Read(SonataConfig config, MemoryBudget budget, Action<string>? warning = null)
    {
        var reader = new SonataReader(config, budget, warning);
        foreach (var (nodes, types, field) in config.Nodes) reader.ReadNodes(nodes, types, field);
        foreach (var (edges, types, field) in config.Edges) reader.ReadEdges(edges, types, field);
        foreach (var input in config.Inputs) reader.ReadInput(input);
        return reader.Build();
    }

    private void ReadNodes(string path, string typesPath, string field)
    {
        var types = SonataCsv.Load(typesPath, $"{field}.node_types_file");
        WarnOfNearMisses(types, NodeTypeColumns);
        var byId = TypeRows(types, "node_type_id");
        using var h5 = SonataHdf5.Open(path, $"{field}.nodes_file");
        h5.Group("/nodes", "a SONATA nodes file keeps its populations under /nodes");
        var (populations, _) = h5.Children("/nodes");
        if (populations.Count == 0) throw new InvalidInputException($"{path}: /nodes has no populations.");
        foreach (string pop in populations)
        {
            string at = $"/nodes/{pop}";
            long n = h5.Length($"{at}/node_type_id");
            _budget.Require($"{path}: {at} ({n} nodes)", MemoryBudget.Times(n, BytesPerNode));
            if (n > int.MaxValue) throw new InvalidInputException($"{path}: {at} has {n} nodes, more than NeuroSharp's populations hold.");
            if (_nodePopulations.ContainsKey(pop)) throw new InvalidInputException($"{path}: {at} is a node population that {_nodePopulations[pop].File} already defines.");
            CheckNodeGroups(h5, at);
            long[] typeIds = h5.Integers($"{at}/node_type_id");
            if (h5.Exists($"{at}/node_id"))
            {
                long[] ids = h5.Integers($"{at}/node_id");
                int wrong = FirstMismatch(ids);
                if (wrong >= 0) throw new InvalidInputException($"{path}: {at}/node_id[{wrong}] is {ids[wrong]}; SONATA's node ids are the row numbers (0, 1, 2, ...), and NeuroSharp reads no other numbering.");
            }
            var population = new NodePopulation(pop, path, (int)n, typeIds, types, byId);
            var overrides = NodeOverrides(h5, at, (int)n);
            for (int i = 0; i < n; i++)
            {
                long type = typeIds[i];
                var (key, own) = overrides(i);
                if (!_byType.TryGetValue((pop, type, key), out var engine))
                {
                    if (!byId.TryGetValue(type, out var row))
                        throw new InvalidInputException($"{path}: {at}/node_type_id[{i}] is {type}, which {typesPath} does not list.");
                    var cell = CellOf(types, row, type, key, own, $"{path}: {at}", i);
                    string name = $"{pop}_{type.ToString(CultureInfo.InvariantCulture)}";
                    if (key.Length > 0)
                    {
                        // Each distinct per-node model (template, parameters) is its own engine population: <pop>_<type>_<k>.
                        int k = _overrideSets[(pop, type)] = _overrideSets.GetValueOrDefault((pop, type)) + 1;
                        name += $"_{k.ToString(CultureInfo.InvariantCulture)}";
                    }
                    engine = new EnginePopulation(name, cell, $"{typesPath}: line {row.Line}");
                    _byType[(pop, type, key)] = engine;
                    _populations.Add(engine);
                }
                population.OwnModel[i] = (own.ModelType, own.Template);
                population.Engine[i] = engine;
                population.Local[i] = engine.Count++;
            }
            _nodePopulations[pop] = population;
        }
    }

    private static int FirstMismatch(long[] ids)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] != i) return i;
        }
        return -1;
    }

    /// <summary>Per-node attributes NeuroSharp cannot honour are refused (model_type, model_template and dynamics_params are read per node).</summary>
    private static void CheckNodeGroups(SonataHdf5 h5, string at)
    {
        var (groups, _) = h5.Children(at);
        foreach (string g in groups)
        {
            var (subgroups, datasets) = h5.Children($"{at}/{g}");
            foreach (string name in datasets.Concat(subgroups))
            {
                if (name is "model_processing")
                    throw new InvalidInputException($"{h5.Path}: {at}/{g}/{name} sets a model processing per node, which NeuroSharp's point neurons do not have.");
                if (name is "model_template" or "model_type" && subgroups.Contains(name))
                    throw new InvalidInputException($"{h5.Path}: {at}/{g}/{name} is a group; a per-node {name} is a dataset of strings.");
                if (name == "dynamics_params" && !subgroups.Contains(name))
                    throw new InvalidInputException($"{h5.Path}: {at}/{g}/dynamics_params is a dataset; per-node parameters are a group with one dataset per parameter.");
            }
        }
    }

    private static Dictionary<long, (int Line, string[] Cells)> TypeRows(SonataCsv table, string idColumn)
    {
        if (!table.Has(idColumn)) throw new InvalidInputException($"{table.Path}: the header has no {idColumn} column.");
        var rows = new Dictionary<long, (int, string[])>();
        foreach (var row in table.Rows)
        {
            string text = table.Cell(row, idColumn) ?? throw new InvalidInputException($"{table.Path}: line {row.Line} has no {idColumn}.");
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
                throw new InvalidInputException($"{table.Path}: line {row.Line} has {idColumn} '{text}', not a whole number.");
            if (!rows.TryAdd(id, row)) throw new InvalidInputException($"{table.Path}: line {row.Line} repeats {idColumn} {id}.");
        }
        return rows;
    }

    private SonataCell CellOf(SonataCsv types, (int Line, string[] Cells) row, long type, string key, NodeModel own, string nodes, int node)
    {
        if (_cells.TryGetValue((types.Path, type, key), out var cached)) return cached;
        string where = $"{types.Path}: line {row.Line}";
        var values = own.Values;
        // A node's own model_type / model_template replace its type's (SONATA: a group's attribute overrides the type's column).
        if (own.ModelType is not null || own.Template is not null) where += $" with the per-node model of {nodes} (node {node})";
        string modelType = own.ModelType ?? types.Cell(row, "model_type") ?? throw new InvalidInputException($"{where} has no model_type.");
        string template = own.Template ?? types.Cell(row, "model_template") ?? "";
        SonataCell cell;
        if (modelType == "virtual") cell = SonataModels.Virtual(template);
        else if (modelType is "point_neuron" or "point_process")
        {
            if (template.Length == 0) throw new InvalidInputException($"{where} has model_type {modelType} but no model_template.");
            JsonElement? parameters = null;
            string? paramsFile = null;
            if (types.Cell(row, "dynamics_params") is { } name)
            {
                paramsFile = ComponentFile(_config.CellModelsDir, "point_neuron_models_dir", name, where);
                parameters = SonataConfig.Parse(paramsFile);
            }
            if (values.Count > 0)
            {
                parameters = Merge(parameters, values);
                where += own.Template is null && own.ModelType is null ? $" with the per-node dynamics_params of {nodes}" : " and its dynamics_params";
            }
            cell = template == "nest:poisson_generator"
                ? SonataModels.PoissonGenerator(template, parameters, PoissonSources(types, row, where), where, paramsFile)
                : SonataModels.Map(template, parameters, where, paramsFile, _dt);
        }
        else
        {
            throw new InvalidInputException($"{where}: model_type is '{modelType}'; NeuroSharp simulates point neurons (point_neuron, point_process) and virtual nodes, not morphologies.");
        }
        _cells[(types.Path, type, key)] = cell;
        return cell;
    }

    /// <summary>NeuroSharp's poisson_sources column of node_types.csv (the engine sources a generator stands for), or null.</summary>
    /// <summary>Warns once per table of a column a small edit from one the reader uses (SONATA allows extra columns).</summary>
    private void WarnOfNearMisses(SonataCsv table, string[] read)
    {
        if (_warning is null || !_checkedTables.Add(table.Path)) return;
        foreach (string sentence in table.NearMisses(read, IgnoredTypeColumns)) _warning(sentence);
    }

    private static int? PoissonSources(SonataCsv types, (int Line, string[] Cells) row, string where)
    {
        if (types.Cell(row, "poisson_sources") is not { } text) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n : throw new InvalidInputException($"{where}: poisson_sources is '{text}', not a whole number of at least 1.");
    }

    private string ComponentFile(string? dir, string component, string name, string where)
    {
        if (dir is null) throw new InvalidInputException($"{where} names dynamics_params '{name}', but {_config.Path} sets no components.{component}.");
        string file = Path.GetFullPath(Path.Combine(dir, name));
        if (!File.Exists(file)) throw new InvalidInputException($"{where} names dynamics_params '{name}', which is not in {dir} (components.{component}).");
        return file;
    }

    /// <summary>The engine population and index of a node, by population and node id.</summary>
    private (EnginePopulation Population, int Index) Node(string population, long id, string where)
    {
        if (!_nodePopulations.TryGetValue(population, out var p))
            throw new InvalidInputException($"{where} names node population '{population}', which no nodes file of the circuit defines.");
        if (id < 0 || id >= p.Count) throw new InvalidInputException($"{where} is node {id}, outside population '{population}' of {p.Count} nodes.");
        return (p.Engine[id], p.Local[id]);
    }

    private static string Show(double v) => SonataConfig.Show(v);
}
