using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Hodgkin-Huxley population (<see cref="HodgkinHuxleyNeuronSpec"/>), exponential Euler from the values at the start of the step
/// (Brian2's <c>method='exponential_euler'</c>, docs/spiking-hh.md):
/// <code>
/// G = sum_k g_k prod_j x_kj^p_kj + g_e + g_i          GE = sum_k g_k prod_j x_kj^p_kj E_k + g_e E_e + g_i E_i + I
/// x' = inf(v) + (x - inf(v)) exp(-dt / tau(v))          (each gate; an instantaneous gate: x' = inf(v))
/// v' = v_inf + (v - v_inf) exp(-dt G / C),  v_inf = GE / G
/// spike when v &lt;= threshold &lt; v' and not refractory; no reset
/// C' = C_inf + (C - C_inf) exp(-dt / tau),  C_inf = C_rest + tau kappa I_ion,  C' &gt;= 0      (each concentration pool)
/// </code>
/// A Nernst channel's E is computed from its pool's C at the start of the step; a GHK current is an explicit current, added to I
/// from the start-of-step v and C; I_ion is the sum of the currents of the pool's ion's channels at the start of the step.
/// Vectorised over chunks of <see cref="Chunk"/> neurons (TensorPrimitives.Exp over each chunk; temporaries on the stack),
/// so a step allocates nothing; each neuron's arithmetic is the same whatever the blocks and threads.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup : NeuronGroup
{
    /// <summary>Neurons per vectorised chunk (the stack temporaries' length).</summary>
    private const int Chunk = 256;

    /// <summary>The exponent's argument is kept below this so that no rate overflows a float.</summary>
    private const float MaxExponent = 80f;

    /// <summary>Below this |x|, x / (1 - exp(-x)) is taken from its series.</summary>
    private const float SeriesBound = 0.3f;

    private HodgkinHuxleyNeuronSpec _spec;
    private readonly RiseChannel? _riseExc, _riseInh;
    private readonly float[][] _gates;
    private readonly string[] _gateNames;
    private readonly Dictionary<string, int> _gateIndex = new(StringComparer.Ordinal);
    private ChannelConstants[] _channels = [];
    private PoolConstants[] _pools = [];
    private readonly float[][] _concentrations;
    private readonly string[] _poolIons;

    /// <summary>CHANNEL_i, the current of a channel of a pooled ion in pA (inward positive) after each step; allocated when first asked for.</summary>
    private readonly Dictionary<int, float[]> _currents = [];
    private GateConstants[] _gateConstants = [];

    /// <summary>The index of the ca pool in <see cref="_concentrations"/> (-1: none), whose concentration expression programs read as caConc.</summary>
    private readonly int _caPool;

    /// <summary>
    /// Double registers an expression program needs (0: none); for each chunk register 0 holds v in V and register 1 caConc in
    /// mol/m^3 (= mM).
    /// </summary>
    private int _registers;

    /// <summary>Each thread's registers for expression programs (grown once, never per step).</summary>
    [ThreadStatic]
    private static double[]? t_registers;
    private float _minusDtOverC, _passiveG, _passiveGE, _threshold, _de, _di, _ee, _ei;
    private int _refractorySteps;

    public HodgkinHuxleyGroup(string name, int index, int count, HodgkinHuxleyNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs,
        int compartments = 0)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        _compartments = compartments;
        if (spec.RiseExcMs > 0) _riseExc = new RiseChannel(count, spec.RiseExcMs, spec.TauExcMs, dtMs);
        if (spec.RiseInhMs > 0) _riseInh = new RiseChannel(count, spec.RiseInhMs, spec.TauInhMs, dtMs);
        _gateNames = [.. GateNames(spec)];
        _gates = new float[_gateNames.Length][];
        for (int k = 0; k < _gates.Length; k++)
        {
            _gates[k] = new float[count];
            _gateIndex[_gateNames[k]] = k;
        }
        AllocatePorts(spec, count, dtMs);
        AllocateKinetic(spec, count);
        _poolIons = [.. spec.Pools.Select(p => p.Ion)];
        _concentrations = new float[_poolIons.Length][];
        for (int k = 0; k < _concentrations.Length; k++) _concentrations[k] = new float[count];
        _caPool = Array.IndexOf(_poolIons, "ca");
        SetConstants(spec, dtMs);
        _changeSteps = [.. spec.TemperatureChangesMs.Select(t => (int)Math.Min(int.MaxValue, Math.Round(t / dtMs)))];
        _changeCelsius = [.. spec.TemperatureChangesCelsius];
        V = new float[count];
        LastSpike = new int[count];
    }

    /// <summary>The state monitor names of a spec's gates, CHANNEL_GATE, in channel and gate order.</summary>
    public static IEnumerable<string> GateNames(HodgkinHuxleyNeuronSpec spec) =>
        spec.Channels.SelectMany(c => c.Gates.Select(g => $"{c.Name}_{g.Name}"));

    public float[] V { get; }

    /// <summary>The steps at which the temperature changes (<see cref="HodgkinHuxleyNeuronSpec.TemperatureChangesMs"/> on the step grid) and the temperature from each.</summary>
    private readonly int[] _changeSteps;
    private readonly double[] _changeCelsius;

    /// <summary>The next change of <see cref="_changeSteps"/> not yet made.</summary>
    private int _nextChange;

    /// <summary>True when the cell's temperature changes in time (the engine then calls <see cref="ApplyTemperature"/> in each step's Inputs phase).</summary>
    public bool HasTemperatureChanges => _changeSteps.Length > 0;

    /// <summary>
    /// Makes the temperature changes due by <paramref name="step"/>: the constants (each gate's rate factor, the Nernst and GHK slopes) are
    /// computed afresh at the new temperature (<see cref="HodgkinHuxleyNeuronSpec.AtTemperature"/>); a step with no change costs one comparison.
    /// </summary>
    public void ApplyTemperature(int step)
    {
        if (_nextChange >= _changeSteps.Length || _changeSteps[_nextChange] > step) return;
        while (_nextChange < _changeSteps.Length && _changeSteps[_nextChange] <= step) _nextChange++;
        SetConstants(_spec.AtTemperature(_changeCelsius[_nextChange - 1]), DtMs);
    }

    /// <summary>
    /// The internal concentration of <paramref name="ion"/> (e.g. "ca") in each neuron, in mM (= mol/m^3), as the start of the next
    /// step will read it; empty when the population has no pool of that ion. The state monitor records it as ION + "Conc" (caConc).
    /// </summary>
    /// <param name="ion">The ion, as <see cref="ConcentrationPoolSpec.Ion"/> names it.</param>
    /// <returns>One value per neuron, or an empty span.</returns>
    public Span<float> Concentration(string ion)
    {
        int k = Array.IndexOf(_poolIons, ion);
        return k < 0 ? [] : _concentrations[k];
    }

    /// <summary>True when the population has at least one concentration pool.</summary>
    public bool HasConcentrations => _poolIons.Length > 0;

    public int[] LastSpike { get; }

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_riseExc, _riseInh);

    public override float[] InputChannel(Receptor receptor) => receptor == Receptor.Excitatory
        ? _riseExc?.Rise ?? Ge
        : _riseInh?.Rise ?? Gi;

    /// <summary>
    /// Takes a new spec's numbers from the next step on; v, the gates, the conductances and the refractory clocks go on. False (a rebuild)
    /// when the gates change names or order, or a rise time (or the decay of a channel with one) changes.
    /// </summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (!CanRetune(model)) return false;
        var spec = (HodgkinHuxleyNeuronSpec)model;
        _spec = spec;
        SetConstants(_nextChange > 0 ? spec.AtTemperature(_changeCelsius[_nextChange - 1]) : spec, DtMs);
        Model = spec;
        return true;
    }

    /// <summary>
    /// True when <see cref="TryRetune"/> would take the spec: the same gates in the same order, the same rise times, the same pools'
    /// ions and, where there are pools, each channel with the same name, ion and reversal kind (its numbers may change).
    /// </summary>
    public bool CanRetune(NeuronModelSpec model) =>
        model is HodgkinHuxleyNeuronSpec spec && GateNames(spec).SequenceEqual(_gateNames) && spec.Pools.Select(p => p.Ion).SequenceEqual(_poolIons)
        && (_poolIons.Length == 0 || spec.Channels.Select(c => (c.Name, c.Ion, c.Reversal)).SequenceEqual(_spec.Channels.Select(c => (c.Name, c.Ion, c.Reversal))))
        && spec.RiseExcMs == _spec.RiseExcMs && spec.RiseInhMs == _spec.RiseInhMs
        && (spec.RiseExcMs <= 0 || spec.TauExcMs == _spec.TauExcMs) && (spec.RiseInhMs <= 0 || spec.TauInhMs == _spec.TauInhMs)
        && SamePortShape(spec) && SameKineticShape(spec)
        && spec.TemperatureChangesMs.SequenceEqual(_spec.TemperatureChangesMs) && spec.TemperatureChangesCelsius.SequenceEqual(_spec.TemperatureChangesCelsius);

    private void SetConstants(HodgkinHuxleyNeuronSpec spec, double dtMs)
    {
        _minusDtOverC = (float)(-dtMs / spec.CapacitancePf);
        double passiveG = 0, passiveGE = 0;
        var channels = new List<ChannelConstants>();
        var gates = new List<GateConstants>();
        double kelvin = spec.TemperatureCelsius + 273.15;
        int registers = 0;
        Fn Of(VoltageFunction? f)
        {
            var fn = Fn.Of(f, dtMs);
            if (fn.Program is { } p) registers = Math.Max(registers, p.Registers);
            return fn;
        }
        foreach (var c in spec.Channels)
        {
            int pool = c.Ion is null ? -1 : Array.IndexOf(_poolIons, c.Ion);
            if (c.Gates.Count == 0 && pool < 0 && c.Reversal == ReversalKind.Fixed && _compartments == 0)
            {
                passiveG += c.ConductanceNs;
                passiveGE += c.ConductanceNs * c.ReversalMv;
                continue;
            }
            // rt: R T / (z F) in mV, the Nernst slope and the GHK scale; amplitude: z F P in pA per mM (GHK), or g (the others).
            int z = pool >= 0 ? spec.Pools[pool].Valence : 2;
            double rt = 1000 * ConcentrationPoolSpec.GasConstant * kelvin / (z * ConcentrationPoolSpec.Faraday);
            double amplitude = c.Reversal == ReversalKind.Ghk ? c.PermeabilityUm3PerS * 1e-6 * z * ConcentrationPoolSpec.Faraday : c.ConductanceNs;
            // GHK2's k = 25 mV T / (2 x 293.15 K).
            double scale = c.Reversal switch { ReversalKind.Ghk => rt, ReversalKind.Ghk2 => 25 * kelvin / (293.15 * 2), _ => rt };
            channels.Add(new ChannelConstants((float)amplitude, (float)c.ReversalMv, gates.Count, c.Gates.Count)
            {
                Kind = c.Reversal, Pool = pool, Scale = (float)scale, InvScale = (float)(1 / scale),
                External = pool >= 0 ? (float)spec.Pools[pool].ExternalMm : 0,
            });
            foreach (var g in c.Gates)
            {
                gates.Add(new GateConstants(g.Power, g.Kinetics, Of(g.Alpha), Of(g.Beta), Of(g.Tau), Of(g.Inf), (float)(dtMs * g.RateFactor)));
            }
        }
        _passiveG = (float)passiveG;
        _passiveGE = (float)passiveGE;
        _channels = [.. channels];
        _gateConstants = [.. gates];
        _pools = [.. spec.Pools.Select(p => new PoolConstants(
            (float)p.RestingMm, (float)(p.DecayMs * p.MmPerMsPerPa), (float)Math.Exp(-dtMs / p.DecayMs)))];
        _registers = Math.Max(registers, SetKineticConstants(spec, dtMs));
        _threshold = (float)spec.SpikeThresholdMv;
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _ee = (float)spec.ExcReversalMv;
        _ei = (float)spec.InhReversalMv;
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        SetPortConstants(spec, dtMs);
        SetRowConductances(spec);
        SetRowPools(spec, dtMs);
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("lastSpike", LastSpike.AsSpan());
        visitor.Each("gate", _gates);
        visitor.Each("concentration", _concentrations);
        visitor.Each("occupancy", _occupancies);
        foreach (int k in _currents.Keys.Order()) visitor.Values($"current{k}", _currents[k].AsSpan());
        if (_riseExc is not null) visitor.Values("riseExc", _riseExc.Rise.AsSpan());
        if (_riseInh is not null) visitor.Values("riseInh", _riseInh.Rise.AsSpan());
        _ports.VisitState(visitor);
        visitor.Values("cableG", _cableG.AsSpan());
        visitor.Values("cableGE", _cableGE.AsSpan());
        // The temperature changes made so far: read back, the constants are those of the last one (or the spec's, before any).
        visitor.Value("temperatureChangesMade", ref _nextChange);
        if (!visitor.Reading) return;
        if ((uint)_nextChange > (uint)_changeSteps.Length)
            throw new InvalidInputException($"The checkpoint's temperatureChangesMade of population '{Name}' is {_nextChange}, outside [0, {_changeSteps.Length}].");
        SetConstants(_nextChange > 0 ? _spec.AtTemperature(_changeCelsius[_nextChange - 1]) : _spec, DtMs);
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        if (_nextChange > 0)
        {
            _nextChange = 0;
            SetConstants(_spec, DtMs);
        }
        Fill(V, "v", _spec.InitialMv, build);
        for (int j = 0; j < _concentrations.Length; j++)
        {
            var pool = _spec.Pools[j];
            Fill(_concentrations[j], pool.VariableName, pool.InitialMm, build, clipAtZero: true);
        }
        InitializeRowPools();
        int k = 0;
        foreach (var c in _spec.Channels)
        {
            foreach (var g in c.Gates)
            {
                var x = _gates[k];
                string name = _gateNames[k++];
                if (g.Kinetics == GateKinetics.KineticScheme) continue; // InitializeKinetic, below
                if (Initial.ContainsKey(name))
                {
                    Fill(x, name, 0, build);
                    continue;
                }
                // Each gate starts at its steady state at the neuron's initial v (NeuroML's initialisation).
                for (int i = 0; i < x.Length; i++) x[i] = (float)g.SteadyState(V[i], _caPool < 0 ? 0 : _concentrations[_caPool][i]);
            }
        }
        InitializeKinetic();
        foreach (var (ci, current) in _currents) FillCurrent(ci, current);
        Array.Fill(LastSpike, int.MinValue / 2);
        if (_riseExc is not null) Array.Clear(_riseExc.Rise);
        if (_riseInh is not null) Array.Clear(_riseInh.Rise);
        InitializePorts(build);
        FillPortBlocks(0, Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        Span<float> g = stackalloc float[Chunk];
        Span<float> ge = stackalloc float[Chunk];
        Span<float> t1 = stackalloc float[Chunk];
        Span<float> t2 = stackalloc float[Chunk];
        Span<float> t3 = stackalloc float[Chunk];
        Span<float> t4 = stackalloc float[Chunk];
        Span<float> ion = stackalloc float[_pools.Length * Chunk];
        Span<double> regs = default;
        if (_registers > 0)
        {
            if (t_registers is null || t_registers.Length < _registers * Chunk) t_registers = new double[_registers * Chunk];
            regs = t_registers;
        }
        int n = 0;
        for (int s = start; s < end; s += Chunk)
        {
            int len = Math.Min(Chunk, end - s);
            if (_registers > 0)
            {
                // The inputs in SI, in double: v / 1000 (V) in register 0, caConc (mol/m^3 = mM) in register 1, the ca pool's
                // concentration at the start of the step (the spec refuses an expression that reads it without a ca pool).
                var v = V.AsSpan(s, len);
                var volts = regs[..len];
                var conc = regs.Slice(Chunk, len);
                for (int i = 0; i < len; i++) volts[i] = v[i] / 1000.0;
                if (_caPool >= 0)
                {
                    var ca = _concentrations[_caPool].AsSpan(s, len);
                    for (int i = 0; i < len; i++) conc[i] = ca[i];
                }
                else
                {
                    conc.Clear();
                }
            }
            n += IntegrateChunk(s, len, step, g[..len], ge[..len], t1[..len], t2[..len], t3[..len], t4[..len], ion, regs, spiked[n..]);
        }
        _riseExc?.Advance(Ge, start, end);
        _riseInh?.Advance(Gi, start, end);
        if (_ports.Count > 0) AdvancePortRises(start, end);
        if (_ports.RecordsBlocks) FillPortBlocks(start, end);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IntegrateChunk(int s, int len, int step, Span<float> g, Span<float> gE, Span<float> t1, Span<float> t2, Span<float> t3, Span<float> t4,
        Span<float> ion, Span<double> regs, Span<int> spiked)
    {
        var v = V.AsSpan(s, len);
        var exc = Ge.AsSpan(s, len);
        var inh = Gi.AsSpan(s, len);

        // Compartments take the gates at the end of the step into G (as NEURON and Brian2's SpatialNeuron; HodgkinHuxleyGroup.Cable.cs).
        if (_compartments > 0) StepGates(s, len, v, t1, t2, t3, t4, regs);

        // Total conductance G and sum g E (+ I) from the values at the start of the step (the ports' in place of ge and gi).
        if (_ports.Count > 0)
        {
            SumPorts(s, len, v, g, gE, t1, t2);
        }
        else
        {
            TensorPrimitives.Add(exc, _passiveG, g);
            TensorPrimitives.Add(g, inh, g);
            TensorPrimitives.MultiplyAdd(exc, _ee, Current.AsSpan(s, len), gE);
            TensorPrimitives.MultiplyAdd(inh, _ei, gE, gE);
            TensorPrimitives.Add(gE, _passiveGE, gE);
        }
        ion.Clear();
        for (int ci = 0; ci < _channels.Length; ci++)
        {
            var c = _channels[ci];
            // NeuroML's Nernst and GHK channels carry nothing (g 0, no current) when the external concentration is 0.
            if (c.Kind != ReversalKind.Fixed && c.External <= 0) continue;
            Conductance(ci, s, t1);
            for (int k = c.FirstGate; k < c.FirstGate + c.GateCount; k++)
            {
                var x = _gates[k].AsSpan(s, len);
                for (int p = 0; p < _gateConstants[k].Power; p++) TensorPrimitives.Multiply(t1, x, t1);
            }
            if (c.Pool < 0 && c.Kind == ReversalKind.Fixed)
            {
                TensorPrimitives.Add(g, t1, g);
                TensorPrimitives.MultiplyAdd(t1, c.Reversal, gE, gE);
                continue;
            }
            var current = c.Pool >= 0 ? ion.Slice(c.Pool * Chunk, len) : default;
            if (c.Kind is ReversalKind.Fixed or ReversalKind.Nernst)
            {
                // t3 = E (fixed, or Nernst from the start-of-step concentration); G += g_open, GE += g_open E; I_ion += g_open (E - v).
                if (c.Kind == ReversalKind.Fixed) t3.Fill(c.Reversal);
                else NernstReversal(c, _concentrations[c.Pool].AsSpan(s, len), t3);
                TensorPrimitives.Add(g, t1, g);
                TensorPrimitives.MultiplyAdd(t1, t3, gE, gE);
                if (c.Pool >= 0)
                {
                    TensorPrimitives.Subtract(t3, v, t3);
                    TensorPrimitives.MultiplyAdd(t1, t3, current, current);
                }
                continue;
            }
            // A GHK current (t3), explicit: GE += I, I_ion += I.
            GhkCurrent(c, v, _concentrations[c.Pool].AsSpan(s, len), t1, t3, t4);
            TensorPrimitives.Add(gE, t3, gE);
            TensorPrimitives.Add(current, t3, current);
        }

        // Gates: x' = inf + (x - inf) exp(-dt / tau), inf and tau at the start-of-step v (compartments: stepped first, above).
        if (_compartments == 0) StepGates(s, len, v, t1, t2, t3, t4, regs);

        // Pools: C' = C_inf + (C - C_inf) exp(-dt / tau), C_inf = C_rest + tau kappa I_ion, never below 0.
        for (int k = 0; k < _pools.Length; k++)
        {
            if (_rowPools is not null)
            {
                StepRowPool(k, s, len, ion.Slice(k * Chunk, len), t3); // each compartment's own constants (HodgkinHuxleyGroup.Pools.cs)
                continue;
            }
            ref readonly var p = ref _pools[k];
            var conc = _concentrations[k].AsSpan(s, len);
            var current = ion.Slice(k * Chunk, len);
            TensorPrimitives.Multiply(current, p.TauKappa, current);
            TensorPrimitives.Add(current, p.Resting, current);                      // C_inf
            TensorPrimitives.Subtract(conc, current, t3);
            TensorPrimitives.MultiplyAdd(t3, p.Decay, current, conc);
            TensorPrimitives.Max(conc, 0f, conc);
        }

        // Compartments: G and GE go to the cable solve (HodgkinHuxleyGroup.Cable.cs), which steps v.
        if (_compartments > 0) return HoldForCable(s, len, g, gE);

        // v' = v_inf + (v - v_inf) exp(-dt G / C); threshold; the conductances decay.
        TensorPrimitives.Divide(gE, g, t1);                 // v_inf
        TensorPrimitives.Multiply(g, _minusDtOverC, t2);
        TensorPrimitives.Exp(t2, t2);
        var last = LastSpike;
        float threshold = _threshold, de = _de, di = _di;
        int refractory = _refractorySteps, n = 0;
        for (int i = 0; i < len; i++)
        {
            float old = v[i];
            float now = t1[i] + (old - t1[i]) * t2[i];
            v[i] = now;
            exc[i] *= de;
            inh[i] *= di;
            if (old <= threshold && now > threshold && step - last[s + i] >= refractory) spiked[n++] = s + i;
        }
        if (_ports.Count > 0) DecayPorts(s, len);
        foreach (var (k, current) in _currents) ChannelCurrent(k, s, len, current.AsSpan(s, len), t1, t2, t3);
        return n;
    }

    /// <summary>Each gate of the chunk at <paramref name="s"/>: x' = inf + (x - inf) exp(-dt / tau), inf and tau at the start-of-step v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepGates(int s, int len, ReadOnlySpan<float> v, Span<float> t1, Span<float> t2, Span<float> t3, Span<float> t4, Span<double> regs)
    {
        for (int k = 0; k < _gateConstants.Length; k++)
        {
            ref readonly var q = ref _gateConstants[k];
            var x = _gates[k].AsSpan(s, len);
            switch (q.Kinetics)
            {
                case GateKinetics.Rates:
                    Evaluate(q.Alpha, v, t1, t4, regs);
                    Evaluate(q.Beta, v, t2, t4, regs);
                    TensorPrimitives.Add(t1, t2, t2);        // a + b
                    TensorPrimitives.Divide(t1, t2, t1);     // inf
                    TensorPrimitives.Multiply(t2, -q.DtFactor, t2);
                    TensorPrimitives.Exp(t2, t2);            // exp(-dt (a + b))
                    break;
                case GateKinetics.RatesInf:
                    Evaluate(q.Alpha, v, t2, t4, regs);
                    Evaluate(q.Beta, v, t3, t4, regs);
                    TensorPrimitives.Add(t2, t3, t2);
                    TensorPrimitives.Multiply(t2, -q.DtFactor, t2);
                    TensorPrimitives.Exp(t2, t2);
                    Evaluate(q.Inf, v, t1, t4, regs);
                    break;
                case GateKinetics.RatesTau:
                    Evaluate(q.Alpha, v, t1, t4, regs);
                    Evaluate(q.Beta, v, t2, t4, regs);
                    TensorPrimitives.Add(t1, t2, t2);
                    TensorPrimitives.Divide(t1, t2, t1);
                    Evaluate(q.Tau, v, t2, t4, regs);
                    TensorPrimitives.Divide(-q.DtFactor, t2, t2);
                    TensorPrimitives.Exp(t2, t2);
                    break;
                case GateKinetics.TauInf:
                    Evaluate(q.Inf, v, t1, t4, regs);
                    Evaluate(q.Tau, v, t2, t4, regs);
                    TensorPrimitives.Divide(-q.DtFactor, t2, t2);
                    TensorPrimitives.Exp(t2, t2);
                    break;
                case GateKinetics.KineticScheme:
                    StepKinetic(k, s, v, x, t1, t2, t4, regs);
                    continue;
                default: // instantaneous
                    Evaluate(q.Inf, v, x, t4, regs);
                    continue;
            }
            TensorPrimitives.Subtract(x, t1, t3);
            TensorPrimitives.MultiplyAdd(t3, t2, t1, x);
        }
    }

    /// <summary>
    /// The current of <c>_channels[k]</c> in pA (inward positive) from the state now held (after a step, or at the start), as
    /// NeuroML's iDensity x area: g f (E - v), or the GHK current; 0 where a Nernst or GHK channel's external concentration is 0.
    /// </summary>
    /// <remarks>A key below 0, ~k, asks for the channel's conductance g prod_j x_j^p_j in nS instead (CHANNEL_g).</remarks>
    private void ChannelCurrent(int key, int s, int len, Span<float> current, Span<float> open, Span<float> e, Span<float> scratch)
    {
        int k = key < 0 ? ~key : key;
        var c = _channels[k];
        var v = V.AsSpan(s, len);
        if (c.Kind != ReversalKind.Fixed && c.External <= 0)
        {
            current.Clear();
            return;
        }
        Conductance(k, s, open);
        for (int j = c.FirstGate; j < c.FirstGate + c.GateCount; j++)
        {
            var x = _gates[j].AsSpan(s, len);
            for (int p = 0; p < _gateConstants[j].Power; p++) TensorPrimitives.Multiply(open, x, open);
        }
        if (key < 0)
        {
            open.CopyTo(current);
            return;
        }
        switch (c.Kind)
        {
            case ReversalKind.Fixed:
                TensorPrimitives.Subtract(c.Reversal, v, e);
                TensorPrimitives.Multiply(open, e, current);
                break;
            case ReversalKind.Nernst:
                NernstReversal(c, _concentrations[c.Pool].AsSpan(s, len), e);
                TensorPrimitives.Subtract(e, v, e);
                TensorPrimitives.Multiply(open, e, current);
                break;
            default:
                GhkCurrent(c, v, _concentrations[c.Pool].AsSpan(s, len), open, current, scratch);
                break;
        }
    }

    /// <summary>The names CHANNEL_i and CHANNEL_g the monitors may record (<see cref="HodgkinHuxleyNeuronSpec.ChannelCurrentNames"/>).</summary>
    public static IEnumerable<string> CurrentNames(HodgkinHuxleyNeuronSpec spec) => spec.ChannelCurrentNames();

    private static bool Folded(HodgkinHuxleyNeuronSpec spec, IonChannelSpec c) => spec.FoldsIntoLeak(c);

    private float[]? CurrentVariable(string name)
    {
        bool conductance = name.EndsWith("_g", StringComparison.Ordinal);
        if (!(conductance || name.EndsWith("_i", StringComparison.Ordinal)) || !CurrentNames(_spec).Contains(name)) return null;
        string channel = name[..^2];
        int k = 0;
        foreach (var c in _spec.Channels)
        {
            if (c.Name == channel) break;
            if (_compartments > 0 || !Folded(_spec, c)) k++; // compartment rows fold no channel into the leak
        }
        if (conductance) k = ~k;
        if (_currents.TryGetValue(k, out var array)) return array;
        array = new float[Count];
        _currents[k] = array;
        FillCurrent(k, array);
        return array;
    }

    /// <summary>Computes a recorded channel current for every neuron from the state now held (at allocation and after Initialize).</summary>
    private void FillCurrent(int k, float[] array)
    {
        Span<float> t1 = stackalloc float[Chunk];
        Span<float> t2 = stackalloc float[Chunk];
        Span<float> t3 = stackalloc float[Chunk];
        for (int s = 0; s < Count; s += Chunk)
        {
            int len = Math.Min(Chunk, Count - s);
            ChannelCurrent(k, s, len, array.AsSpan(s, len), t1[..len], t2[..len], t3[..len]);
        }
    }

    /// <summary>f(v) into <paramref name="destination"/>: the closed forms over v, an expression's program over the chunk's registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Evaluate(in Fn f, ReadOnlySpan<float> v, Span<float> destination, Span<float> scratch, Span<double> regs)
    {
        if (f.Program is { } program)
        {
            program.RunDouble(regs, destination.Length);
            var result = regs.Slice(f.Output * Chunk, destination.Length);
            for (int i = 0; i < destination.Length; i++) destination[i] = (float)result[i];
            return;
        }
        f.Evaluate(v, destination, scratch);
    }

    /// <summary>Nothing to reset (v follows its channels); the refractory clock of each neuron that spiked starts.</summary>
    public override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount)) LastSpike[i] = step;
    }

    /// <summary>A Nernst channel's E = (R T / (z F)) ln(C_out / C_in) in mV from the internal concentrations; 0 where C_out is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NernstReversal(in ChannelConstants c, ReadOnlySpan<float> inside, Span<float> e)
    {
        if (c.External <= 0)
        {
            e.Clear(); // NeuroML's channelDensityNernst: erev 0 and no current when the external concentration is 0
            return;
        }
        // C_in is kept above MinConcentration so that an empty pool gives a large finite E rather than an infinite one.
        TensorPrimitives.Max(inside, MinConcentration, e);
        TensorPrimitives.Divide(c.External, e, e);
        TensorPrimitives.Log(e, e);
        TensorPrimitives.Multiply(e, c.Scale, e);
    }

    /// <summary>
    /// A GHK current in pA (inward positive) from v and the internal concentration, with <paramref name="open"/> = amplitude x the
    /// open fraction: Ghk: -open u (C_in - C_out e^-u) / (1 - e^-u), u = v / Scale; Ghk2: open k (1 - (C_in / C_out) e^x) x / (e^x - 1),
    /// x = v / k. Both use w / (1 - e^-w) by its series near 0 (w = u, or w = -x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GhkCurrent(in ChannelConstants c, ReadOnlySpan<float> v, ReadOnlySpan<float> inside, ReadOnlySpan<float> open, Span<float> current, Span<float> w)
    {
        if (c.External <= 0)
        {
            current.Clear();
            return;
        }
        float sign = c.Kind == ReversalKind.Ghk ? 1f : -1f;
        TensorPrimitives.Multiply(v, sign * c.InvScale, w);            // w
        TensorPrimitives.Multiply(w, -1f, current);
        TensorPrimitives.Min(current, MaxExponent, current);
        TensorPrimitives.Exp(current, current);                        // e^-w
        if (c.Kind == ReversalKind.Ghk)
        {
            // -open w/(1 - e^-w) (C_in - C_out e^-w)
            for (int i = 0; i < w.Length; i++)
            {
                float e = current[i];
                current[i] = -open[i] * Ratio(w[i], e) * (inside[i] - c.External * e);
            }
        }
        else
        {
            // open k (1 - (C_in / C_out) e^x) (-x)/(1 - e^x), with w = -x and e^-w = e^x
            float k = c.Scale, invOut = 1 / c.External;
            for (int i = 0; i < w.Length; i++)
            {
                float e = current[i];
                current[i] = open[i] * k * (1 - inside[i] * invOut * e) * Ratio(w[i], e);
            }
        }
    }

    /// <summary>w / (1 - e) with e = exp(-w), by its series where |w| &lt; 0.3 (as <see cref="Fn.Evaluate"/>'s ExpLinear).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Ratio(float w, float e)
    {
        float w2 = w * w;
        return MathF.Abs(w) < SeriesBound ? 1 + 0.5f * w + w2 * (1f / 12 + w2 * (-1f / 720 + w2 * (1f / 30240))) : w / (1 - e);
    }

    /// <summary>The least internal concentration a Nernst reversal divides by, in mM.</summary>
    private const float MinConcentration = 1e-30f;

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "ge" => Ge,
        "gi" => Gi,
        _ => _gateIndex.TryGetValue(name, out int k) ? _gates[k] : PoolVariable(name) ?? CurrentVariable(name) ?? PortVariable(name) ?? OccupancyVariable(name),
    };

    private float[]? PoolVariable(string name)
    {
        for (int k = 0; k < _poolIons.Length; k++)
        {
            if (name == _poolIons[k] + "Conc") return _concentrations[k];
        }
        return null;
    }

    /// <summary>A channel as floats: Conductance is g in nS, or z F P in pA/mM for a GHK channel; Scale R T / (z F) in mV, or GHK2's k.</summary>
    private readonly record struct ChannelConstants(float Conductance, float Reversal, int FirstGate, int GateCount)
    {
        public ReversalKind Kind { get; init; }

        public int Pool { get; init; } = -1;

        public float Scale { get; init; }

        public float InvScale { get; init; }

        public float External { get; init; }
    }

    /// <summary>A pool as floats: C_rest, tau kappa (mM per pA), exp(-dt / tau).</summary>
    private readonly record struct PoolConstants(float Resting, float TauKappa, float Decay);

    private readonly record struct GateConstants(int Power, GateKinetics Kinetics, Fn Alpha, Fn Beta, Fn Tau, Fn Inf, float DtFactor);

    /// <summary>
    /// A <see cref="VoltageFunction"/> as floats: value = Rate f(v * InvScale + Offset); or, for the expression form, a program
    /// (compiled once, run in double) that reads v in V from register 0 and caConc from register 1 and leaves Rate × its SI value
    /// in register <see cref="Output"/>.
    /// </summary>
    internal readonly record struct Fn(VoltageFunctionForm Form, float Rate, float InvScale, float Offset, EquationProgram? Program = null, int Output = 0)
    {
        public static Fn Of(VoltageFunction? f) => Of(f, 0);

        public static Fn Of(VoltageFunction? f, double dtMs)
        {
            if (f is null) return default;
            if (f.Form == VoltageFunctionForm.Constant) return new Fn(f.Form, (float)f.Rate, 0, 0);
            if (f.Form != VoltageFunctionForm.Expression) return new Fn(f.Form, (float)f.Rate, (float)(1 / f.ScaleMv), (float)(-f.MidpointMv / f.ScaleMv));
            var c = new EquationCompiler(f.Expression!.Constants, dtMs, firstRegister: 2);
            c.Locate("v", 0);
            c.Locate("caConc", 1);
            int output = c.Hold();
            c.Into(new BinaryExpr(ExprOp.Multiply, f.Expression.Tree(), new NumberExpr(f.Rate, 1), 1), output);
            return new Fn(f.Form, (float)f.Rate, 0, 0, c.Build(), output);
        }

        /// <summary>Writes f(v) to <paramref name="destination"/>, using <paramref name="scratch"/> (both as long as v).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Evaluate(ReadOnlySpan<float> v, Span<float> destination, Span<float> scratch)
        {
            switch (Form)
            {
                case VoltageFunctionForm.Exp:
                    // Rate exp(x)
                    Affine(v, InvScale, Offset, destination);
                    TensorPrimitives.Min(destination, MaxExponent, destination);
                    TensorPrimitives.Exp(destination, destination);
                    TensorPrimitives.Multiply(destination, Rate, destination);
                    break;
                case VoltageFunctionForm.Sigmoid:
                    // Rate / (1 + exp(-x))
                    Affine(v, -InvScale, -Offset, destination);
                    TensorPrimitives.Min(destination, MaxExponent, destination);
                    TensorPrimitives.Exp(destination, destination);
                    TensorPrimitives.Add(destination, 1f, destination);
                    TensorPrimitives.Divide(Rate, destination, destination);
                    break;
                case VoltageFunctionForm.ExpLinear:
                    // Rate x / (1 - exp(-x)), by its series 1 + x/2 + x^2/12 - x^4/720 + x^6/30240 where |x| < 0.3 (error below 1e-11;
                    // the quotient's own error there, float eps / |x|, would reach 1e-5 near x = 0.01)
                    Affine(v, InvScale, Offset, scratch);
                    TensorPrimitives.Multiply(scratch, -1f, destination);
                    TensorPrimitives.Min(destination, MaxExponent, destination);
                    TensorPrimitives.Exp(destination, destination);
                    ExpLinearRatio(scratch, destination, Rate);
                    break;
                default:
                    destination.Fill(Rate);
                    break;
            }
        }

        /// <summary>d = v a + b.</summary>
        private static void Affine(ReadOnlySpan<float> v, float a, float b, Span<float> d)
        {
            TensorPrimitives.Multiply(v, a, d);
            TensorPrimitives.Add(d, b, d);
        }

        /// <summary>e[i] = rate x[i] / (1 - e[i]) (e holds exp(-x)), by the series where |x| &lt; 0.3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExpLinearRatio(ReadOnlySpan<float> x, Span<float> e, float rate)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var one = Vector<float>.One;
                var half = new Vector<float>(0.5f);
                var c2 = new Vector<float>(1f / 12);
                var c4 = new Vector<float>(-1f / 720);
                var c6 = new Vector<float>(1f / 30240);
                var small = new Vector<float>(SeriesBound);
                var r = new Vector<float>(rate);
                for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var xv = new Vector<float>(x[i..]);
                    var ev = new Vector<float>(e[i..]);
                    var direct = xv / (one - ev);
                    var x2 = xv * xv;
                    var series = one + xv * half + x2 * (c2 + x2 * (c4 + x2 * c6));
                    (r * Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(xv), small), series, direct)).CopyTo(e[i..]);
                }
            }
            for (; i < x.Length; i++)
            {
                float xi = x[i];
                float x2 = xi * xi;
                e[i] = rate * (MathF.Abs(xi) < SeriesBound ? 1 + 0.5f * xi + x2 * (1f / 12 + x2 * (-1f / 720 + x2 * (1f / 30240))) : xi / (1 - e[i]));
            }
        }
    }
}
