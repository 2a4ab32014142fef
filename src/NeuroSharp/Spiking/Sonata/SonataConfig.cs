using System.Globalization;
using System.Text.Json;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// A SONATA configuration as NeuroSharp reads it: the circuit (node and edge files, component directories) and,
/// where given, the simulation (run length, step, inputs). It accepts a circuit config, a simulation config whose
/// <c>network</c> names the circuit config, or the top-level <c>config.json</c> with <c>network</c> and
/// <c>simulation</c> paths. <c>manifest</c> variables (<c>$NAME</c> or <c>${NAME}</c>, and the built-in
/// <c>${configdir}</c>) are substituted and relative paths resolved against the file that names them.
/// </summary>
internal sealed class SonataConfig
{
    /// <summary>The file the user named.</summary>
    public required string Path { get; init; }

    /// <summary>Node files with their type tables.</summary>
    public List<(string Nodes, string Types, string Field)> Nodes { get; } = [];

    /// <summary>Edge files with their type tables.</summary>
    public List<(string Edges, string Types, string Field)> Edges { get; } = [];

    /// <summary>Where node types' dynamics_params files live, or null.</summary>
    public string? CellModelsDir { get; set; }

    /// <summary>Where edge types' dynamics_params files live, or null.</summary>
    public string? SynapseModelsDir { get; set; }

    /// <summary>run.dt in ms, or null.</summary>
    public double? DtMs { get; set; }

    /// <summary>run.tstop in ms, or null (also when <see cref="RunLengthGiven"/>).</summary>
    public double? TstopMs { get; set; }

    /// <summary>True when the caller sets the run's length itself (<c>--duration-ms</c>, <c>--steps</c>): run.tstop is then not read, so a bad one is no reason to refuse.</summary>
    public bool RunLengthGiven { get; init; }

    /// <summary>The simulation config's inputs (name, JSON object, the file, the directory paths resolve against, its manifest).</summary>
    public List<SonataInput> Inputs { get; } = [];

    /// <summary>Named node sets (node_sets_file), or empty.</summary>
    public Dictionary<string, JsonElement> NodeSets { get; } = new(StringComparer.Ordinal);

    /// <summary>The file that defines node sets, for messages.</summary>
    public string? NodeSetsFile { get; set; }

    /// <summary>
    /// True for a JSON file NeuroSharp reads as SONATA: a top-level object with no <c>format</c> field (which the
    /// project's network files carry) and with <c>networks</c> (a circuit config) or <c>network</c> (a simulation
    /// config or the top-level config.json).
    /// </summary>
    public static bool Is(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) return false;
        try
        {
            // Only the top level matters; a SONATA config is small, a large file is the project's own JSON.
            if (new FileInfo(path).Length > 16 << 20) return false;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), Options);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("format", out _)
                && (root.TryGetProperty("networks", out _) || root.TryGetProperty("network", out _));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads the configuration and the files it names (not the HDF5 files).</summary>
    /// <exception cref="InvalidInputException">A file is missing or malformed, or a field has the wrong type.</exception>
    public static SonataConfig Load(string path, bool runLengthGiven = false)
    {
        var config = new SonataConfig { Path = path, RunLengthGiven = runLengthGiven };
        var root = Parse(path);
        if (root.TryGetProperty("networks", out _))
        {
            config.ReadCircuit(path, root);
            config.ReadSimulation(path, root);
        }
        else
        {
            var manifest = Manifest(path, root);
            string network = config.PathField(path, root, "network", manifest) ?? throw Fail(path, "network", "is missing.");
            if (root.TryGetProperty("simulation", out _))
            {
                // The top-level config.json: { "network": circuit, "simulation": simulation }.
                config.ReadCircuitFile(network, path, "network");
                string simulation = config.PathField(path, root, "simulation", manifest)!;
                config.ReadSimulation(simulation, Parse(simulation));
            }
            else
            {
                config.ReadCircuitFile(network, path, "network");
                config.ReadSimulation(path, root);
            }
        }
        if (config.Nodes.Count == 0) throw Fail(path, "networks.nodes", "lists no node files; there is no network to simulate.");
        return config;
    }

    private void ReadCircuitFile(string circuit, string from, string field)
    {
        if (!File.Exists(circuit)) throw Fail(from, field, $"names '{circuit}', which does not exist.");
        var root = Parse(circuit);
        if (!root.TryGetProperty("networks", out _)) throw Fail(circuit, "networks", "is missing; this is not a SONATA circuit config.");
        ReadCircuit(circuit, root);
        // A circuit config may carry run and inputs too; the simulation config read after it wins.
        ReadSimulation(circuit, root);
    }

    private void ReadCircuit(string file, JsonElement root)
    {
        var manifest = Manifest(file, root);
        if (root.TryGetProperty("components", out var components))
        {
            if (components.ValueKind != JsonValueKind.Object) throw Fail(file, "components", "is not an object.");
            CellModelsDir = PathField(file, components, "point_neuron_models_dir", manifest, "components.") ?? CellModelsDir;
            SynapseModelsDir = PathField(file, components, "synaptic_models_dir", manifest, "components.") ?? SynapseModelsDir;
        }
        var networks = root.GetProperty("networks");
        if (networks.ValueKind != JsonValueKind.Object) throw Fail(file, "networks", "is not an object.");
        ReadList(file, networks, "nodes", "nodes_file", "node_types_file", manifest, Nodes);
        ReadList(file, networks, "edges", "edges_file", "edge_types_file", manifest, Edges);
    }

    private void ReadList(string file, JsonElement networks, string name, string dataField, string typesField, Dictionary<string, string> manifest,
        List<(string, string, string)> into)
    {
        if (!networks.TryGetProperty(name, out var list)) return;
        if (list.ValueKind != JsonValueKind.Array) throw Fail(file, $"networks.{name}", "is not a list.");
        int k = 0;
        foreach (var item in list.EnumerateArray())
        {
            string field = $"networks.{name}[{k++}]";
            if (item.ValueKind != JsonValueKind.Object) throw Fail(file, field, "is not an object.");
            if (item.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False) continue;
            string data = PathField(file, item, dataField, manifest, field + ".") ?? throw Fail(file, $"{field}.{dataField}", "is missing.");
            string types = PathField(file, item, typesField, manifest, field + ".") ?? throw Fail(file, $"{field}.{typesField}", "is missing.");
            into.Add((data, types, $"{file}: {field}"));
        }
    }

    private void ReadSimulation(string file, JsonElement root)
    {
        var manifest = Manifest(file, root);
        if (root.TryGetProperty("run", out var run))
        {
            if (run.ValueKind != JsonValueKind.Object) throw Fail(file, "run", "is not an object.");
            DtMs = PositiveNumber(file, run, "dt", "run.") ?? DtMs;
            if (!RunLengthGiven) TstopMs = PositiveNumber(file, run, "tstop", "run.") ?? TstopMs;
        }
        if (PathField(file, root, "node_sets_file", manifest) is { } nodeSets)
        {
            if (!File.Exists(nodeSets)) throw Fail(file, "node_sets_file", $"names '{nodeSets}', which does not exist.");
            var sets = Parse(nodeSets);
            if (sets.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{nodeSets}: the node sets file is not a JSON object.");
            foreach (var p in sets.EnumerateObject()) NodeSets[p.Name] = p.Value.Clone();
            NodeSetsFile = nodeSets;
        }
        if (root.TryGetProperty("node_sets", out var inline) && inline.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in inline.EnumerateObject()) NodeSets[p.Name] = p.Value.Clone();
            NodeSetsFile ??= file;
        }
        if (root.TryGetProperty("inputs", out var inputs))
        {
            if (inputs.ValueKind != JsonValueKind.Object) throw Fail(file, "inputs", "is not an object.");
            foreach (var p in inputs.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object) throw Fail(file, $"inputs.{p.Name}", "is not an object.");
                Inputs.Add(new SonataInput(p.Name, p.Value.Clone(), file, manifest));
            }
        }
    }

    /// <summary>Parses a JSON file.</summary>
    public static JsonElement Parse(string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file), Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{file}: the SONATA config is not a JSON object.");
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{file}: not valid JSON at line {(e.LineNumber ?? 0) + 1} ({e.Message.Split(". ")[0].TrimEnd('.')}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{file}: cannot read the SONATA config: {FileErrors.Reason(file, e)}.", e);
        }
    }

    /// <summary>The manifest's variables, each expanded (they may use each other and ${configdir}).</summary>
    public static Dictionary<string, string> Manifest(string file, JsonElement root)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("manifest", out var manifest))
        {
            if (manifest.ValueKind != JsonValueKind.Object) throw Fail(file, "manifest", "is not an object.");
            foreach (var p in manifest.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) throw Fail(file, $"manifest.{p.Name}", "is not a string.");
                raw[p.Name.TrimStart('$').Trim('{', '}')] = p.Value.GetString()!;
            }
        }
        var done = new Dictionary<string, string>(StringComparer.Ordinal) { ["configdir"] = Dir(file) };
        foreach (var name in raw.Keys) Expand(file, name, raw, done, []);
        return done;
    }

    private static string Expand(string file, string name, Dictionary<string, string> raw, Dictionary<string, string> done, HashSet<string> visiting)
    {
        if (done.TryGetValue(name, out var value)) return value;
        if (!raw.TryGetValue(name, out var text)) throw Fail(file, "manifest", $"uses ${name}, which it does not define.");
        if (!visiting.Add(name)) throw Fail(file, $"manifest.${name}", "refers to itself through other variables.");
        string expanded = Substitute(file, text, $"manifest.${name}", n => Expand(file, n, raw, done, visiting));
        done[name] = expanded;
        return expanded;
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> with their values.</summary>
    public static string Substitute(string file, string text, string field, Func<string, string> lookup)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '$')
            {
                sb.Append(text[i]);
                continue;
            }
            int start = i + 1;
            string name;
            if (start < text.Length && text[start] == '{')
            {
                int close = text.IndexOf('}', start);
                if (close < 0) throw Fail(file, field, $"is '{text}', with an unclosed ${{.");
                name = text[(start + 1)..close];
                i = close;
            }
            else
            {
                int end = start;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
                name = text[start..end];
                i = end - 1;
            }
            sb.Append(lookup(name));
        }
        return sb.ToString();
    }

    /// <summary>A path field, substituted and resolved against the file's directory; null when absent.</summary>
    public string? PathField(string file, JsonElement obj, string name, Dictionary<string, string> manifest, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw Fail(file, prefix + name, "is not a string.");
        return Resolve(file, v.GetString()!, prefix + name, manifest);
    }

    /// <summary>Substitutes manifest variables in a path and resolves it against the file's directory.</summary>
    public static string Resolve(string file, string text, string field, Dictionary<string, string> manifest)
    {
        string expanded = Substitute(file, text, field, n => manifest.TryGetValue(n, out var v) ? v : throw Fail(file, field, $"uses ${n}, which the manifest does not define."));
        return System.IO.Path.IsPathRooted(expanded) ? expanded : System.IO.Path.GetFullPath(System.IO.Path.Combine(Dir(file), expanded));
    }

    private static double? PositiveNumber(string file, JsonElement obj, string name, string prefix)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (Finite(v) is not { } x || !(x > 0))
            throw Fail(file, prefix + name, $"is {v.GetRawText()}; it must be a number above 0 (ms).");
        return x;
    }

    /// <summary>A JSON number as a finite double, or null (not a number, or out of double's range).</summary>
    public static double? Finite(JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double x) && double.IsFinite(x) ? x : null;

    private static string Dir(string file) => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? ".";

    /// <summary>A refusal naming the file and the JSON field.</summary>
    public static InvalidInputException Fail(string file, string field, string message) => new($"{file}: {field} {message}");

    /// <summary>Formats a number for messages.</summary>
    public static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One entry of a simulation config's <c>inputs</c>.</summary>
/// <param name="Name">Its key.</param>
/// <param name="Json">Its object.</param>
/// <param name="File">The config file that holds it.</param>
/// <param name="Manifest">That file's manifest, for its paths.</param>
internal sealed record SonataInput(string Name, JsonElement Json, string File, Dictionary<string, string> Manifest);
