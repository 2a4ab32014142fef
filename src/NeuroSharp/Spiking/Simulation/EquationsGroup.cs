using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A population of a model written as equations (<see cref="EquationsNeuronSpec"/>, docs/spiking-equations.md). Each step,
/// over chunks of <see cref="EquationProgram.Chunk"/> neurons inside the engine's fixed blocks:
/// <code>
/// x += sign_e g_e, y += sign_i g_i         (the inputs that arrived, then g_e = g_i = 0)
/// derived variables, in dependency order    (from the values at the start of the step)
/// euler: s' = s + dt f_s(s, t)              (every f_s from the start-of-step values)
/// rk4:   the classical four stages at t, t + dt/2, t + dt/2, t + dt
/// threshold(s', t) and not refractory -&gt; spike; reset statements in order (after the inputs of the step)
/// </code>
/// One compiled program runs the integration and the threshold; another the reset over the spiked neurons, gathered
/// into registers. The scratch registers are one array per thread, made once.
/// </summary>
internal sealed class EquationsGroup : NeuronGroup
{
    [ThreadStatic]
    private static float[]? t_scratch;

    private readonly EquationSystem _system;
    private readonly float[][] _states;
    private readonly float[][] _derived;
    private readonly float[][] _arrays; // states, derived, the current input I, then 1 or 0 for not refractory (the programs' locations < 0)
    private readonly float[]? _notRefractory; // only where a variable is held while refractory
    private readonly EquationProgram _step;
    private readonly int _mask;
    private readonly EquationProgram? _reset;
    private readonly EquationProgram? _derivedProgram;
    private readonly int _refractorySteps;
    private readonly float _excSign, _inhSign;
    private bool _derivedWatched;

    public EquationsGroup(string name, int index, int count, EquationsNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _system = EquationSystem.Build(spec);
        int states = _system.States.Length, derived = _system.Derived.Length;
        _states = new float[states][];
        for (int s = 0; s < states; s++) _states[s] = new float[count];
        _derived = new float[derived][];
        for (int d = 0; d < derived; d++) _derived[d] = new float[count];
        _notRefractory = _system.HeldWhileRefractory.Any(h => h) ? new float[count] : null;
        _arrays = _notRefractory is null ? [.. _states, .. _derived, Current] : [.. _states, .. _derived, Current, _notRefractory];
        LastSpike = new int[count];
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        _excSign = (float)spec.ExcitatorySign;
        _inhSign = (float)spec.InhibitorySign;
        (_step, _mask) = CompileStep(dtMs);
        _step.Compile([_mask]);
        _reset = _system.Reset.Length > 0 ? CompileReset(dtMs).Compile([.. Enumerable.Range(0, states)]) : null;
        _derivedProgram = derived > 0 ? CompileDerived(dtMs).Compile([]) : null;
    }

    /// <summary>The step of each neuron's last spike.</summary>
    public int[] LastSpike { get; }

    private int StateLocation(int s) => ~s;

    private int DerivedLocation(int d) => ~(_states.Length + d);

    private int CurrentLocation => ~(_states.Length + _derived.Length);

    private int NotRefractoryLocation => ~(_states.Length + _derived.Length + 1);

    /// <summary>
    /// k_s (in register s) times 1 or 0 for a variable held while refractory: Brian2's int(not_refractory) * f for an
    /// equation flagged "(unless refractory)", so the variable does not move in any stage.
    /// </summary>
    private void Hold(EquationCompiler c, int s)
    {
        if (_system.HeldWhileRefractory[s]) c.Add(new VectorInstruction(VectorOp.Multiply, s, s, NotRefractoryLocation, 0, 0));
    }

    private void LocateGlobals(EquationCompiler c, bool derived)
    {
        for (int s = 0; s < _states.Length; s++) c.Locate(_system.States[s], StateLocation(s));
        if (derived)
        {
            for (int d = 0; d < _derived.Length; d++) c.Locate(_system.Derived[d].Name, DerivedLocation(d));
        }
        c.Locate("I", CurrentLocation);
    }

    /// <summary>
    /// The integration and the threshold as one program. Registers: euler k_s at s; rk4 k_s at s, the sum of the stages
    /// at S + s, the stage's state at 2S + s; then the threshold's mask.
    /// </summary>
    private (EquationProgram Program, int Mask) CompileStep(double dtMs)
    {
        int n = _states.Length;
        bool rk4 = _system.Method == IntegrationMethod.Rk4;
        int reserved = (rk4 ? 3 * n : n) + 1;
        int mask = reserved - 1;
        var code = new List<VectorInstruction>();
        int registers = reserved;
        float dt = (float)dtMs;
        void Take(EquationCompiler c)
        {
            var p = c.Build();
            code.AddRange(p.Code);
            registers = Math.Max(registers, p.Registers);
        }

        // Stage 1 (all of euler): derived variables into their arrays, then each derivative into k_s.
        var first = new EquationCompiler(_system, dtMs, reserved);
        LocateGlobals(first, derived: true);
        first.Derived(null);
        for (int s = 0; s < n; s++)
        {
            if (_system.Derivatives[s] is not { } f) continue;
            first.Into(f, s);
            Hold(first, s);
        }
        if (!rk4)
        {
            for (int s = 0; s < n; s++)
            {
                if (_system.Derivatives[s] is not null) first.Add(new VectorInstruction(VectorOp.MultiplyAdd, StateLocation(s), s, StateLocation(s), dt, 0));
            }
            Take(first);
        }
        else
        {
            for (int s = 0; s < n; s++)
            {
                if (_system.Derivatives[s] is null) continue;
                first.Add(new VectorInstruction(VectorOp.Copy, n + s, s, int.MinValue, 0, 0));
                first.Add(new VectorInstruction(VectorOp.MultiplyAdd, 2 * n + s, s, StateLocation(s), dt / 2, 0));
            }
            Take(first);
            for (int stage = 2; stage <= 4; stage++)
            {
                var c = new EquationCompiler(_system, dtMs, reserved, stage == 4 ? dt : dt / 2);
                for (int s = 0; s < n; s++) c.Locate(_system.States[s], _system.Derivatives[s] is null ? StateLocation(s) : 2 * n + s);
                c.Locate("I", CurrentLocation);
                c.Derived(null);
                for (int s = 0; s < n; s++)
                {
                    if (_system.Derivatives[s] is not { } f) continue;
                    c.Into(f, s);
                    Hold(c, s);
                }
                for (int s = 0; s < n; s++)
                {
                    if (_system.Derivatives[s] is null) continue;
                    if (stage < 4)
                    {
                        c.Add(new VectorInstruction(VectorOp.MultiplyAdd, n + s, s, n + s, 2, 0));
                        c.Add(new VectorInstruction(VectorOp.MultiplyAdd, 2 * n + s, s, StateLocation(s), stage == 2 ? dt / 2 : dt, 0));
                    }
                    else
                    {
                        c.Add(new VectorInstruction(VectorOp.Add, n + s, n + s, s, 0, 0));
                        c.Add(new VectorInstruction(VectorOp.MultiplyAdd, StateLocation(s), n + s, StateLocation(s), dt / 6, 0));
                    }
                }
                Take(c);
            }
        }

        // The threshold, on the new values (derived variables it reads are recomputed from them into registers).
        if (_system.Threshold is { } threshold)
        {
            var c = new EquationCompiler(_system, dtMs, reserved);
            LocateGlobals(c, derived: false);
            c.Derived(c.DerivedRead([threshold]));
            c.Into(threshold, mask);
            Take(c);
        }
        return (new EquationProgram([.. code], registers), mask);
    }

    /// <summary>The reset over gathered neurons: registers 0..S-1 hold their state, S their current input.</summary>
    private EquationProgram CompileReset(double dtMs)
    {
        int n = _states.Length;
        var c = new EquationCompiler(_system, dtMs, n + 1);
        for (int s = 0; s < n; s++) c.Locate(_system.States[s], s);
        c.Locate("I", n);
        c.Derived(c.DerivedRead(_system.Reset.Select(r => r.Value)));
        foreach (var r in _system.Reset)
        {
            var value = r.Op is { } op ? new BinaryExpr(op, new NameExpr(_system.States[r.State], 0), r.Value, 0) : r.Value;
            c.Into(value, r.State);
        }
        return c.Build();
    }

    /// <summary>The derived variables from the current state, into their arrays (for the monitors, after the reset).</summary>
    private EquationProgram CompileDerived(double dtMs)
    {
        var c = new EquationCompiler(_system, dtMs, 0);
        LocateGlobals(c, derived: true);
        c.Derived(null);
        return c.Build();
    }

    private static float[] Scratch(int registers)
    {
        int need = registers * EquationProgram.Chunk;
        var s = t_scratch;
        if (s is null || s.Length < need) t_scratch = s = new float[Math.Max(need, 64 * EquationProgram.Chunk)];
        return s;
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Each("state", _states);
        visitor.Each("derived", _derived);
        if (_notRefractory is not null) visitor.Values("notRefractory", _notRefractory.AsSpan());
        visitor.Values("lastSpike", LastSpike.AsSpan());
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        Array.Clear(Ge);
        Array.Clear(Gi);
        Array.Clear(Current);
        SpikeCount = 0;
        for (int s = 0; s < _states.Length; s++) Fill(_states[s], _system.States[s], _system.Initial[s], build);
        Array.Fill(LastSpike, int.MinValue / 2);
        foreach (var d in _derived) Array.Clear(d);
        UpdateDerived(0);
    }

    /// <summary>Adds the inputs that arrived to their variables (sign × weight) and clears the channels, for neurons [start, end).</summary>
    private void FoldInputs(int start, int end)
    {
        if (end <= start) return;
        if (_system.ExcitatoryState >= 0)
        {
            var g = Ge.AsSpan(start, end - start);
            var x = _states[_system.ExcitatoryState].AsSpan(start, end - start);
            TensorPrimitives.MultiplyAdd(g, _excSign, x, x);
            g.Clear();
        }
        if (_system.InhibitoryState >= 0)
        {
            var g = Gi.AsSpan(start, end - start);
            var x = _states[_system.InhibitoryState].AsSpan(start, end - start);
            TensorPrimitives.MultiplyAdd(g, _inhSign, x, x);
            g.Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        FoldInputs(start, end);
        var regs = Scratch(_step.Registers);
        float t = (float)(step * DtMs);
        var last = LastSpike;
        int refractory = _refractorySteps;
        bool threshold = _system.Threshold is not null;
        if (_notRefractory is { } nr)
        {
            for (int i = start; i < end; i++) nr[i] = step - last[i] >= refractory ? 1f : 0f;
        }
        int n = 0;
        for (int c = start; c < end; c += EquationProgram.Chunk)
        {
            int length = Math.Min(EquationProgram.Chunk, end - c);
            _step.Run(regs, _arrays, c, length, t);
            if (!threshold) continue;
            var mask = regs.AsSpan(_mask * EquationProgram.Chunk, length);
            n = Scan(mask, c, step, last, refractory, spiked, n);
        }
        return n;
    }

    /// <summary>
    /// Appends to <paramref name="spiked"/> the neurons c + k whose mask is not 0 and that are out of their refractory period,
    /// in ascending order; a vector at a time skips the (usual) stretches where no mask is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Scan(ReadOnlySpan<float> mask, int c, int step, int[] last, int refractory, Span<int> spiked, int n)
    {
        int length = mask.Length, k = 0;
        ref float m0 = ref MemoryMarshal.GetReference(mask);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= length - Vector512<float>.Count; k += Vector512<float>.Count)
            {
                if (Vector512.EqualsAll(Vector512.LoadUnsafe(ref m0, (nuint)k), Vector512<float>.Zero)) continue;
                for (int j = k; j < k + Vector512<float>.Count; j++)
                {
                    int i = c + j;
                    if (mask[j] != 0 && step - last[i] >= refractory) spiked[n++] = i;
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= length - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                if (Vector256.EqualsAll(Vector256.LoadUnsafe(ref m0, (nuint)k), Vector256<float>.Zero)) continue;
                for (int j = k; j < k + Vector256<float>.Count; j++)
                {
                    int i = c + j;
                    if (mask[j] != 0 && step - last[i] >= refractory) spiked[n++] = i;
                }
            }
        }
        for (; k < length; k++)
        {
            int i = c + k;
            if (mask[k] != 0 && step - last[i] >= refractory) spiked[n++] = i;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ApplyReset(int step)
    {
        FoldInputs(0, Count);
        var spikes = Spikes.AsSpan(0, SpikeCount);
        foreach (int i in spikes) LastSpike[i] = step;
        if (_reset is not null && spikes.Length > 0)
        {
            int n = _states.Length;
            var regs = Scratch(_reset.Registers);
            const int chunk = EquationProgram.Chunk;
            for (int c = 0; c < spikes.Length; c += chunk)
            {
                var part = spikes.Slice(c, Math.Min(chunk, spikes.Length - c));
                for (int s = 0; s < n; s++)
                {
                    var from = _states[s];
                    for (int k = 0; k < part.Length; k++) regs[s * chunk + k] = from[part[k]];
                }
                for (int k = 0; k < part.Length; k++) regs[n * chunk + k] = Current[part[k]];
                _reset.Run(regs, _arrays, 0, part.Length, (float)(step * DtMs));
                for (int s = 0; s < n; s++)
                {
                    var to = _states[s];
                    for (int k = 0; k < part.Length; k++) to[part[k]] = regs[s * chunk + k];
                }
            }
        }
        if (_derivedWatched) UpdateDerived(step + 1);
    }

    /// <summary>Recomputes the derived variables from the current state (what a monitor records).</summary>
    private void UpdateDerived(int step)
    {
        if (_derivedProgram is null) return;
        var regs = Scratch(_derivedProgram.Registers);
        float t = (float)(step * DtMs);
        for (int c = 0; c < Count; c += EquationProgram.Chunk)
            _derivedProgram.Run(regs, _arrays, c, Math.Min(EquationProgram.Chunk, Count - c), t);
    }

    public override float[]? Variable(string name)
    {
        int s = Array.IndexOf(_system.States, name);
        if (s >= 0) return _states[s];
        for (int d = 0; d < _derived.Length; d++)
        {
            if (_system.Derived[d].Name != name) continue;
            _derivedWatched = true;
            return _derived[d];
        }
        return null;
    }
}
