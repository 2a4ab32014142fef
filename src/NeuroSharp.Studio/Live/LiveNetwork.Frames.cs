using System.Runtime.InteropServices;
using System.Text.Json;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Studio.Live;

internal sealed partial class LiveNetwork
{
    /// <summary>Writes the description a page needs to read frames (the "network" message's body fields).</summary>
    /// <param name="w">The writer, inside an object.</param>
    public void WriteLayout(Utf8JsonWriter w)
    {
        w.WriteNumber("dtMs", Spec.DtMs);
        w.WriteStartArray("neurons");
        for (int i = 0; i < NeuronIds.Length; i++)
        {
            var n = Spec.Neurons[i];
            w.WriteStartObject();
            w.WriteString("id", n.Id);
            w.WriteString("model", NeuronModels.NameOf(n.Model));
            w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(n.Kind.ToString()));
            w.WriteBoolean("transmitter", _transmitterIndex[i] >= 0);
            if (n.Model is TransmitterNeuronSpec tn) w.WriteNumber("threshold", tn.Threshold);
            w.WriteBoolean("traced", i < MaxTracedNeurons);
            w.WriteStartArray("variables");
            foreach (string v in Variables[i]) w.WriteStringValue(v);
            w.WriteEndArray();
            // The unit of each variable, from the model and its parameters (AdEx's inputs are nS with reversal potentials).
            w.WriteStartArray("units");
            foreach (string v in Variables[i]) w.WriteStringValue(NeuronModels.StateVariableUnit(n.Model, v));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("links");
        foreach (var l in Spec.Links)
        {
            w.WriteStartObject();
            w.WriteString("from", l.From);
            w.WriteString("to", l.To);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("populations");
        for (int p = 0; p < Spec.Populations.Count; p++)
        {
            w.WriteStartObject();
            w.WriteString("name", Spec.Populations[p].Name);
            w.WriteNumber("count", Spec.Populations[p].Count);
            w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(Spec.Populations[p].Kind.ToString()));
            w.WriteNumber("rasterStart", PopulationRasterStart[p]);
            w.WriteNumber("rasterRows", PopulationRasterRows[p]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("rasterRows", RasterRowCount);
        // The stream's limits on spikes, for the page to name when a frame says some did not reach it.
        w.WriteNumber("maxSpikesPerFrame", MaxSpikesPerFrame);
        w.WriteNumber("maxSpikeBacklog", FrameClient.MaxSpikeBacklog);
        // And on trace samples (the state plots' and the watched cell's).
        w.WriteNumber("maxTraceSamplesPerFrame", MaxTraceSamplesPerFrame);
        w.WriteNumber("maxTraceBacklogValues", FrameClient.MaxTraceBacklogValues);
        WriteCellLayout(w);
    }

    /// <summary>
    /// Writes what happened since the last frame (the "frame" message's network fields) and starts a new frame; the
    /// spikes, trace samples and the watched cell's samples since the last frame are not written but left in
    /// <see cref="FrameSamples"/> until <see cref="ClearFrameSamples"/> (each page's connection adds them to its frame, as
    /// its "cell", "trace" and "spikes": <see cref="FrameClient"/>).
    /// </summary>
    /// <param name="w">The writer, inside an object.</param>
    public void WriteFrame(Utf8JsonWriter w)
    {
        int step = Engine.StepCount;
        w.WriteStartArray("neurons");
        var values = new List<double>(TransmitterStateMonitor.Width);
        for (int i = 0; i < NeuronIds.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", NeuronIds[i]);
            int t = _transmitterIndex[i];
            if (t >= 0) w.WriteString("phase", Engine.Transmitters!.PhaseOf(t).ToName());
            w.WriteBoolean("fired", _firedSinceFrame[i]);
            values.Clear();
            AppendValues(i, values);
            w.WriteStartArray("values");
            foreach (double v in values) WriteNumber(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("activeLinks");
        for (int k = 0; k < _linkSource.Length; k++)
        {
            if (_firedSinceFrame[_linkSource[k]]) w.WriteNumberValue(k);
        }
        w.WriteEndArray();

        CollectPopulationSpikes();

        w.WriteStartArray("populations");
        int window = Math.Max(1, step - _stepAtFrame);
        for (int p = 0; p < Spec.Populations.Count; p++)
        {
            var pop = Spec.Populations[p];
            long total = Engine.SpikeCountOf(pop.Name);
            double rate = (total - _populationSpikesAtFrame[p]) / (pop.Count * window * Spec.DtMs / 1000.0);
            _populationSpikesAtFrame[p] = total;
            w.WriteStartObject();
            w.WriteString("name", pop.Name);
            w.WriteNumber("spikes", total);
            WriteNumber(w, "rateHz", step > _stepAtFrame ? rate : 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        ReadCellNow();

        Array.Clear(_firedSinceFrame);
        _stepAtFrame = step;
    }

    /// <summary>The spikes, trace samples and watched cell's samples since the last frame, for the pages' connections (valid until <see cref="ClearFrameSamples"/>).</summary>
    public FrameSamples FrameSamples => new()
    {
        SpikeRows = FrameSpikeRows,
        SpikeSteps = FrameSpikeSteps,
        SpikesDropped = _droppedSpikes,
        TraceSteps = FrameTraceSteps,
        TraceValues = FrameTraceValues,
        TraceWidth = TraceWidth,
        TraceDropped = _droppedTrace,
        CellTarget = CellTarget,
        CellNeuron = CellNeuron,
        CellNow = CellNow,
        CellSteps = FrameCellSteps,
        CellValues = FrameCellValues,
        CellDropped = _cellDropped,
    };

    /// <summary>The values of one trace sample: every traced single neuron's variables, concatenated.</summary>
    public int TraceWidth { get; }

    /// <summary>The steps of the trace samples since the last frame.</summary>
    public ReadOnlySpan<int> FrameTraceSteps => CollectionsMarshal.AsSpan(_traceSteps);

    /// <summary>The values of the trace samples since the last frame, <see cref="TraceWidth"/> a sample.</summary>
    public ReadOnlySpan<double> FrameTraceValues => CollectionsMarshal.AsSpan(_traceValues);

    /// <summary>The trace samples since the last frame over <see cref="MaxTraceSamplesPerFrame"/>, counted and not kept.</summary>
    public int FrameTraceDropped => _droppedTrace;

    /// <summary>The raster rows of the spikes since the last frame (<see cref="WriteFrame"/> collects the populations' ones).</summary>
    public ReadOnlySpan<int> FrameSpikeRows => CollectionsMarshal.AsSpan(_spikeRows);

    /// <summary>The steps of the spikes since the last frame, one per row of <see cref="FrameSpikeRows"/>.</summary>
    public ReadOnlySpan<int> FrameSpikeSteps => CollectionsMarshal.AsSpan(_spikeSteps);

    /// <summary>The spikes since the last frame over <see cref="MaxSpikesPerFrame"/>, counted and not kept.</summary>
    public int FrameSpikesDropped => _droppedSpikes;

    /// <summary>Forgets the spikes, trace samples and cell samples of the frame just written (after they were handed to the pages).</summary>
    public void ClearFrameSamples()
    {
        ClearCellSamples();
        _spikeRows.Clear();
        _spikeSteps.Clear();
        _droppedSpikes = 0;
        _traceSteps.Clear();
        _traceValues.Clear();
        _droppedTrace = 0;
    }

    /// <summary>Adds the raster spikes recorded since the last frame (the monitors keep them for the NWB export; a cursor marks what was sent).</summary>
    private void CollectPopulationSpikes()
    {
        for (int p = 0; p < _populationMonitors.Length; p++)
        {
            if (_populationMonitors[p] is not { } m) continue;
            var neurons = m.Neurons;
            var steps = m.Steps;
            for (int k = _populationMonitorRead[p]; k < m.Count; k++) AddSpike(PopulationRasterStart[p] + neurons[k], steps[k]);
            _populationMonitorRead[p] = m.Count;
        }
    }

    private static void WriteInts(Utf8JsonWriter w, string name, List<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>Writes a number as frames do: rounded to 6 decimals, null when not finite.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="v">The number.</param>
    internal static void WriteNumber(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(Math.Round(v, 6));
        else w.WriteNullValue();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        WriteNumber(w, v);
    }
}
