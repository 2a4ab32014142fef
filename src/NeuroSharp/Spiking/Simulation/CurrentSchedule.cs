namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Current inputs: on at steps [start, stop), their <see cref="CurrentInputSpec.Baseline"/> outside. When any switches, the
/// affected currents are summed afresh (no drift from adding and subtracting); while a ramp or a sine is on, every step is
/// summed afresh, each input's value taken at the step's start, t = step dt (no allocation per step). A voltage clamp
/// (<see cref="VoltageClampSpec"/>) adds gain (target - v) with v at the step's start, so while it has a target every step is
/// summed afresh too.
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

    private struct ClampEntry
    {
        public NeuronGroup Group;
        public float[] V;
        public int[]? Indices;
        public float Gain;
        public double? Hold, Return;
        public double Target;
        public int Start, Stop;
    }

    private Entry[] _inputs = [];
    private ClampEntry[] _clamps = [];
    private int _clampCount;
    private int _count;
    private readonly HashSet<int> _switchSteps = [];
    private readonly List<NeuronGroup> _groups = [];
    private readonly List<float[]> _buffers = [];
    private readonly List<(int Start, int Stop)> _varying = [];
    private double _dtMs;

    public bool IsEmpty => _count == 0 && _clampCount == 0;

    /// <summary>True when there are voltage clamps (which a device backend does not run).</summary>
    public bool HasClamps => _clampCount > 0;

    /// <summary>Adds a voltage clamp on <paramref name="group"/>, whose membrane potential <paramref name="v"/> it reads at each step's start.</summary>
    public void AddClamp(NeuronGroup group, float[] v, IReadOnlyList<int>? indices, VoltageClampSpec spec, double dtMs)
    {
        int start = (int)Math.Min(int.MaxValue, Math.Round(spec.StartMs / dtMs));
        int stop = spec.StopMs is { } s ? (int)Math.Min(int.MaxValue, Math.Round(s / dtMs)) : int.MaxValue;
        if (_clampCount == _clamps.Length) Array.Resize(ref _clamps, Math.Max(4, 2 * _clampCount));
        _clamps[_clampCount++] = new ClampEntry
        {
            Group = group, V = v, Indices = indices?.ToArray(), Gain = (float)spec.Gain, Hold = spec.HoldMv, Target = spec.TargetMv,
            Return = spec.ReturnMv, Start = start, Stop = stop,
        };
        _dtMs = dtMs;
        if (!_groups.Contains(group)) _groups.Add(group);
        // Summed afresh each step like the current inputs' buffers: a clamp alone on a group must clear it too.
        if (!_buffers.Contains(group.Current)) _buffers.Add(group.Current);
        _switchSteps.Add(start);
        _switchSteps.Add(stop);
        // On (and so summed every step) wherever it has a target.
        _varying.Add((spec.HoldMv is null ? start : 0, spec.ReturnMv is null ? stop : int.MaxValue));
    }

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
        if (_count == 0 && _clampCount == 0) return false;
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
        for (int k = 0; k < _clampCount; k++) AddClamp(_clamps[k], step);
    }

    /// <summary>Clamp <paramref name="e"/>'s current gain (target - v) in <paramref name="step"/>, v as the step starts; none where it has no target.</summary>
    private static void AddClamp(in ClampEntry e, int step)
    {
        double? level = step < e.Start ? e.Hold : step >= e.Stop ? e.Return : e.Target;
        if (level is not { } target) return;
        float t = (float)target, gain = e.Gain;
        var c = e.Group.Current;
        var v = e.V;
        if (e.Indices is null)
        {
            for (int i = 0; i < c.Length; i++) c[i] += gain * (t - v[i]);
        }
        else
        {
            foreach (int i in e.Indices) c[i] += gain * (t - v[i]);
        }
    }
}
