using System.Globalization;
using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

internal sealed partial class SonataReader
{
    private void ReadInput(SonataInput input)
    {
        string field = $"inputs.{input.Name}";
        var json = input.Json;
        string type = Text(input, "input_type");
        switch (type)
        {
            case "spikes":
            {
                string module = json.TryGetProperty("module", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "sonata";
                string file = SonataConfig.Resolve(input.File, Text(input, "input_file"), $"{field}.input_file", input.Manifest);
                var (population, ids) = NodeSet(input);
                if (ids is not null) throw SonataConfig.Fail(input.File, $"{field}.node_set", "lists node ids; a spike input names a population (the spike file says which node spikes).");
                if (module is "h5" or "sonata" || (module != "csv" && file.EndsWith(".h5", StringComparison.OrdinalIgnoreCase))) SpikesFromHdf5(file, population, input);
                else if (module == "csv") SpikesFromCsv(file, population, input);
                else throw SonataConfig.Fail(input.File, $"{field}.module", $"is '{module}'; NeuroSharp reads spike trains from SONATA HDF5 (h5, sonata) and csv files.");
                break;
            }
            case "current_clamp":
            {
                foreach (string list in new[] { "input_file", "amps", "amp_list" })
                {
                    if (json.TryGetProperty(list, out _))
                        throw SonataConfig.Fail(input.File, $"{field}.{list}", "gives a list of amplitudes; NeuroSharp reads a current clamp with one amp, delay and duration.");
                }
                double amp = Number(input, "amp"), delay = Number(input, "delay"), duration = Number(input, "duration");
                if (delay < 0 || duration < 0) throw SonataConfig.Fail(input.File, field, $"has delay {Show(delay)} ms and duration {Show(duration)} ms; both must be at least 0.");
                var (population, ids) = NodeSet(input);
                if (!_nodePopulations.TryGetValue(population, out var pop))
                    throw SonataConfig.Fail(input.File, $"{field}.node_set", $"names population '{population}', which no nodes file of the circuit defines.");
                // Group the chosen nodes by engine population; the amplitude in nA (SONATA's unit) becomes pA, then the model's unit.
                var chosen = ids ?? Enumerable.Range(0, pop.Count).Select(i => (long)i).ToList();
                foreach (var group in chosen.Select(id => Node(population, id, $"{input.File}: {field}.node_set")).GroupBy(n => n.Population))
                {
                    var target = group.Key;
                    if (target.Cell.IsVirtual) continue;
                    var indices = group.Select(n => n.Index).ToList();
                    _inputs.Add(new CurrentInputSpec
                    {
                        Target = target.Name, Indices = indices.Count == target.Count ? null : indices,
                        Amplitude = amp * 1000 * target.Cell.CurrentScale, StartMs = delay, StopMs = delay + duration,
                    });
                }
                break;
            }
            default:
                throw SonataConfig.Fail(input.File, $"{field}.input_type", $"is '{type}'; NeuroSharp reads spikes and current_clamp inputs.");
        }
    }

    /// <summary>A node set as a population and, where it lists them, node ids.</summary>
    private (string Population, List<long>? Ids) NodeSet(SonataInput input)
    {
        string field = $"inputs.{input.Name}.node_set";
        if (!input.Json.TryGetProperty("node_set", out var set)) throw SonataConfig.Fail(input.File, field, "is missing.");
        string file = input.File;
        if (set.ValueKind == JsonValueKind.String)
        {
            string name = set.GetString()!;
            if (_config.NodeSets.TryGetValue(name, out var named))
            {
                set = named;
                file = _config.NodeSetsFile!;
                field = name;
            }
            else if (_nodePopulations.ContainsKey(name)) return (name, null);
            else throw SonataConfig.Fail(input.File, field, $"is '{name}', which is neither a node set nor a node population of the circuit.");
        }
        if (set.ValueKind != JsonValueKind.Object) throw SonataConfig.Fail(file, field, "is not a population name or an object.");
        string? population = null;
        List<long>? ids = null;
        foreach (var p in set.EnumerateObject())
        {
            if (p.Name == "population" && p.Value.ValueKind == JsonValueKind.String) population = p.Value.GetString();
            else if (p.Name is "node_id" or "node_ids" && p.Value.ValueKind == JsonValueKind.Array)
                ids = [.. p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : throw SonataConfig.Fail(file, $"{field}.{p.Name}", "holds a value that is not a node id."))];
            else throw SonataConfig.Fail(file, $"{field}.{p.Name}", "is a node set rule NeuroSharp does not read (it reads population and node_id).");
        }
        if (population is null)
        {
            if (_nodePopulations.Count != 1) throw SonataConfig.Fail(file, field, "names no population, and the circuit has several.");
            population = _nodePopulations.Keys.First();
        }
        return (population, ids);
    }

    /// <summary>
    /// SONATA spike files: <c>/spikes/&lt;population&gt;/timestamps</c> with <c>node_ids</c>, or the older
    /// <c>/spikes/timestamps</c> with <c>gids</c> for the node set's population.
    /// </summary>
    private void SpikesFromHdf5(string file, string population, SonataInput input)
    {
        using var h5 = SonataHdf5.Open(file, $"{input.File}: inputs.{input.Name}.input_file");
        string at;
        string idName;
        if (h5.Exists($"/spikes/{population}/timestamps"))
        {
            at = $"/spikes/{population}";
            idName = h5.Exists($"{at}/node_ids") ? "node_ids" : "gids";
        }
        else if (h5.Exists("/spikes/timestamps"))
        {
            at = "/spikes";
            idName = h5.Exists("/spikes/gids") ? "gids" : "node_ids";
        }
        else throw new InvalidInputException($"{file}: /spikes/{population}/timestamps is missing (nor is there /spikes/timestamps); the input's node set names population '{population}'.");
        long n = h5.Length($"{at}/timestamps");
        _budget.Require($"{file}: {at} ({n} spikes)", MemoryBudget.Times(n, 32));
        double[] times = h5.Numbers($"{at}/timestamps");
        long[] ids = h5.Integers($"{at}/{idName}");
        if (ids.Length != times.Length) throw new InvalidInputException($"{file}: {at}/{idName} has {ids.Length} values but {at}/timestamps has {times.Length}.");
        for (int k = 0; k < times.Length; k++) AddSpike(population, ids[k], times[k], $"{file}: {at}/{idName}[{k}]");
    }

    /// <summary>bmtk's spike CSV: space-separated columns timestamps, node_ids and optionally population.</summary>
    private void SpikesFromCsv(string file, string population, SonataInput input)
    {
        var table = SonataCsv.Load(file, $"{input.File}: inputs.{input.Name}.input_file");
        string idColumn = table.Has("node_ids") ? "node_ids" : "gids";
        foreach (var row in table.Rows)
        {
            string where = $"{file}: line {row.Line}";
            if (table.Cell(row, "population") is { } p && p != population) continue;
            if (!double.TryParse(table.Cell(row, "timestamps"), NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                throw new InvalidInputException($"{where} has no numeric timestamps value.");
            if (!long.TryParse(table.Cell(row, idColumn), NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
                throw new InvalidInputException($"{where} has no whole-number {idColumn} value.");
            AddSpike(population, id, t, where);
        }
    }

    private void AddSpike(string population, long id, double timeMs, string where)
    {
        var (target, index) = Node(population, id, where);
        if (!target.Cell.IsVirtual) throw new InvalidInputException($"{where} is node {id} of '{population}', which is not virtual; spike inputs drive virtual nodes.");
        if (!double.IsFinite(timeMs) || timeMs < 0) throw new InvalidInputException($"{where} spikes at {Show(timeMs)} ms; times must be at least 0.");
        // NEST's spike generator emits a spike at t stamped t; the engine's source stamps a spike of step n with t_(n+1).
        // One step earlier lands it where NEST does (t + delay); a spike before the first step goes in step 0.
        target.SpikeIndices.Add(index);
        target.SpikeTimes.Add(Math.Max(0, timeMs - _dt));
    }

    private static string Text(SonataInput input, string name)
    {
        if (!input.Json.TryGetProperty(name, out var v)) throw SonataConfig.Fail(input.File, $"inputs.{input.Name}.{name}", "is missing.");
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw SonataConfig.Fail(input.File, $"inputs.{input.Name}.{name}", "is not a string.");
    }

    private static double Number(SonataInput input, string name)
    {
        if (!input.Json.TryGetProperty(name, out var v)) throw SonataConfig.Fail(input.File, $"inputs.{input.Name}.{name}", "is missing.");
        return SonataConfig.Finite(v) ?? throw SonataConfig.Fail(input.File, $"inputs.{input.Name}.{name}", $"is {v.GetRawText()}, not a number.");
    }

    private NetworkSpec Build()
    {
        var populations = new List<PopulationSpec>();
        foreach (var p in _populations)
        {
            var cell = p.Cell;
            NeuronModelSpec model = cell.IsVirtual ? new SpikeTimesSourceSpec { Indices = p.SpikeIndices, TimesMs = p.SpikeTimes } : cell.Model;
            populations.Add(new PopulationSpec
            {
                Name = p.Name, Count = p.Count, Model = model,
                Initial = cell.IsVirtual || cell.Initial.Count == 0 ? null : cell.Initial.ToDictionary(kv => kv.Key, kv => DistributionSpec.Constant(kv.Value)),
            });
            if (!cell.IsVirtual && cell.BiasPa != 0)
                _inputs.Insert(0, new CurrentInputSpec { Target = p.Name, Amplitude = cell.BiasPa * cell.CurrentScale });
        }
        var projections = _buckets.Values.Select(b =>
        {
            bool oneWeight = b.Weights.TrueForAll(w => w == b.Weights[0]);
            bool oneDelay = b.Delays.TrueForAll(d => d == b.Delays[0]);
            return new ProjectionSpec
            {
                Name = b.Name, Source = b.Source.Name, Target = b.Target.Name, Receptor = b.Receptor,
                Connectivity = new ExplicitConnectivity { Sources = b.Sources, Targets = b.Targets, Weights = oneWeight ? null : b.Weights, DelaysMs = oneDelay ? null : b.Delays },
                Weight = DistributionSpec.Constant(oneWeight ? b.Weights[0] : 1),
                DelayMs = DistributionSpec.Constant(oneDelay ? b.Delays[0] : 0),
            };
        }).ToList();
        return new NetworkSpec
        {
            Name = Path.GetFileNameWithoutExtension(_config.Path),
            Description = $"Imported from the SONATA config {Path.GetFileName(_config.Path)}.",
            DtMs = _dt,
            DurationMs = _config.TstopMs,
            Populations = populations,
            Projections = projections,
            Inputs = _inputs,
        };
    }
}
