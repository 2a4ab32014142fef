using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A population of multi-compartment Hodgkin-Huxley neurons (a <see cref="HodgkinHuxleyNeuronSpec"/> with a
/// <see cref="HodgkinHuxleyNeuronSpec.Morphology"/>; docs/spiking-multicompartment.md). The compartments are the rows of a
/// <see cref="HodgkinHuxleyGroup"/> (row = neuron x K + compartment) whose chunked code steps the gates and gives each row's
/// G and GE from the start of the step; v then takes one backward Euler step of the cable system, solved per neuron by Hines'
/// method (the tree in parent-before-child order: one elimination sweep from the leaves to the root, one back substitution):
/// <code>
/// (C_i / dt + G_i + sum_j g_ij) V_i' - sum_j g_ij V_j' = C_i / dt V_i + GE_i
/// </code>
/// Spikes are upward crossings of the threshold at the spike compartment; synaptic inputs and injected currents reach the input
/// compartment. A block of neurons is never split between threads, so the same seed gives the same spikes at any thread count.
/// </summary>
internal sealed class MultiCompartmentGroup : NeuronGroup
{
    private readonly HodgkinHuxleyGroup _rows;
    private readonly int _k, _spikeCompartment, _inputCompartment;
    /// <summary>Per node of the cable solve (MorphologySpec.CableNodes: the compartments and the junctions at branch points): its parent node, its compartment (-1: a junction).</summary>
    private readonly int[] _parent, _compartment;
    private readonly double[] _cOverDt, _axial, _diagonal;
    private readonly float _threshold;
    private readonly int _refractorySteps;

    /// <summary>What projections and inputs add to, per port (or ge and gi), moved into the input compartment's rows at each step.</summary>
    private readonly float[][] _arrivals;
    private readonly float[][] _targets;

    /// <summary>Arrivals onto other compartments (projections that name one): the neuron-sized buffer, the rows it feeds, the compartment.</summary>
    private readonly List<(float[] Arrived, float[] Rows, int Compartment)> _placed = [];

    /// <summary>Current inputs onto other compartments than the input compartment: the neuron-sized sum and its compartment.</summary>
    private readonly List<(float[] Current, int Compartment)> _placedCurrents = [];

    /// <summary>The variables recorded per neuron: (name in the rows, compartment) and the neuron-sized array, filled after each step.</summary>
    private readonly List<(float[] Rows, int Compartment, float[] Values, string Name)> _gathered = [];
    private readonly Dictionary<string, float[]> _byName = new(StringComparer.Ordinal);

    /// <summary>The pools' state variables (caConc), which a population's "initial" may set per compartment.</summary>
    private readonly string[] _poolNames;

    [ThreadStatic]
    private static double[]? t_solve;

    public MultiCompartmentGroup(string name, int index, int count, HodgkinHuxleyNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        var morphology = spec.Morphology ?? throw new ArgumentException("A multi-compartment population needs a morphology.", nameof(spec));
        _k = morphology.Compartments.Count;
        var gates = spec.Channels.SelectMany(c => c.Gates.Where(g => g.Kinetics != GateKinetics.KineticScheme).Select(g => $"{c.Name}_{g.Name}")).ToHashSet(StringComparer.Ordinal);
        _poolNames = [.. spec.Pools.Select(p => p.VariableName)];
        foreach (string key in (initial ?? new Dictionary<string, DistributionSpec>()).Keys)
        {
            int open = key.IndexOf('[');
            string inner = open > 0 && key.EndsWith(']') ? key[..open] : key;
            if (inner != "v" && !gates.Contains(inner) && !_poolNames.Contains(inner))
                throw new InvalidOptionException(nameof(HodgkinHuxleyNeuronSpec), nameof(HodgkinHuxleyNeuronSpec.Morphology),
                    $"is set on population \"{name}\", whose \"initial\" lists '{key}'; {spec.CompartmentInitialNames()}", key);
        }
        _rows = new HodgkinHuxleyGroup(name, index, checked(count * _k), spec, null, dtMs, _k);
        (_parent, _axial, _compartment) = morphology.CableNodes();
        var capacitances = morphology.CapacitancesPf();
        _cOverDt = [.. _compartment.Select(c => c < 0 ? 0 : capacitances[c] / dtMs)];
        _diagonal = new double[_parent.Length];
        for (int i = 0; i < _diagonal.Length; i++)
        {
            _diagonal[i] += _cOverDt[i] + _axial[i];
            if (_parent[i] >= 0) _diagonal[_parent[i]] += _axial[i];
        }
        _spikeCompartment = morphology.SpikeCompartment is { } sc ? morphology.IndexOf(sc) : 0;
        _inputCompartment = morphology.InputCompartment is { } ic ? morphology.IndexOf(ic) : 0;
        _threshold = (float)spec.SpikeThresholdMv;
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        if (_rows.PortCount > 0)
        {
            _arrivals = [.. Enumerable.Range(0, _rows.PortCount).Select(_ => new float[count])];
            _targets = [.. Enumerable.Range(1, _rows.PortCount).Select(p => _rows.InputChannel(Receptor.Excitatory, p))];
        }
        else
        {
            _arrivals = [Ge, Gi];
            _targets = [_rows.InputChannel(Receptor.Excitatory), _rows.InputChannel(Receptor.Inhibitory)];
        }
        LastSpike = new int[count];
        Variable("v");
    }

    /// <summary>K, the compartments per neuron.</summary>
    public int Compartments => _k;

    /// <summary>The last spike's step of each neuron.</summary>
    public int[] LastSpike { get; }

    /// <summary>v of every compartment, row = neuron x K + compartment (mV).</summary>
    public float[] CompartmentV => _rows.V;

    /// <summary>The group of rows (one per compartment) that steps the channels and gates.</summary>
    internal HodgkinHuxleyGroup Rows => _rows;

    public override float[] InputChannel(Receptor receptor) => receptor == Receptor.Excitatory ? Ge : Gi;

    public override float[] InputChannel(Receptor receptor, int port) =>
        port >= 1 && _rows.PortCount > 0 ? _arrivals[port - 1] : InputChannel(receptor);

    /// <summary>The buffer of arrivals onto <paramref name="compartment"/> (null or the input compartment: the port's own), one per (channel, compartment).</summary>
    public override float[] InputChannel(Receptor receptor, int port, string? compartment)
    {
        var buffer = InputChannel(receptor, port);
        int c = compartment is null ? -1 : ((HodgkinHuxleyNeuronSpec)Model).Morphology!.IndexOf(compartment);
        if (c < 0 || c == _inputCompartment) return buffer;
        var rows = _targets[Array.IndexOf(_arrivals, buffer)];
        foreach (var (arrived, r, k) in _placed)
        {
            if (ReferenceEquals(r, rows) && k == c) return arrived;
        }
        var placed = new float[Count];
        _placed.Add((placed, rows, c));
        return placed;
    }

    /// <summary>The current buffer of <paramref name="compartment"/> (null or the input compartment: <see cref="NeuronGroup.Current"/>), one per compartment.</summary>
    public override float[] CurrentOnto(string? compartment)
    {
        int c = compartment is null ? -1 : ((HodgkinHuxleyNeuronSpec)Model).Morphology!.IndexOf(compartment);
        if (c < 0 || c == _inputCompartment) return Current;
        foreach (var (current, k) in _placedCurrents)
        {
            if (k == c) return current;
        }
        var placed = new float[Count];
        _placedCurrents.Add((placed, c));
        return placed;
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        using (visitor.Scope("rows")) _rows.VisitState(visitor);
        visitor.Each("arrivals", _arrivals);
        visitor.Each("placed", [.. _placed.Select(p => p.Arrived)]);
        visitor.Each("placedCurrent", [.. _placedCurrents.Select(p => p.Current)]);
        visitor.Each("gathered", [.. _gathered.Select(g => g.Values)]);
        visitor.Values("lastSpike", LastSpike.AsSpan());
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        foreach (var a in _arrivals) Array.Clear(a);
        foreach (var (arrived, _, _) in _placed) Array.Clear(arrived);
        foreach (var (current, _) in _placedCurrents) Array.Clear(current);
        _rows.Initialize(build, run);
        if (Initial.Count > 0) ApplyInitial(build);
        Array.Fill(LastSpike, int.MinValue / 2);
        Gather(0, Count);
    }

    /// <summary>
    /// The population's "initial" (docs/spiking-multicompartment.md, "Inputs and initial values"): one value per neuron for each
    /// name, drawn as a point neuron's; v, a pool's concentration (caConc, never below 0) and a gate without [COMPARTMENT] set every
    /// compartment of the neuron (the cell starts isopotential), with [COMPARTMENT] that one (after the plain names). v and the
    /// concentrations first: the gates not given start at their steady state at the compartment's initial v and concentration.
    /// </summary>
    private void ApplyInitial(RandomStream build)
    {
        var morphology = ((HodgkinHuxleyNeuronSpec)Model).Morphology!;
        var values = new float[Count];
        var keys = Initial.Keys.OrderBy(x => x.Contains('[')).ToList(); // plain names first; OrderBy is stable
        foreach (bool gates in new[] { false, true })
        {
            if (gates) _rows.RestGates();
            foreach (string key in keys)
            {
                int open = key.IndexOf('[');
                string inner = open > 0 ? key[..open] : key;
                bool concentration = Array.IndexOf(_poolNames, inner) >= 0;
                if ((inner != "v" && !concentration) != gates) continue;
                int only = open > 0 ? morphology.IndexOf(key[(open + 1)..^1]) : -1;
                Fill(values, key, 0, build, clipAtZero: concentration);
                var rows = inner == "v" ? _rows.V : _rows.Variable(inner)!;
                for (int i = 0; i < Count; i++)
                {
                    if (only >= 0) rows[i * _k + only] = values[i];
                    else rows.AsSpan(i * _k, _k).Fill(values[i]);
                }
            }
        }
        _rows.RefreshCurrents();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int k = _k;
        // Inputs reach the input compartment: arrived weights move into its rows, the injected current is copied.
        for (int a = 0; a < _arrivals.Length; a++)
        {
            var arrived = _arrivals[a];
            var target = _targets[a];
            for (int i = start; i < end; i++)
            {
                target[i * k + _inputCompartment] += arrived[i];
                arrived[i] = 0;
            }
        }
        foreach (var (arrived, rows, c) in _placed)
        {
            for (int i = start; i < end; i++)
            {
                rows[i * k + c] += arrived[i];
                arrived[i] = 0;
            }
        }
        var current = _rows.Current;
        for (int i = start; i < end; i++) current[i * k + _inputCompartment] = Current[i];
        foreach (var (placed, c) in _placedCurrents)
        {
            for (int i = start; i < end; i++) current[i * k + c] = placed[i];
        }

        _rows.StepRows(start * k, end * k, step);

        int nodes = _parent.Length;
        var solve = t_solve;
        if (solve is null || solve.Length < 2 * nodes) t_solve = solve = new double[2 * nodes];
        var d = solve.AsSpan(0, nodes);
        var b = solve.AsSpan(nodes, nodes);
        var v = _rows.V;
        var g = _rows.CableG;
        var ge = _rows.CableGE;
        float threshold = _threshold;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            int row = i * k;
            float old = v[row + _spikeCompartment];
            Solve(v.AsSpan(row, k), g.AsSpan(row, k), ge.AsSpan(row, k), d, b);
            float now = v[row + _spikeCompartment];
            if (old <= threshold && now > threshold && step - LastSpike[i] >= _refractorySteps) spiked[n++] = i;
        }
        _rows.UpdateCurrents(start * k, end * k);
        Gather(start, end);
        return n;
    }

    /// <summary>
    /// One neuron's backward Euler step by Hines' method over the nodes (the compartments, and a junction at each branch point with
    /// C = G = GE = 0): d_i = C_i/dt + G_i + sum_j g_ij, b_i = C_i/dt V_i + GE_i; for i from the last node to the second, eliminate i
    /// into its parent p (d_p -= g_ip^2 / d_i, b_p += g_ip b_i / d_i); then V_0 = b_0 / d_0 and V_i = (b_i + g_ip V_p) / d_i from the
    /// root out; a junction's V is not kept. In double; O(K), nothing allocated. Without junctions node i is compartment i.
    /// </summary>
    /// <remarks>
    /// Both sweeps are chains of dependent divisions, so their speed is the latency of one link: where a compartment's parent is
    /// the one before it (every compartment of an unbranched cable) the running d, b and V stay in registers instead of a store
    /// and a reload per link. The same operations in the same order as the plain sweeps, so the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Solve(Span<float> v, ReadOnlySpan<float> g, ReadOnlySpan<float> ge, Span<double> d, Span<double> b)
    {
        int k = _parent.Length;
        ReadOnlySpan<int> parent = _parent.AsSpan(0, k), compartment = _compartment.AsSpan(0, k);
        ReadOnlySpan<double> axial = _axial.AsSpan(0, k), diagonal = _diagonal.AsSpan(0, k), cOverDt = _cOverDt.AsSpan(0, k);
        d = d[..k];
        b = b[..k];
        g = g[..v.Length];
        ge = ge[..v.Length];
        bool junctions = k != v.Length; // else node i is compartment i: no indirection in the hot loops of an unbranched cell
        if (!junctions)
        {
            for (int i = 0; i < k; i++)
            {
                d[i] = diagonal[i] + g[i];
                b[i] = cOverDt[i] * v[i] + ge[i];
            }
        }
        else
        {
            for (int i = 0; i < k; i++)
            {
                int c = compartment[i];
                d[i] = c < 0 ? diagonal[i] : diagonal[i] + g[c];
                b[i] = c < 0 ? 0 : cOverDt[i] * v[c] + ge[c];
            }
        }
        // di, bi: compartment i's d and b, final once its children (all after it) are eliminated.
        double di = d[k - 1], bi = b[k - 1];
        for (int i = k - 1; i > 0; i--)
        {
            int p = parent[i];
            double a = axial[i];
            double f = a / di;
            d[i] = di;
            b[i] = bi;
            if (p == i - 1)
            {
                di = d[p] - f * a;
                bi = b[p] + f * bi;
            }
            else
            {
                d[p] -= f * a;
                b[p] += f * bi;
                di = d[i - 1];
                bi = b[i - 1];
            }
        }
        // x holds each compartment's new V in double (b is reused) so that a child reads its parent's unrounded value.
        double x = bi / di;
        b[0] = x;
        v[0] = (float)x; // the root is compartment 0
        for (int i = 1; i < k; i++)
        {
            int p = parent[i];
            double xp = p == i - 1 ? x : b[p];
            x = (b[i] + axial[i] * xp) / d[i];
            b[i] = x;
            if (!junctions) v[i] = (float)x;
            else if (compartment[i] is int c and >= 0) v[c] = (float)x;
        }
    }

    /// <summary>Copies each recorded compartment variable of neurons [start, end) out of the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(int start, int end)
    {
        foreach (var (rows, c, values, _) in _gathered)
        {
            for (int i = start; i < end; i++) values[i] = rows[i * _k + c];
        }
    }

    /// <summary>Nothing to reset (v follows its channels); the refractory clock of each neuron that spiked starts.</summary>
    public override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount)) LastSpike[i] = step;
    }

    /// <summary>
    /// A variable of one compartment per neuron: <c>name[compartment]</c>, or <c>name</c> at the spike compartment (the synaptic
    /// conductances ge, gi and the ports at the input compartment); name is v, a gate (CHANNEL_GATE), ge, gi or a port.
    /// </summary>
    public override float[]? Variable(string name)
    {
        if (_byName.TryGetValue(name, out var known)) return known;
        var morphology = ((HodgkinHuxleyNeuronSpec)Model).Morphology!;
        string inner = name;
        int compartment;
        int open = name.IndexOf('[');
        if (open > 0 && name.EndsWith(']'))
        {
            inner = name[..open];
            compartment = morphology.IndexOf(name[(open + 1)..^1]);
            if (compartment < 0) return null;
        }
        else
        {
            bool synaptic = inner is "ge" or "gi" || ((HodgkinHuxleyNeuronSpec)Model).Ports.Any(p => p.Name == inner);
            compartment = synaptic ? _inputCompartment : _spikeCompartment;
        }
        if (inner is "ge" or "gi" && _rows.PortCount > 0) return null;
        if (_rows.Variable(inner) is not { } rows) return null;
        var values = new float[Count];
        for (int i = 0; i < Count; i++) values[i] = rows[i * _k + compartment];
        _gathered.Add((rows, compartment, values, name));
        _byName[name] = values;
        return values;
    }

    /// <summary>A recorded compartment variable written from outside goes back into its rows.</summary>
    public override void VariableWritten(string name)
    {
        foreach (var (rows, c, values, n) in _gathered)
        {
            if (n != name) continue;
            for (int i = 0; i < Count; i++) rows[i * _k + c] = values[i];
        }
    }
}
