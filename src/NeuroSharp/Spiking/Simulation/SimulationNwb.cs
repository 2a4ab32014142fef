using System.Globalization;
using NeuroSharp.Formats;
using PureHDF;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Writes an engine's recordings as one NWB 2 file (Neurodata Without Borders, HDF5, written by
/// PureHDF, atomically): the spikes as the <c>units</c> table (ragged <c>spike_times</c> with
/// <c>spike_times_index</c>), the state monitors and the transmitter neurons' state as TimeSeries in
/// <c>acquisition</c>, the rate monitors as TimeSeries in <c>processing/rates</c>, the final weights of the
/// plastic projections (STDP or normalization) as tables in <c>processing/weights</c>. The layout is in
/// docs/formats.md ("NWB").
/// </summary>
public static class SimulationNwb
{
    /// <summary>The version of the NWB core schema the file follows.</summary>
    public const string NwbVersion = "2.7.0";

    private const string Core = "core";
    private const string HdmfCommon = "hdmf-common";

    /// <summary>Writes the file.</summary>
    /// <param name="path">The .nwb file.</param>
    /// <param name="engine">The engine after a run.</param>
    /// <param name="description">The session description (e.g. the network's name and the command).</param>
    /// <param name="memory">The budget the copies the writer makes must fit (null: the default).</param>
    /// <param name="finalWeights">The plastic projections' weights, <see cref="PlasticWeights"/> (which a partitioned run
    /// calls on every rank); null: taken from the engine here (a partitioned engine's are then left out).</param>
    public static void Write(string path, SpikingEngine engine, string description, MemoryBudget? memory = null,
        IReadOnlyList<(string Projection, float[] Weights)>? finalWeights = null)
    {
        // PureHDF seeks back and reads what it wrote, which AtomicFile's write-only stream does not allow:
        // the file is made in memory (counted in the estimate) and then written atomically.
        using var buffer = Build(path, engine, description, memory, finalWeights);
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The file's bytes (what the studio sends as a download).</summary>
    /// <param name="engine">The engine after (part of) a run.</param>
    /// <param name="description">The session description.</param>
    /// <param name="memory">The budget the copies the writer makes must fit (null: the default).</param>
    /// <returns>The NWB file.</returns>
    public static byte[] ToBytes(SpikingEngine engine, string description, MemoryBudget? memory = null)
    {
        using var buffer = Build("the NWB export", engine, description, memory, null);
        return buffer.ToArray();
    }

    /// <summary>
    /// The weights at the end of the run of each projection whose weights learn (STDP or normalization), in the network's
    /// projection order, each in synapse order (by source, targets ascending; a pair an explicit list gives twice, in list
    /// order). A collective in a partitioned run: every rank calls it, before rank 0 writes.
    /// </summary>
    /// <param name="engine">The engine after a run.</param>
    /// <returns>(projection name, one weight per synapse of the whole projection) pairs.</returns>
    public static IReadOnlyList<(string Projection, float[] Weights)> PlasticWeights(SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var list = new List<(string, float[])>();
        foreach (var p in engine.Spec.Projections)
        {
            if (p.Stdp is not null || p.Normalization is not null) list.Add((p.DisplayName, engine.GatherWeights(p.DisplayName)));
        }
        return list;
    }

    private static MemoryStream Build(string what, SpikingEngine engine, string description, MemoryBudget? memory,
        IReadOnlyList<(string Projection, float[] Weights)>? finalWeights)
    {
        ArgumentNullException.ThrowIfNull(engine);
        (memory ?? MemoryBudget.Default).Require(what, EstimateBytes(engine));
        finalWeights ??= engine.IsPartitioned ? [] : PlasticWeights(engine);
        var now = DateTimeOffset.Now;
        string start = now.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var file = new H5File
        {
            ["identifier"] = Guid.NewGuid().ToString(),
            ["session_description"] = string.IsNullOrWhiteSpace(description) ? "neurosharp simulate" : description,
            ["session_start_time"] = start,
            ["timestamps_reference_time"] = start,
            ["file_create_date"] = new[] { start },
            ["general"] = new H5Group
            {
                ["source_script"] = new H5Dataset("neurosharp simulate") { Attributes = new() { ["file_name"] = "neurosharp" } },
            },
            ["acquisition"] = Acquisition(engine),
            ["analysis"] = new H5Group(),
            ["processing"] = Processing(engine, finalWeights),
            ["stimulus"] = new H5Group { ["presentation"] = new H5Group(), ["templates"] = new H5Group() },
            ["units"] = Units(engine),
        };
        file.Attributes = Typed(Core, "NWBFile");
        file.Attributes["nwb_version"] = NwbVersion;
        var buffer = new MemoryStream();
        file.Write(buffer);
        return buffer;
    }

    /// <summary>
    /// The bytes the writer's copies take: a double time and an int index per spike, a float per state
    /// sample (doubles for the transmitter state) and a double timestamp per sample, a float and an int per synapse of a
    /// plastic projection (its final weights), twice (the data, then the file made in memory).
    /// </summary>
    /// <param name="engine">The engine after a run.</param>
    /// <returns>The estimate in bytes.</returns>
    public static long EstimateBytes(SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        long bytes = 0;
        foreach (var m in engine.SpikeMonitors) bytes = MemoryBudget.Plus(bytes, MemoryBudget.Times(m.Count, 12), MemoryBudget.Times(m.RecordedCount, 16));
        foreach (var m in engine.StateMonitors)
            bytes = MemoryBudget.Plus(bytes, MemoryBudget.Times(m.SampleCount, m.Indices.Count, m.Variables.Count, 4), MemoryBudget.Times(m.SampleCount, m.Variables.Count, 8));
        if (engine.TransmitterState is { } t)
            bytes = MemoryBudget.Plus(bytes, MemoryBudget.Times(t.SampleCount, t.NeuronIds.Count, TransmitterStateMonitor.Width, 8), MemoryBudget.Times(t.SampleCount, TransmitterStateMonitor.Width, 8));
        if (!engine.IsPartitioned)
        {
            foreach (var p in engine.Spec.Projections)
            {
                if (p.Stdp is not null || p.Normalization is not null) bytes = MemoryBudget.Plus(bytes, MemoryBudget.Times(engine.SynapseCountOf(p.DisplayName), 8));
            }
        }
        return MemoryBudget.Times(bytes, 2);
    }

    /// <summary>
    /// The units table: one unit per recorded neuron of every spike monitor, in monitor order and
    /// neuron order, with its population and index and its spike times in seconds.
    /// </summary>
    private static H5Group Units(SpikingEngine engine)
    {
        var populations = new List<string>();
        var neurons = new List<int>();
        var index = new List<long>();
        var times = new List<double>();
        foreach (var m in engine.SpikeMonitors)
        {
            // Spikes are stored in time order; the table wants them grouped by unit.
            var recorded = Recorded(m);
            var byNeuron = new List<double>[m.NeuronCount];
            foreach (int i in recorded) byNeuron[i] = [];
            var steps = m.Steps;
            var who = m.Neurons;
            for (int k = 0; k < steps.Length; k++) byNeuron[who[k]].Add(steps[k] * m.DtMs / 1000);
            foreach (int i in recorded)
            {
                populations.Add(m.Target);
                neurons.Add(i);
                times.AddRange(byNeuron[i]);
                index.Add(times.Count);
            }
        }
        double resolution = engine.DtMs / 1000;
        var spikeTimes = new H5Dataset(times.ToArray())
        {
            Attributes = Column("the times of each unit's spikes, in seconds (step x dt)", "VectorData"),
        };
        spikeTimes.Attributes["resolution"] = resolution;
        var spikeIndex = new H5Dataset(index.ToArray()) { Attributes = Column("index into spike_times", "VectorIndex") };
        spikeIndex.Attributes["target"] = new H5ObjectReference(spikeTimes);
        var group = new H5Group
        {
            ["id"] = new H5Dataset(Enumerable.Range(0, neurons.Count).ToArray()) { Attributes = Typed(HdmfCommon, "ElementIdentifiers") },
            ["spike_times"] = spikeTimes,
            ["spike_times_index"] = spikeIndex,
            ["population"] = new H5Dataset(populations.ToArray()) { Attributes = Column("the population (or single neuron) of the unit", "VectorData") },
            ["neuron"] = new H5Dataset(neurons.ToArray()) { Attributes = Column("the unit's index within its population", "VectorData") },
        };
        group.Attributes = Typed(Core, "Units");
        group.Attributes["description"] = "spikes recorded by the network's spike monitors";
        group.Attributes["colnames"] = new[] { "spike_times", "population", "neuron" };
        return group;
    }

    private static int[] Recorded(SpikeMonitor m) =>
        m.Spec.Indices is { } ix ? [.. ix.Distinct().Order()] : Enumerable.Range(0, m.NeuronCount).ToArray();

    /// <summary>State monitors as <c>{target}_{variable}</c>, and the transmitter state as <c>transmitter_{variable}</c>.</summary>
    private static H5Group Acquisition(SpikingEngine engine)
    {
        var group = new H5Group();
        var models = engine.Populations.ToDictionary(p => p.Name, p => p.Model);
        foreach (var m in engine.StateMonitors)
        {
            int columns = m.Indices.Count;
            double[] stamps = Seconds(m.Steps, engine.DtMs);
            foreach (string variable in m.Variables)
            {
                var values = m.Values(variable);
                var data = new float[m.SampleCount, columns];
                for (int s = 0; s < m.SampleCount; s++)
                {
                    for (int k = 0; k < columns; k++) data[s, k] = values[s * columns + k];
                }
                var (unit, conversion) = UnitOf(models.GetValueOrDefault(m.Target, ""), variable);
                string name = Unique(group, $"{m.Target}_{variable}");
                group[name] = Series(data, stamps, unit, conversion,
                    $"{variable} of {m.Target}, neurons {string.Join(" ", m.Indices)} (columns), sampled every {m.Spec.EverySteps} step(s)");
            }
        }
        if (engine.TransmitterState is { } t)
        {
            double[] stamps = Seconds(t.Steps, engine.DtMs);
            var names = NeuronModels.TransmitterVariables;
            for (int v = 0; v < names.Count; v++)
            {
                var data = new double[t.SampleCount, t.NeuronIds.Count];
                for (int s = 0; s < t.SampleCount; s++)
                {
                    for (int i = 0; i < t.NeuronIds.Count; i++) data[s, i] = t.Row(s, i)[v];
                }
                group[Unique(group, $"transmitter_{names[v]}")] = Series(data, stamps, "n/a", 1,
                    $"{names[v]} of the transmitter neurons {string.Join(" ", t.NeuronIds)} (columns) after every step");
            }
        }
        return group;
    }

    /// <summary>
    /// Rate monitors as TimeSeries in a ProcessingModule named <c>rates</c>; the plastic projections' final weights as
    /// DynamicTables (one <c>weight</c> column, a row per synapse) in a ProcessingModule named <c>weights</c>.
    /// </summary>
    private static H5Group Processing(SpikingEngine engine, IReadOnlyList<(string Projection, float[] Weights)> finalWeights)
    {
        var group = new H5Group();
        if (finalWeights.Count > 0)
        {
            var tables = new H5Group();
            foreach (var (name, weights) in finalWeights)
            {
                var table = new H5Group
                {
                    ["id"] = new H5Dataset(Enumerable.Range(0, weights.Length).ToArray()) { Attributes = Typed(HdmfCommon, "ElementIdentifiers") },
                    ["weight"] = new H5Dataset(weights) { Attributes = Column("the synapse's weight at the end of the run, in the projection's weight units", "VectorData") },
                };
                table.Attributes = Typed(HdmfCommon, "DynamicTable");
                table.Attributes["description"] = $"final weights of projection {name}, one per synapse in synapse order (by source, targets ascending; a pair an explicit list gives twice, in list order)";
                table.Attributes["colnames"] = new[] { "weight" };
                table.Attributes["projection"] = name;
                tables[Unique(tables, name)] = table;
            }
            tables.Attributes = Typed(Core, "ProcessingModule");
            tables.Attributes["description"] = "final weights of the network's plastic projections (STDP or normalization)";
            group["weights"] = tables;
        }
        if (engine.RateMonitors.Count == 0) return group;
        var module = new H5Group();
        foreach (var m in engine.RateMonitors)
        {
            var rates = m.RatesHz();
            var stamps = new double[rates.Length];
            for (int b = 0; b < stamps.Length; b++) stamps[b] = b * m.BinMs / 1000;
            module[Unique(module, m.Target)] = Series(rates.Select(r => (double)r).ToArray(), stamps, "Hz", 1,
                $"population rate of {m.Target} in bins of {m.BinMs.ToString(CultureInfo.InvariantCulture)} ms (timestamps are bin starts)");
        }
        module.Attributes = Typed(Core, "ProcessingModule");
        module.Attributes["description"] = "population rates of the network's rate monitors";
        group["rates"] = module;
        return group;
    }

    private static H5Group Series(Array data, double[] stamps, string unit, double conversion, string description)
    {
        var values = new H5Dataset(data) { Attributes = new() { ["unit"] = unit, ["conversion"] = conversion, ["resolution"] = -1.0, ["offset"] = 0.0 } };
        var timestamps = new H5Dataset(stamps) { Attributes = new() { ["interval"] = 1, ["unit"] = "seconds" } };
        var series = new H5Group { ["data"] = values, ["timestamps"] = timestamps };
        series.Attributes = Typed(Core, "TimeSeries");
        series.Attributes["description"] = description;
        series.Attributes["comments"] = "no comments";
        return series;
    }

    /// <summary>
    /// The SI unit and the factor from the engine's unit: mV, pA and model units (the conductance-based
    /// LIF's conductances in units of the leak conductance, Izhikevich's inputs) as docs/formats.md gives them.
    /// </summary>
    private static (string Unit, double Conversion) UnitOf(string model, string variable) => (model, variable) switch
    {
        (_, "v" or "theta") => ("volts", 1e-3),
        ("izhikevich", "u") => ("volts", 1e-3),
        ("adex", "w" or "ge" or "gi") => ("amperes", 1e-12),
        ("lif", "ge" or "gi") => ("volts", 1e-3),
        ("conductanceLif", "ge" or "gi") => ("leak conductance", 1),
        ("hh", "ge" or "gi") => ("siemens", 1e-9),
        ("hh", _) => ("dimensionless", 1), // the gates (docs/spiking-hh.md)
        _ => ("model units", 1),
    };

    private static double[] Seconds(ReadOnlySpan<int> steps, double dtMs)
    {
        var t = new double[steps.Length];
        for (int k = 0; k < t.Length; k++) t[k] = steps[k] * dtMs / 1000;
        return t;
    }

    private static string Unique(H5Group group, string name)
    {
        string clean = name.Replace('/', '_');
        string candidate = clean;
        for (int n = 2; group.ContainsKey(candidate); n++) candidate = string.Create(CultureInfo.InvariantCulture, $"{clean}_{n}");
        return candidate;
    }

    private static Dictionary<string, object> Column(string description, string type)
    {
        var a = Typed(HdmfCommon, type);
        a["description"] = description;
        return a;
    }

    private static Dictionary<string, object> Typed(string space, string type) => new()
    {
        ["namespace"] = space,
        ["neurodata_type"] = type,
        ["object_id"] = Guid.NewGuid().ToString(),
    };
}
