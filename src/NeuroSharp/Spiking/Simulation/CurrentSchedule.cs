namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Current inputs: on at steps [start, stop), their <see cref="CurrentInputSpec.Baseline"/> outside. When any switches, the
/// affected currents are summed afresh (no drift from adding and subtracting); while a ramp or a sine is on, every step is
/// summed afresh, each input's value taken at the step's start, t = step dt (no allocation per step).
/// </summary>
internal sealed class CurrentSchedule
{
    private struct Entry
    {
        public float[] Current; // the group's Current, or a compartment's buffer (NeuronGroup.CurrentOnto)
        public int[]? Indices;
        public CurrentWaveform Waveform;
        public double Amplitude, Finish, Baseline, StartMs, SpanMs, PeriodMs, Phase;
        public int Start, Stop;
    }

    private Entry[] _inputs = [];
    private int _count;
    private readonly HashSet<int> _switchSteps = [];
    private readonly List<NeuronGroup> _groups = [];
    private readonly List<float[]> _buffers = [];
    private readonly List<(int Start, int Stop)> _varying = [];
    private double _dtMs;

    public bool IsEmpty => _count == 0;

    public void Add(NeuronGroup group, IReadOnlyList<int>? indices, CurrentInputSpec spec, double dtMs)
    {
        int start = (int)Math.Min(int.MaxValue, Math.Round(spec.StartMs / dtMs));
        int stop = spec.StopMs is { } s ? (int)Math.Min(int.MaxValue, Math.Round(s / dtMs)) : int.MaxValue;
        if (_count == _inputs.Length) Array.Resize(ref _inputs, Math.Max(4, 2 * _count));
        _inputs[_count++] = new Entry
        {
            Current = group.CurrentOnto(spec.Compartment), Indices = indices?.ToArray(), Waveform = spec.Waveform, Amplitude = spec.Amplitude, Finish = spec.FinishAmplitude,
            Baseline = spec.Baseline, StartMs = spec.StartMs, SpanMs = (spec.StopMs ?? double.PositiveInfinity) - spec.StartMs,
            PeriodMs = spec.PeriodMs, Phase = spec.Phase, Start = start, Stop = stop,
        };
        _dtMs = dtMs;
        if (!_groups.Contains(group)) _groups.Add(group);
        if (!_buffers.Contains(_inputs[_count - 1].Current)) _buffers.Add(_inputs[_count - 1].Current);
        _switchSteps.Add(start);
        _switchSteps.Add(stop);
        if (spec.Waveform != CurrentWaveform.Constant) _varying.Add((start, stop));
    }

    /// <summary>The groups that receive current inputs.</summary>
    public IEnumerable<NeuronGroup> Groups => _groups;

    /// <summary>Changes input <paramref name="k"/>'s amplitude and sums the currents afresh for <paramref name="step"/>, the next one.</summary>
    public void SetAmplitude(int k, double amplitude, int step)
    {
        _inputs[k].Amplitude = amplitude;
        Sum(step);
    }

    /// <summary>Sets the currents of this step; returns true when any changed (step 0, a switch, or a ramp or sine that is on).</summary>
    public bool Apply(int step)
    {
        if (_count == 0) return false;
        if (step != 0 && !_switchSteps.Contains(step) && !AnyVaryingOn(step)) return false;
        Sum(step);
        return true;
    }

    private bool AnyVaryingOn(int step)
    {
        foreach (var (start, stop) in _varying)
        {
            if (step >= start && step < stop) return true;
        }
        return false;
    }

    /// <summary>Input <paramref name="e"/>'s current in <paramref name="step"/>, from t = step dt (CurrentInputSpec.ValueAt on the step grid).</summary>
    private double Value(in Entry e, int step)
    {
        if (step < e.Start || step >= e.Stop) return e.Baseline;
        double since = step * _dtMs - e.StartMs;
        return e.Waveform switch
        {
            CurrentWaveform.Ramp => e.Amplitude + (e.Finish - e.Amplitude) * since / e.SpanMs,
            CurrentWaveform.Sine => e.Amplitude * Math.Sin(e.Phase + 2 * Math.PI * since / e.PeriodMs),
            _ => e.Amplitude,
        };
    }

    private void Sum(int step)
    {
        // Each buffer once: a train of many pulses on one group would otherwise clear it once per pulse.
        foreach (var buffer in _buffers) Array.Clear(buffer);
        for (int k = 0; k < _count; k++)
        {
            ref readonly var e = ref _inputs[k];
            float amplitude = (float)Value(e, step);
            if (amplitude == 0) continue;
            if (e.Indices is null)
            {
                var c = e.Current;
                for (int i = 0; i < c.Length; i++) c[i] += amplitude;
            }
            else
            {
                foreach (int i in e.Indices) e.Current[i] += amplitude;
            }
        }
    }
}
