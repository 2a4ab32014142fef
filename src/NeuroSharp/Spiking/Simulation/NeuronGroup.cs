using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The state of one population (struct-of-arrays: one array per variable) and its per-step work.
/// Integration and the threshold test run over fixed blocks of <see cref="BlockSize"/> neurons, so
/// the spikes (collected in block order, ascending within a block) do not depend on the thread count.
/// </summary>
internal abstract class NeuronGroup : IPopulation
{
    public const int BlockSize = 4096;

    private readonly int[] _scratch;
    private readonly int[] _blockCounts;
    private readonly Action<int, int> _blockBody;
    private readonly List<float[]> _recorded = [];
    private int _step;

    protected NeuronGroup(string name, int index, int count, NeuronModelSpec model, double dtMs, bool receivesInput,
        IReadOnlyDictionary<string, DistributionSpec>? initial = null)
    {
        Initial = initial ?? new Dictionary<string, DistributionSpec>();
        Name = name;
        Index = index;
        Count = count;
        Model = model;
        DtMs = dtMs;
        Ge = receivesInput ? new float[count] : [];
        Gi = receivesInput ? new float[count] : [];
        Current = receivesInput ? new float[count] : [];
        Spikes = new int[count];
        GlobalCount = count;
        BlockCountTotal = (count + BlockSize - 1) / BlockSize;
        _scratch = BlockCountTotal > 1 ? new int[count] : [];
        _blockCounts = new int[BlockCountTotal];
        _blockBody = (start, end) => _blockCounts[start / BlockSize] = IntegrateBlock(start, end, _step, _scratch.AsSpan(start, end - start));
    }

    public string Name { get; }

    public int Index { get; }

    public NeuronKind Kind { get; set; }

    /// <summary>Initial value distributions by variable name.</summary>
    public IReadOnlyDictionary<string, DistributionSpec> Initial { get; }

    public bool IsSingleNeuron { get; set; }

    public int Count { get; }

    /// <summary>
    /// In a partitioned run (docs/distributed.md), the population's neurons in the whole network; else <see cref="Count"/>.
    /// </summary>
    public int GlobalCount { get; private set; }

    /// <summary>
    /// In a partitioned run, the population index (within the whole network's population) of each neuron held
    /// here, ascending; null when this group holds the whole population (one process, or a replicated source).
    /// </summary>
    public int[]? GlobalIndex { get; private set; }

    /// <summary>Marks this group as the part <paramref name="globalIndex"/> of a population of <paramref name="globalCount"/> neurons.</summary>
    internal void SetPart(int globalCount, int[]? globalIndex)
    {
        GlobalCount = globalCount;
        GlobalIndex = globalIndex;
    }

    public NeuronModelSpec Model { get; private protected set; }

    /// <summary>
    /// Takes a new spec of the same model between steps, keeping the state (v, conductances, refractoriness),
    /// and recomputes the per-step constants from it. False (and nothing changed) where this model cannot:
    /// its state would change shape, or it has no such path; the caller then rebuilds.
    /// </summary>
    public virtual bool TryRetune(NeuronModelSpec model) => false;

    public double DtMs { get; }

    /// <summary>Excitatory input channel (g_e), or empty for a source.</summary>
    public float[] Ge { get; }

    /// <summary>Inhibitory input channel (g_i), or empty for a source.</summary>
    public float[] Gi { get; }

    /// <summary>The array that spikes on a receptor add their weights to: g_e or g_i itself, or a model's rise state in front of it.</summary>
    public virtual float[] InputChannel(Receptor receptor) => receptor == Receptor.Excitatory ? Ge : Gi;

    /// <summary>The array a projection onto receptor port <paramref name="port"/> adds to (0: the model's own channels; validation allows others only on models with ports).</summary>
    public virtual float[] InputChannel(Receptor receptor, int port) => InputChannel(receptor);

    /// <summary>The array a projection onto <paramref name="compartment"/> of a multi-compartment cell adds to (null, or a point neuron: the port's).</summary>
    public virtual float[] InputChannel(Receptor receptor, int port, string? compartment) => InputChannel(receptor, port);

    /// <summary>The rise states in front of g_e and g_i (alpha or biexponential inputs), or null where an input has no rise time (a device backend mirrors them).</summary>
    internal virtual (RiseChannel? Exc, RiseChannel? Inh) Rises => default;

    /// <summary>External current I per neuron, or empty for a source.</summary>
    public float[] Current { get; }

    /// <summary>The array a current input onto <paramref name="compartment"/> of a multi-compartment cell sums into (null, or a point neuron: <see cref="Current"/>).</summary>
    public virtual float[] CurrentOnto(string? compartment) => Current;

    /// <summary>This step's spikes, ascending, in [0, SpikeCount).</summary>
    public int[] Spikes { get; }

    public int SpikeCount { get; protected set; }

    /// <summary>Sets this step's spikes from outside (a device backend, after its steps: what <see cref="SpikingEngine.LastStepSpikes"/> reads).</summary>
    internal void SetStepSpikes(ReadOnlySpan<int> spikes)
    {
        spikes.CopyTo(Spikes);
        SpikeCount = spikes.Length;
    }

    /// <summary>The array behind a handle of <see cref="VariableId"/>.</summary>
    internal float[] VariableArray(int variable) => _recorded[variable];

    /// <inheritdoc/>
    public ReadOnlySpan<int> StepSpikes => Spikes.AsSpan(0, SpikeCount);

    public int BlockCountTotal { get; }

    /// <summary>Integrate and threshold (one pass per block), collecting this step's spikes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void IntegrateAndThreshold(int step, int maxThreads)
    {
        if (BlockCountTotal <= 1 || maxThreads == 1)
        {
            int n = 0;
            for (int start = 0; start < Count; start += BlockSize)
            {
                int end = Math.Min(Count, start + BlockSize);
                n += IntegrateBlock(start, end, step, Spikes.AsSpan(n));
            }
            SpikeCount = n;
            return;
        }
        _step = step;
        ParallelBlocks.For(Count, maxThreads, _blockBody, BlockSize);
        int total = 0;
        for (int b = 0; b < BlockCountTotal; b++)
        {
            _scratch.AsSpan(b * BlockSize, _blockCounts[b]).CopyTo(Spikes.AsSpan(total));
            total += _blockCounts[b];
        }
        SpikeCount = total;
    }

    /// <summary>Advances neurons [start, end) by one step and writes the indices of those that spiked; returns how many.</summary>
    protected abstract int IntegrateBlock(int start, int end, int step, Span<int> spiked);

    /// <summary>Resets the neurons that spiked this step.</summary>
    public abstract void ApplyReset(int step);

    /// <summary>
    /// Counts the host's writes to the transient state from outside a step (every state array but the learned one a
    /// <see cref="InitializeDynamics"/> keeps: v, u or w, g_e, g_i, I, rise states, refractoriness), so that a device backend
    /// uploads it only when the host changed it (docs/gpu.md, "Which copy of the populations' state is current").
    /// </summary>
    internal int DynamicsVersion { get; private set; }

    /// <summary>Counts the host's writes to the learned state (an adaptive threshold's theta), likewise.</summary>
    internal int LearnedVersion { get; private set; }

    /// <summary>
    /// True while a device backend holds a newer copy of some of this population's state than its host arrays (it ran since its
    /// last copy back): the engine copies it down (<see cref="ISpikingBackend.PullState"/>) before any host read, and before a host
    /// write of part of it (docs/gpu.md, "Which copy of the populations' state is current").
    /// </summary>
    internal bool StateOnDevice { get; set; }

    /// <summary>Each neuron's spikes since they were last cleared, when the engine counts them for this population (<see cref="SpikingEngine.CountSpikesPerNeuron"/>), else null.</summary>
    internal int[]? NeuronSpikeCounts { get; set; }

    /// <summary>The host wrote the whole transient state, the whole learned state, or both: its copy of them is the current one.</summary>
    internal void StateWritten(bool dynamics, bool learned)
    {
        if (dynamics) DynamicsVersion++;
        if (learned) LearnedVersion++;
    }

    /// <summary>Long-term adaptation on (adaptive thresholds move); off freezes it. Models without it ignore this.</summary>
    public bool LearningEnabled { get; set; } = true;

    /// <summary>
    /// Sets the transient state to its initial values (as <see cref="Initialize"/>) but keeps what the
    /// group learned (adaptive thresholds). Groups without learned state simply initialise.
    /// </summary>
    public virtual void InitializeDynamics(RandomStream build, RandomStream run) => Initialize(build, run);

    /// <summary>Sets the initial state (potentials drawn from <paramref name="build"/>) and clears inputs and spikes.</summary>
    public virtual void Initialize(RandomStream build, RandomStream run)
    {
        Fill(Ge, "ge", 0, build, clipAtZero: true);
        Fill(Gi, "gi", 0, build, clipAtZero: true);
        Array.Clear(Current);
        SpikeCount = 0;
    }

    /// <summary>The array of a recordable variable, or null.</summary>
    public abstract float[]? Variable(string name);

    /// <inheritdoc/>
    public void VisitState(StateVisitor visitor)
    {
        visitor.Values("ge", Ge.AsSpan());
        visitor.Values("gi", Gi.AsSpan());
        visitor.Values("I", Current.AsSpan());
        int spikeCount = SpikeCount;
        visitor.Value("spikeCount", ref spikeCount);
        if ((uint)spikeCount > (uint)Spikes.Length) throw new InvalidInputException($"The checkpoint's spikeCount of population '{Name}' is {spikeCount}, outside [0, {Spikes.Length}].");
        SpikeCount = spikeCount;
        visitor.Values("spikes", Spikes.AsSpan(0, spikeCount));
        if (NeuronSpikeCounts is { } counts) visitor.Values("neuronSpikeCounts", counts.AsSpan());
        VisitModelState(visitor);
    }

    /// <summary>
    /// Visits the model's own state arrays (beyond g_e, g_i, I and this step's spikes, which <see cref="VisitState"/> visits):
    /// every array a step reads and writes, each under the name a state monitor knows it by where it has one. Each model
    /// says it, so a checkpoint holds all of it (docs/spiking-engine.md, "Checkpoints").
    /// </summary>
    /// <param name="visitor">The checkpoint's writer or reader.</param>
    protected abstract void VisitModelState(StateVisitor visitor);

    /// <inheritdoc/>
    public int VariableId(string name)
    {
        if (Variable(name) is not { } array) return -1;
        int id = _recorded.FindIndex(a => ReferenceEquals(a, array));
        if (id >= 0) return id;
        _recorded.Add(array);
        return _recorded.Count - 1;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyVariable(int variable, ReadOnlySpan<int> neurons, Span<float> destination)
    {
        var source = _recorded[variable];
        for (int k = 0; k < neurons.Length; k++) destination[k] = source[neurons[k]];
    }

    /// <summary>Called after a variable's array was written from outside (SpikingEngine.SetVariable), for state kept beside it.</summary>
    public virtual void VariableWritten(string name)
    {
    }

    /// <summary>
    /// Fills a state array with its initial values: drawn per neuron when the network lists the variable
    /// under "initial" (each variable from its own stream of the build seed, forked per neuron), else the fallback.
    /// </summary>
    protected void Fill(float[] values, string name, double fallback, RandomStream build, bool clipAtZero = false)
    {
        if (values.Length == 0) return;
        if (!Initial.TryGetValue(name, out var d))
        {
            Array.Fill(values, (float)fallback);
            return;
        }
        if (d.Kind == DistributionKind.PerNeuron)
        {
            // Listed per neuron of the whole population: a part (a rank of a partitioned run) reads its own neurons' entries.
            var listed = d.Values!;
            var own = GlobalIndex;
            for (int k = 0; k < values.Length; k++)
            {
                double x = listed[own is null ? k : own[k]];
                values[k] = (float)(clipAtZero ? Math.Max(0, x) : x);
            }
            return;
        }
        if (d.IsConstant)
        {
            double c = Draw(d, build); // the same value whatever the stream (forks depend on the key alone, so this draw moves no other)
            Array.Fill(values, (float)(clipAtZero ? Math.Max(0, c) : c));
            return;
        }
        // Neuron i of the population draws from the variable's stream forked by i: a part of a population (a rank of
        // a partitioned run) draws only its own neurons' values, and they are the ones one process draws.
        var rng = build.Fork(VariableStream(name));
        var scratch = new RandomStream(0);
        var part = GlobalIndex;
        for (int k = 0; k < values.Length; k++)
        {
            rng.ForkInto((ulong)(part is null ? k : part[k]), scratch);
            double x = Draw(d, scratch);
            values[k] = (float)(clipAtZero ? Math.Max(0, x) : x);
        }
    }

    private static ulong VariableStream(string name) => name switch
    {
        "v" => 0,
        "ge" => 1,
        "gi" => 2,
        "u" => 3,
        "w" => 4,
        "theta" => 5,
        // Any other variable (a gate of an hh population, a variable of an equations model) gets a stream of its own,
        // keyed by its name, so that two variables drawn from distributions are not the same draws.
        _ => NameStream(name),
    };

    /// <summary>64-bit FNV-1a of the name, kept above the fixed keys: the same in every process (string.GetHashCode is not).</summary>
    private static ulong NameStream(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h < 6 ? h + 6 : h;
    }

    /// <summary>One draw from a distribution (not a per-neuron list, which is read by index).</summary>
    public static double Draw(DistributionSpec d, RandomStream rng) => d.Kind switch
    {
        DistributionKind.Constant => d.Value,
        DistributionKind.Uniform => d.Low + (d.High - d.Low) * rng.NextDouble(),
        DistributionKind.PerNeuron => throw new InvalidOperationException("A per-neuron list is read by neuron index, not drawn."),
        _ => d.Mean + d.StdDev * rng.NextGaussian(),
    };

    /// <summary>Per-step decay factor of an input with time constant tau (0: the input lasts one step).</summary>
    protected internal static float Decay(double tauMs, double dtMs) => tauMs > 0 ? (float)Math.Exp(-dtMs / tauMs) : 0f;

    /// <summary>Refractory period in whole steps (at most the engine's step limit: a longer one is the same as never firing again).</summary>
    protected internal static int RefractorySteps(double refractoryMs, double dtMs) => (int)Math.Min(NetworkSpec.MaxSteps, Math.Round(refractoryMs / dtMs));
}
