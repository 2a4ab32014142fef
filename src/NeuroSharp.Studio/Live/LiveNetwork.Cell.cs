using System.Text.Json;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// The watched cell: one neuron of a population (or a single neuron) with a morphology, whose compartments' v the frames carry
/// for the page's morphology view (docs/studio.md, "The morphology view"). Only that cell is read, into buffers allocated when it
/// is chosen: a step reads K values with <see cref="NeuroSharp.Spiking.Simulation.SpikingEngine.CopyCompartmentVoltages"/> and allocates nothing.
/// </summary>
internal sealed partial class LiveNetwork
{
    /// <summary>Compartment values (K per sample) one frame keeps; more samples are counted as dropped.</summary>
    public const int MaxCellValuesPerFrame = 1 << 18;

    private float[] _cellNow = [];
    private float[] _cellSamples = [];
    private int[] _cellSteps = [];
    private int _cellSampleCount;
    private int _cellDropped;

    /// <summary>The watched population or single neuron (null: the network has no cell with a morphology).</summary>
    public string? CellTarget { get; private set; }

    /// <summary>The watched neuron's index in <see cref="CellTarget"/>.</summary>
    public int CellNeuron { get; private set; }

    /// <summary>Its compartments (0 when none is watched).</summary>
    public int CellCompartments => _cellNow.Length;

    /// <summary>The populations and single neurons with a morphology, in file order (single neurons first), with their sizes.</summary>
    public IEnumerable<(string Name, int Count, MorphologySpec Morphology)> MorphologyCells()
    {
        foreach (var n in Spec.Neurons)
        {
            if (n.Model is HodgkinHuxleyNeuronSpec { Morphology: { } m }) yield return (n.Id, 1, m);
        }
        foreach (var p in Spec.Populations)
        {
            if (p.Model is HodgkinHuxleyNeuronSpec { Morphology: { } m }) yield return (p.Name, p.Count, m);
        }
    }

    /// <summary>Watches the first cell with a morphology, if there is one (what a new network starts with).</summary>
    private void WatchFirstCell()
    {
        foreach (var (name, _, _) in MorphologyCells())
        {
            Watch(name, 0);
            return;
        }
    }

    /// <summary>Chooses the cell whose compartments the frames carry (the page's chooser; a command "watch").</summary>
    /// <param name="target">A population or single neuron with a morphology.</param>
    /// <param name="neuron">The neuron's index in it.</param>
    /// <exception cref="InvalidInputException">The target has no morphology, or the index is out of range.</exception>
    public void Watch(string target, int neuron)
    {
        var cells = MorphologyCells().ToList();
        var cell = cells.FirstOrDefault(c => c.Name == target);
        if (cell.Name is null)
        {
            string known = cells.Count == 0 ? "this network has none" : string.Join(", ", cells.Select(c => c.Name));
            throw new InvalidInputException($"The command's target must be a neuron or population with a morphology ({known}) (got \"{target}\").");
        }
        if (neuron < 0 || neuron >= cell.Count)
            throw new InvalidInputException($"The command's neuron must be in [0, {cell.Count - 1}] for \"{target}\" (got {neuron}).");
        int k = Engine.CompartmentCountOf(target);
        CellTarget = target;
        CellNeuron = neuron;
        _cellNow = new float[k];
        int samples = Math.Clamp(MaxCellValuesPerFrame / Math.Max(1, k), 1, MaxTraceSamplesPerFrame);
        _cellSamples = new float[samples * k];
        _cellSteps = new int[samples];
        _cellSampleCount = 0;
        _cellDropped = 0;
    }

    /// <summary>Watches the same cell as <paramref name="old"/> did when this network still has it (a rebuilt run keeps the view's cell).</summary>
    /// <param name="old">The network this one replaces.</param>
    public void KeepWatching(LiveNetwork old)
    {
        if (old.CellTarget is not { } target) return;
        var cell = MorphologyCells().FirstOrDefault(c => c.Name == target);
        if (cell.Name is not null && old.CellNeuron < cell.Count) Watch(target, old.CellNeuron);
    }

    private void SampleCell(int step)
    {
        if (CellTarget is null) return;
        int k = _cellNow.Length;
        if ((_cellSampleCount + 1) * k > _cellSamples.Length)
        {
            _cellDropped++;
            return;
        }
        Engine.CopyCompartmentVoltages(CellTarget, CellNeuron, _cellSamples.AsSpan(_cellSampleCount * k, k));
        _cellSteps[_cellSampleCount++] = step;
    }

    /// <summary>The watched cell's v now (as of the last <see cref="WriteFrame"/>), one value a compartment.</summary>
    public ReadOnlySpan<float> CellNow => _cellNow;

    /// <summary>The steps of the watched cell's samples since the last frame.</summary>
    public ReadOnlySpan<int> FrameCellSteps => _cellSteps.AsSpan(0, _cellSampleCount);

    /// <summary>The values of those samples, <see cref="CellCompartments"/> a sample.</summary>
    public ReadOnlySpan<float> FrameCellValues => _cellSamples.AsSpan(0, _cellSampleCount * _cellNow.Length);

    private void ClearCellSamples()
    {
        _cellSampleCount = 0;
        _cellDropped = 0;
    }

    /// <summary>The cells with a morphology in the network message (each with its compartments' names, the order of the frames' values) and the one watched.</summary>
    private void WriteCellLayout(Utf8JsonWriter w)
    {
        w.WriteStartArray("morphologyCells");
        foreach (var (name, count, m) in MorphologyCells())
        {
            w.WriteStartObject();
            w.WriteString("target", name);
            w.WriteNumber("count", count);
            w.WriteStartArray("compartments");
            foreach (var c in m.Compartments) w.WriteStringValue(c.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteWatched(w);
    }

    private void WriteWatched(Utf8JsonWriter w)
    {
        if (CellTarget is null)
        {
            w.WriteNull("cell");
            return;
        }
        w.WriteStartObject("cell");
        w.WriteString("target", CellTarget);
        w.WriteNumber("neuron", CellNeuron);
        w.WriteEndObject();
    }

    /// <summary>Reads v of each compartment of the watched cell now, for the frame (the samples since the last frame are in <see cref="FrameSamples"/>).</summary>
    private void ReadCellNow()
    {
        if (CellTarget is not null) Engine.CopyCompartmentVoltages(CellTarget, CellNeuron, _cellNow);
    }

    /// <summary>A float as its shortest round-trip text (the engine's own value, so a monitor's reads equal), or null when not finite.</summary>
    internal static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (float.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }
}
