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
                var chosen = NodeSet(input);
                if (chosen.Count != 1 || chosen[0].Ids is not null)
                    throw SonataConfig.Fail(input.File, $"{field}.node_set", "selects nodes within populations or several populations; a spike input names one population (the spike file says which node spikes).");
                string population = chosen[0].Population;
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
                        throw SonataConfig.Fail(input.File, $"{field}.{list}", "is not a current-clamp field NeuroSharp reads; give amp, delay and duration (numbers or equal-length lists), or input_type csv with a file of timestamps and amps.");
                }
                double[] amps = Numbers(input, "amp"), delays = Numbers(input, "delay"), durations = Numbers(input, "duration");
                int count = Math.Max(amps.Length, Math.Max(delays.Length, durations.Length));
                foreach (var (name, values) in new[] { ("amp", amps), ("delay", delays), ("duration", durations) })
                {
                    if (values.Length != 1 && values.Length != count)
                        throw SonataConfig.Fail(input.File, $"{field}.{name}", $"lists {values.Length} values but another field lists {count}; amp, delay and duration must be numbers or lists of one length.");
                }
                var pulses = new List<(double Amp, double Start, double? Stop)>();
                for (int k = 0; k < count; k++)
                {
                    double amp = amps[amps.Length == 1 ? 0 : k], delay = delays[delays.Length == 1 ? 0 : k], duration = durations[durations.Length == 1 ? 0 : k];
                    if (delay < 0 || duration < 0) throw SonataConfig.Fail(input.File, field, $"has delay {Show(delay)} ms and duration {Show(duration)} ms (pulse {k}); both must be at least 0.");
                    if (pulses.Count > 0 && delay < pulses[^1].Stop)
                        throw SonataConfig.Fail(input.File, $"{field}.delay", $"starts pulse {k} at {Show(delay)} ms, before pulse {k - 1} ends at {Show(pulses[^1].Stop!.Value)} ms; pulses must be in order and not overlap.");
                    pulses.Add((amp, delay, delay + duration));
                }
                AddClamp(input, pulses);
                break;
            }
            case "csv" or "file":
                // bmtk's current clamp from a table: amplitude amps[i] nA from timestamps[i] until the next timestamp; the last holds to the end.
                AddClamp(input, ClampTable(input));
                break;
            case "nwb":
                throw SonataConfig.Fail(input.File, $"{field}.input_type", "is 'nwb' (a current clamp from an NWB sweep), which NeuroSharp does not read; convert the sweep to a csv of timestamps and amps.");
            default:
                throw SonataConfig.Fail(input.File, $"{field}.input_type", $"is '{type}'; NeuroSharp reads spikes, current_clamp and csv (current clamp from a table) inputs.");
        }
    }

    /// <summary>Adds a clamp's pulses (nA, ms) to every non-virtual node its node set selects.</summary>
    private void AddClamp(SonataInput input, List<(double Amp, double Start, double? Stop)> pulses)
    {
        string field = $"inputs.{input.Name}";
        foreach (var (population, ids) in NodeSet(input))
        {
            var pop = _nodePopulations[population];
            var chosen = ids ?? Enumerable.Range(0, pop.Count).Select(i => (long)i).ToList();
            // Group the chosen nodes by engine population; the amplitude in nA (SONATA's unit) becomes pA, then the model's unit.
            foreach (var group in chosen.Select(id => Node(population, id, $"{input.File}: {field}.node_set")).GroupBy(n => n.Population))
            {
                var target = group.Key;
                if (target.Cell.IsSource) continue;
                var indices = group.Select(n => n.Index).ToList();
                foreach (var (amp, start, stop) in pulses)
                {
                    if (amp == 0) continue;
                    _inputs.Add(new CurrentInputSpec
                    {
                        Target = target.Name, Indices = indices.Count == target.Count ? null : indices,
                        Amplitude = amp * 1000 * target.Cell.CurrentScale, StartMs = start, StopMs = stop,
                    });
                }
            }
        }
    }

    /// <summary>bmtk's clamp table: <c>file</c> with columns timestamps and amps (names and separator configurable).</summary>
    private static List<(double Amp, double Start, double? Stop)> ClampTable(SonataInput input)
    {
        string field = $"inputs.{input.Name}";
        var json = input.Json;
        string name = json.TryGetProperty("file", out _) ? "file" : "input_file";
        string file = SonataConfig.Resolve(input.File, Text(input, name), $"{field}.{name}", input.Manifest);
        string sep = json.TryGetProperty("separator", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : " ";
        string tsColumn = json.TryGetProperty("timestamps_column", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "timestamps";
        string ampColumn = json.TryGetProperty("amplitudes_column", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "amps";
        if (!File.Exists(file)) throw SonataConfig.Fail(input.File, $"{field}.{name}", $"names '{file}', which does not exist.");
        string[] lines = File.ReadAllLines(file);
        string[] Split(string line) => sep == " " ? line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [.. line.Split(sep).Select(c => c.Trim())];
        int first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0) throw new InvalidInputException($"{file}: the clamp table is empty; it needs a header with {tsColumn} and {ampColumn}.");
        var header = Split(lines[first]);
        int ti = Array.IndexOf(header, tsColumn), ai = Array.IndexOf(header, ampColumn);
        if (ti < 0 || ai < 0) throw new InvalidInputException($"{file}: line {first + 1} has no '{(ti < 0 ? tsColumn : ampColumn)}' column (set {(ti < 0 ? "timestamps_column" : "amplitudes_column")} in {field}).");
        var rows = new List<(double Time, double Amp)>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = Split(lines[i]);
            if (cells.Length != header.Length) throw new InvalidInputException($"{file}: line {i + 1} has {cells.Length} values but the header names {header.Length} columns.");
            if (!double.TryParse(cells[ti], NumberStyles.Float, CultureInfo.InvariantCulture, out double time) || !double.IsFinite(time) || time < 0)
                throw new InvalidInputException($"{file}: line {i + 1} has {tsColumn} '{cells[ti]}', not a time of at least 0 ms.");
            if (!double.TryParse(cells[ai], NumberStyles.Float, CultureInfo.InvariantCulture, out double amp) || !double.IsFinite(amp))
                throw new InvalidInputException($"{file}: line {i + 1} has {ampColumn} '{cells[ai]}', not a number (nA).");
            if (rows.Count > 0 && time <= rows[^1].Time)
                throw new InvalidInputException($"{file}: line {i + 1} has {tsColumn} {Show(time)} ms, not after the line before ({Show(rows[^1].Time)} ms).");
            rows.Add((time, amp));
        }
        if (rows.Count == 0) throw new InvalidInputException($"{file}: the clamp table has no rows.");
        return [.. rows.Select((r, k) => (r.Amp, r.Time, k + 1 < rows.Count ? rows[k + 1].Time : (double?)null))];
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

    /// <summary>A number or a non-empty list of numbers.</summary>
    private static double[] Numbers(SonataInput input, string name)
    {
        string field = $"inputs.{input.Name}.{name}";
        if (!input.Json.TryGetProperty(name, out var v)) throw SonataConfig.Fail(input.File, field, "is missing.");
        if (v.ValueKind != JsonValueKind.Array)
            return [SonataConfig.Finite(v) ?? throw SonataConfig.Fail(input.File, field, $"is {v.GetRawText()}, not a number or a list of numbers.")];
        var values = v.EnumerateArray().Select((x, k) => SonataConfig.Finite(x) ?? throw SonataConfig.Fail(input.File, $"{field}[{k}]", $"is {x.GetRawText()}, not a number.")).ToArray();
        return values.Length > 0 ? values : throw SonataConfig.Fail(input.File, field, "is an empty list.");
    }

    private NetworkSpec Build()
    {
        var populations = new List<PopulationSpec>();
        foreach (var p in _populations)
        {
            var cell = p.Cell;
            if (cell.IsGenerator) continue;
            NeuronModelSpec model = cell.IsVirtual ? new SpikeTimesSourceSpec { Indices = p.SpikeIndices, TimesMs = p.SpikeTimes } : cell.Model;
            populations.Add(new PopulationSpec
            {
                Name = p.Name, Count = p.Count, Model = model,
                Initial = cell.IsVirtual || cell.Initial.Count == 0 ? null : cell.Initial.ToDictionary(kv => kv.Key, kv => DistributionSpec.Constant(kv.Value)),
            });
            if (!cell.IsVirtual && cell.BiasPa != 0)
                _inputs.Insert(0, new CurrentInputSpec { Target = p.Name, Amplitude = cell.BiasPa * cell.CurrentScale });
        }
        // Generators' inputs in the order their nodes were read (the engine forks each Poisson input's random stream by its position).
        foreach (var (key, indices) in _drives.OrderBy(d => _populations.IndexOf(d.Key.Generator)).ThenBy(d => d.Key.Node))
        {
            bool all = indices.Count == key.Target.Count && indices.Select((t, k) => t == k).All(x => x);
            _inputs.Add(new PoissonInputSpec
            {
                Target = key.Target.Name, Indices = all ? null : indices, SourceCount = key.Generator.Cell.PoissonSources,
                RateHz = ((PoissonSourceSpec)key.Generator.Cell.Model).RateHz, Weight = key.Weight, Receptor = key.Receptor, Port = key.Port,
            });
        }
        var projections = _buckets.Values.Select(b =>
        {
            bool oneWeight = b.Weights.TrueForAll(w => w == b.Weights[0]);
            bool oneDelay = b.Delays.TrueForAll(d => d == b.Delays[0]);
            return new ProjectionSpec
            {
                Name = b.Name, Source = b.Source.Name, Target = b.Target.Name, Receptor = b.Receptor, Port = b.Port,
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
