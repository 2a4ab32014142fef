using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Kinetic-scheme gates (docs/spiking-hh.md, "Kinetic schemes"): each state's occupancy is a float array, advanced per neuron by the
/// exact exponential of the generator A(v) dt with the rates at the start-of-step v (as jLEMS's KineticScheme advances), computed in
/// double by <see cref="KineticSchemeMath.Advance"/> (two states: by its closed form, vectorised over the chunk); the gate's own array
/// holds the open fraction, which the channel raises to its power.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    /// <summary>The occupancy arrays of every kinetic gate's states, in channel, gate and state order.</summary>
    private float[][] _occupancies = [];

    private string[] _kineticNames = [];
    private readonly Dictionary<string, int> _occupancyIndex = new(StringComparer.Ordinal);

    /// <summary>The kinetic gates' constants, and for each gate index its entry in <see cref="_kinetic"/> (-1: not kinetic).</summary>
    private KineticConstants[] _kinetic = [];
    private int[] _kineticByGate = [];

    /// <summary>Each thread's transition rates of a chunk, 2 x transitions x <see cref="Chunk"/> floats (grown once, never per step).</summary>
    [ThreadStatic]
    private static float[]? t_kineticRates;

    /// <summary>Each thread's two-state work space: the chunk's two rates times dt, their sum and decay factor, the two occupancies and two temporaries, 8 x <see cref="Chunk"/> doubles.</summary>
    [ThreadStatic]
    private static double[]? t_kineticTwo;

    /// <summary>Allocates one array per state of each kinetic gate (at construction).</summary>
    private void AllocateKinetic(HodgkinHuxleyNeuronSpec spec, int count)
    {
        var names = spec.OccupancyNames().ToArray();
        _kineticNames = [.. spec.KineticNames()];
        _occupancies = new float[names.Length][];
        for (int k = 0; k < names.Length; k++)
        {
            _occupancies[k] = new float[count];
            _occupancyIndex[names[k]] = k;
        }
    }

    /// <summary>True when a spec's kinetic gates and their states are this group's (their rates may change in place).</summary>
    private bool SameKineticShape(HodgkinHuxleyNeuronSpec spec) => spec.KineticNames().SequenceEqual(_kineticNames);

    /// <summary>Builds the kinetic gates' constants; returns the double registers their expression functions need.</summary>
    private int SetKineticConstants(HodgkinHuxleyNeuronSpec spec, double dtMs)
    {
        int registers = 0, gate = 0, occupancy = 0;
        var list = new List<KineticConstants>();
        var byGate = new int[spec.GateCount];
        Array.Fill(byGate, -1);
        Fn Of(VoltageFunction? f)
        {
            var fn = Fn.Of(f, dtMs);
            if (fn.Program is { } p) registers = Math.Max(registers, p.Registers);
            return fn;
        }
        foreach (var c in spec.Channels)
        {
            foreach (var g in c.Gates)
            {
                if (g.Kinetics == GateKinetics.KineticScheme && g.Scheme is { } scheme)
                {
                    byGate[gate] = list.Count;
                    var t = scheme.Transitions;
                    list.Add(new KineticConstants(
                        scheme.States.Count, occupancy, [.. scheme.States.Select(s => s.Open)],
                        [.. t.Select(x => scheme.IndexOf(x.From))], [.. t.Select(x => scheme.IndexOf(x.To))], [.. t.Select(x => x.Kinetics)],
                        [.. t.Select(x => x.Forward is not null)], [.. t.Select(x => x.Reverse is not null)],
                        [.. t.Select(x => Of(x.Forward))], [.. t.Select(x => Of(x.Reverse))], [.. t.Select(x => Of(x.Tau))], [.. t.Select(x => Of(x.Inf))],
                        dtMs * g.RateFactor));
                    occupancy += scheme.States.Count;
                }
                gate++;
            }
        }
        _kinetic = [.. list];
        _kineticByGate = byGate;
        return registers;
    }

    /// <summary>Each kinetic gate's occupancies at their start (the steady state at each neuron's v, or the first state) and its open fraction.</summary>
    private void InitializeKinetic()
    {
        int gate = 0;
        foreach (var c in _spec.Channels)
        {
            foreach (var g in c.Gates)
            {
                int k = gate++;
                if (_kineticByGate[k] < 0) continue;
                var kc = _kinetic[_kineticByGate[k]];
                var x = _gates[k];
                for (int i = 0; i < x.Length; i++)
                {
                    var p = g.Scheme!.InitialOccupancies(V[i], _caPool < 0 ? 0 : _concentrations[_caPool][i], g.RateFactor);
                    double q = 0;
                    for (int st = 0; st < kc.States; st++)
                    {
                        _occupancies[kc.FirstOccupancy + st][i] = (float)p[st];
                        if (kc.Open[st]) q += p[st];
                    }
                    x[i] = (float)q;
                }
            }
        }
    }

    /// <summary>A state's occupancy array by its name CHANNEL_GATE_STATE, or null.</summary>
    private float[]? OccupancyVariable(string name) => _occupancyIndex.TryGetValue(name, out int k) ? _occupancies[k] : null;

    /// <summary>
    /// Advances gate <paramref name="gate"/>'s occupancies over one step for the chunk's neurons: the rates at the start-of-step v
    /// (vectorised over the chunk, each times dt and the rate factor), then p' = exp(A dt) p in double (two states: the closed form over
    /// the chunk; more: per neuron by the series); x = the open fraction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepKinetic(int gate, int s, ReadOnlySpan<float> v, Span<float> x, Span<float> t1, Span<float> t2, Span<float> scratch, Span<double> regs)
    {
        var kc = _kinetic[_kineticByGate[gate]];
        int len = v.Length, transitions = kc.From.Length, n = kc.States;
        int need = 2 * transitions * Chunk;
        if (t_kineticRates is null || t_kineticRates.Length < need) t_kineticRates = new float[need];
        var rates = t_kineticRates.AsSpan(0, need);
        double dt = kc.DtFactor;
        for (int j = 0; j < transitions; j++)
        {
            var f = rates.Slice(2 * j * Chunk, len);
            var r = rates.Slice((2 * j + 1) * Chunk, len);
            if (kc.Kinds[j] == TransitionKinetics.TauInf)
            {
                // forward inf / tau, reverse (1 - inf) / tau
                Evaluate(kc.Tau[j], v, t1, scratch, regs);
                Evaluate(kc.Inf[j], v, t2, scratch, regs);
                TensorPrimitives.Divide(t2, t1, f);
                TensorPrimitives.Subtract(1f, t2, r);
                TensorPrimitives.Divide(r, t1, r);
            }
            else
            {
                if (kc.HasForward[j]) Evaluate(kc.Forward[j], v, f, scratch, regs);
                else f.Clear();
                if (kc.HasReverse[j]) Evaluate(kc.Reverse[j], v, r, scratch, regs);
                else r.Clear();
            }
        }
        if (n == 2)
        {
            StepTwoState(kc, s, len, rates, x);
            return;
        }
        Span<double> a = stackalloc double[n * n];
        Span<double> p = stackalloc double[n];
        Span<double> work = stackalloc double[KineticSchemeMath.WorkLength(n)];
        for (int i = 0; i < len; i++)
        {
            a.Clear();
            for (int j = 0; j < transitions; j++)
            {
                int from = kc.From[j], to = kc.To[j];
                double fr = rates[2 * j * Chunk + i] * dt, rr = rates[(2 * j + 1) * Chunk + i] * dt;
                a[to * n + from] += fr;
                a[from * n + from] -= fr;
                a[from * n + to] += rr;
                a[to * n + to] -= rr;
            }
            for (int st = 0; st < n; st++) p[st] = _occupancies[kc.FirstOccupancy + st][s + i];
            KineticSchemeMath.Advance(a, n, p, work);
            double q = 0;
            for (int st = 0; st < n; st++)
            {
                _occupancies[kc.FirstOccupancy + st][s + i] = (float)p[st];
                if (kc.Open[st]) q += p[st];
            }
            x[i] = (float)q;
        }
    }

    /// <summary>
    /// A two-state gate c &lt;-&gt; o over the chunk by the closed form of exp(A dt) (docs/spiking-hh.md, "Kinetic schemes"): with k = the
    /// total rate c -&gt; o times dt, l = o -&gt; c times dt, s = k + l, e = exp(-s), S = p_c + p_o,
    /// p_o' = p_o e + k S (1 - e) / s, p_c' = p_c e + l S (1 - e) / s, renormalised to sum 1: each term is at least 0, so the
    /// occupancies stay in [0, 1]. All in double, vectorised over the chunk (TensorPrimitives, separate multiplies and adds, so each
    /// neuron's arithmetic is the same wherever it sits in a chunk but for the exponential, as for the HH gates). A neuron whose s is
    /// not above 0 (no rates, or NaN) keeps its occupancies, as the series does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepTwoState(KineticConstants kc, int s, int len, Span<float> rates, Span<float> x)
    {
        if (t_kineticTwo is null) t_kineticTwo = new double[8 * Chunk];
        var work = t_kineticTwo.AsSpan();
        var k = work.Slice(0, len);               // state 0 -> state 1, times dt
        var l = work.Slice(Chunk, len);           // state 1 -> state 0, times dt
        var sum = work.Slice(2 * Chunk, len);     // s = k + l
        var e = work.Slice(3 * Chunk, len);       // exp(-s); a temporary before
        var c = work.Slice(4 * Chunk, len);       // p_0, then p_0'
        var o = work.Slice(5 * Chunk, len);       // p_1, then p_1'
        var w = work.Slice(6 * Chunk, len);       // S (1 - e) / s
        var t = work.Slice(7 * Chunk, len);       // a temporary
        double dt = kc.DtFactor;
        for (int j = 0; j < kc.From.Length; j++)
        {
            // A transition 0 -> 1 moves occupancy to state 1 at its forward rate and back at its reverse rate; 1 -> 0 the other way.
            var f = rates.Slice(2 * j * Chunk, len);
            var r = rates.Slice((2 * j + 1) * Chunk, len);
            AddRate(kc.From[j] == 0 ? f : r, k, e, dt, j == 0);
            AddRate(kc.From[j] == 0 ? r : f, l, e, dt, j == 0);
        }
        static void AddRate(ReadOnlySpan<float> rate, Span<double> into, Span<double> e, double dt, bool first)
        {
            var target = first ? into : e;
            TensorPrimitives.ConvertTruncating<float, double>(rate, target); // exact (a widening)
            TensorPrimitives.Multiply(target, dt, target);
            if (!first) TensorPrimitives.Add(into, target, into);
        }
        TensorPrimitives.Add(k, l, sum);
        TensorPrimitives.Negate(sum, e);
        TensorPrimitives.Exp(e, e);
        var p0 = _occupancies[kc.FirstOccupancy].AsSpan(s, len);
        var p1 = _occupancies[kc.FirstOccupancy + 1].AsSpan(s, len);
        TensorPrimitives.ConvertTruncating<float, double>(p0, c);
        TensorPrimitives.ConvertTruncating<float, double>(p1, o);
        TensorPrimitives.Add(c, o, w);            // S
        TensorPrimitives.Subtract(1.0, e, t);
        TensorPrimitives.Multiply(w, t, w);
        TensorPrimitives.Divide(w, sum, w);       // w = S (1 - e) / s (not finite where s is 0: those neurons are skipped below)
        TensorPrimitives.Multiply(c, e, c);
        TensorPrimitives.Multiply(l, w, t);
        TensorPrimitives.Add(c, t, c);            // p_0 e + l w
        TensorPrimitives.Multiply(o, e, o);
        TensorPrimitives.Multiply(k, w, t);
        TensorPrimitives.Add(o, t, o);            // p_1 e + k w
        bool open0 = kc.Open[0], open1 = kc.Open[1];
        for (int i = 0; i < len; i++)
        {
            double c1, o1;
            if (sum[i] > 0)
            {
                double norm = c[i] + o[i];
                double inv = norm > 0 ? 1 / norm : 0;
                c1 = c[i] * inv;
                o1 = o[i] * inv;
                p0[i] = (float)c1;
                p1[i] = (float)o1;
            }
            else
            {
                c1 = p0[i];
                o1 = p1[i];
            }
            x[i] = (float)((open0 ? c1 : 0) + (open1 ? o1 : 0));
        }
    }

    /// <summary>A kinetic gate as the step reads it: its states, where its occupancy arrays start, and each transition's ends and functions.</summary>
    private sealed record KineticConstants(int States, int FirstOccupancy, bool[] Open, int[] From, int[] To, TransitionKinetics[] Kinds,
        bool[] HasForward, bool[] HasReverse, Fn[] Forward, Fn[] Reverse, Fn[] Tau, Fn[] Inf, double DtFactor);
}
