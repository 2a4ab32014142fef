using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Stochastic;

/// <summary>
/// A layer of hash neurons (the fly's Kenyon cells): a sparse binary random projection that expands D
/// inputs to N neurons, then k-winners-take-all, so that every input gets a binary code of the same
/// density rho (article 003, docs/articles.md#article-003-correlation-neuron; Dasgupta, Stevens and Navlakha, "A neural algorithm for a fundamental computing
/// problem", Science 358, 2017).
/// </summary>
/// <remarks>
/// <para>y_n = sum over j in S_n of x_j, with S_n the c inputs neuron n samples (chosen at build, without
/// repetition, weight 1); h_n = 1 for the k = round(rho N) largest y_n, 0 otherwise; ties at the threshold
/// go to the lowest neuron indices. Similar inputs share many winners, so the Hamming (or overlap)
/// distance between codes follows the distance between inputs.</para>
/// <para>The projection is stored input-major (for each input j, the neurons that sample it), so an input
/// of zero costs nothing: MNIST digits are about 80 % background. The layer's own scratch makes
/// <see cref="Hash(ReadOnlySpan{float}, BitVector)"/> allocation-free but not thread-safe;
/// <see cref="HashAll"/> gives each block of rows its own scratch.</para>
/// </remarks>
public sealed class HashLayer
{
    private readonly int[] _synapses;      // N x c, neuron-major, each row ascending
    private readonly int[] _inputStart;    // D + 1 offsets into _inputTargets
    private readonly int[] _inputTargets;  // N x c, input-major: the neurons each input feeds
    private readonly float[] _activations;
    private readonly float[] _scratch;

    /// <summary>Builds the layer: draws the c inputs of each neuron from <paramref name="rng"/>.</summary>
    /// <param name="inputCount">D, at least 1.</param>
    /// <param name="options">rho, N (or N/D) and c (validated here).</param>
    /// <param name="rng">The build stream (neuron n draws from its fork n, so N does not change earlier neurons' inputs).</param>
    /// <param name="memory">The most memory the layer may take (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    public HashLayer(int inputCount, HashLayerOptions options, RandomStream rng, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        OptionChecks.AtLeast(nameof(HashLayer), "InputCount", inputCount, 1);
        if (options.SynapsesPerNeuron > inputCount)
            throw new InvalidOptionException(nameof(HashLayerOptions), nameof(HashLayerOptions.SynapsesPerNeuron), $"must be at most the input count {inputCount}", options.SynapsesPerNeuron);
        Options = options;
        InputCount = inputCount;
        NeuronCount = options.NeuronCountFor(inputCount);
        string what = $"N = {NeuronCount} hash neurons of c = {options.SynapsesPerNeuron} synapses";
        (memory ?? MemoryBudget.Default).Require(what, MemoryEstimate(NeuronCount, options.SynapsesPerNeuron, inputCount));
        OptionChecks.FitsOneArray(what, MemoryBudget.Times(NeuronCount, options.SynapsesPerNeuron));
        ActiveCount = options.ActiveCountFor(NeuronCount);
        SynapsesPerNeuron = options.SynapsesPerNeuron;
        int c = SynapsesPerNeuron;
        _synapses = new int[checked(NeuronCount * c)];
        for (int n = 0; n < NeuronCount; n++)
        {
            var row = _synapses.AsSpan(n * c, c);
            rng.Fork((ulong)n).SampleWithoutReplacement(c, inputCount).CopyTo(row);
            row.Sort();
        }
        _inputStart = new int[inputCount + 1];
        foreach (int j in _synapses) _inputStart[j + 1]++;
        for (int j = 0; j < inputCount; j++) _inputStart[j + 1] += _inputStart[j];
        _inputTargets = new int[_synapses.Length];
        var fill = _inputStart.AsSpan(0, inputCount).ToArray();
        for (int n = 0; n < NeuronCount; n++)
        {
            foreach (int j in _synapses.AsSpan(n * c, c)) _inputTargets[fill[j]++] = n;
        }
        _activations = new float[NeuronCount];
        _scratch = new float[NeuronCount];
    }

    /// <summary>Builds a layer from a seed.</summary>
    /// <param name="inputCount">D.</param>
    /// <param name="options">The layer's parameters.</param>
    /// <param name="seed">The build seed.</param>
    /// <param name="memory">The most memory the layer may take; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The layer.</returns>
    public static HashLayer Create(int inputCount, HashLayerOptions options, ulong seed, MemoryBudget? memory = null) =>
        new(inputCount, options, new RandomStream(seed), memory);

    /// <summary>The bytes a layer of N neurons with c synapses each over D inputs allocates: the synapses twice
    /// (neuron-major and input-major), two N-float activation buffers and the D + 1 input offsets.</summary>
    /// <param name="neuronCount">N.</param>
    /// <param name="synapsesPerNeuron">c.</param>
    /// <param name="inputCount">D.</param>
    /// <returns>The estimate (saturating at long.MaxValue).</returns>
    public static long MemoryEstimate(long neuronCount, long synapsesPerNeuron, long inputCount) =>
        MemoryBudget.Plus(MemoryBudget.Times(2, neuronCount, synapsesPerNeuron, sizeof(int)), MemoryBudget.Times(2, neuronCount, sizeof(float)),
            MemoryBudget.Times(2, inputCount + 1, sizeof(int)));

    /// <summary>The layer's parameters.</summary>
    public HashLayerOptions Options { get; }

    /// <summary>D, the inputs.</summary>
    public int InputCount { get; }

    /// <summary>N, the hash neurons (bits per code).</summary>
    public int NeuronCount { get; }

    /// <summary>k = round(rho N), the ones in every code.</summary>
    public int ActiveCount { get; }

    /// <summary>c, the inputs each neuron samples.</summary>
    public int SynapsesPerNeuron { get; }

    /// <summary>The code density actually produced, k / N.</summary>
    public double Density => (double)ActiveCount / NeuronCount;

    /// <summary>The inputs that one neuron samples, ascending.</summary>
    /// <param name="neuron">The neuron index n.</param>
    /// <returns>Its c input indices.</returns>
    public ReadOnlySpan<int> Synapses(int neuron) => _synapses.AsSpan(neuron * SynapsesPerNeuron, SynapsesPerNeuron);

    /// <summary>The projection y = M x (before winner-take-all).</summary>
    /// <param name="x">D input values.</param>
    /// <param name="activations">Receives N activations.</param>
    public void Activate(ReadOnlySpan<float> x, Span<float> activations)
    {
        if (x.Length != InputCount) throw new ArgumentException($"An input needs {InputCount} values (got {x.Length}).", nameof(x));
        if (activations.Length != NeuronCount) throw new ArgumentException($"The layer has {NeuronCount} neurons (got {activations.Length} activations).", nameof(activations));
        activations.Clear();
        var targets = _inputTargets.AsSpan();
        for (int j = 0; j < x.Length; j++)
        {
            float v = x[j];
            if (v == 0f) continue;
            foreach (int n in targets[_inputStart[j].._inputStart[j + 1]]) activations[n] += v;
        }
    }

    /// <summary>The binary code of an input: k-winners-take-all over the projection (not thread-safe: uses the layer's scratch).</summary>
    /// <param name="x">D input values.</param>
    /// <param name="code">Receives N bits, exactly k of them ones.</param>
    public void Hash(ReadOnlySpan<float> x, BitVector code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != NeuronCount) throw new ArgumentException($"A code has {NeuronCount} bits (got {code.Length}).", nameof(code));
        Hash(x, code.Words, _activations, _scratch);
    }

    /// <summary>The k winners of an input with their activations (the fly's tag with firing rates, as the 2017 paper compares it).</summary>
    /// <param name="x">D input values.</param>
    /// <param name="winners">Receives the k winning neuron indices, ascending.</param>
    /// <param name="values">Receives their k activations, or empty.</param>
    public void Winners(ReadOnlySpan<float> x, Span<int> winners, Span<float> values)
    {
        if (winners.Length != ActiveCount) throw new ArgumentException($"The layer has {ActiveCount} winners (got room for {winners.Length}).", nameof(winners));
        Activate(x, _activations);
        KWinners.ToIndices(_activations, ActiveCount, _scratch, winners);
        if (!values.IsEmpty)
        {
            for (int i = 0; i < winners.Length; i++) values[i] = _activations[winners[i]];
        }
    }

    /// <summary>The codes of every row, in parallel over fixed blocks of rows (same result at any thread count).</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>One N-bit code per row.</returns>
    /// <exception cref="InvalidInputException">The data has another column count.</exception>
    public BitMatrix HashAll(Dataset data, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the hash layer has {InputCount} inputs.");
        var codes = new BitMatrix(data.RowCount, NeuronCount);
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var activations = new float[NeuronCount];
            var scratch = new float[NeuronCount];
            for (int i = start; i < end; i++) Hash(data.Row(i), codes.Row(i), activations, scratch);
        });
        return codes;
    }

    /// <summary>The tags (winners and their activations) of every row, in parallel over fixed blocks of rows.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>k winners with their activations per row.</returns>
    /// <exception cref="InvalidInputException">The data has another column count.</exception>
    public HashTags TagAll(Dataset data, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the hash layer has {InputCount} inputs.");
        int k = ActiveCount;
        var indices = new int[checked(data.RowCount * k)];
        var values = new float[indices.Length];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var activations = new float[NeuronCount];
            var scratch = new float[NeuronCount];
            for (int i = start; i < end; i++)
            {
                Activate(data.Row(i), activations);
                var winners = indices.AsSpan(i * k, k);
                KWinners.ToIndices(activations, k, scratch, winners);
                for (int w = 0; w < k; w++) values[i * k + w] = activations[winners[w]];
            }
        });
        return new HashTags(data.RowCount, k, indices, values);
    }

    private void Hash(ReadOnlySpan<float> x, Span<ulong> code, Span<float> activations, Span<float> scratch)
    {
        Activate(x, activations);
        KWinners.ToCode(activations, ActiveCount, scratch, code);
    }
}
