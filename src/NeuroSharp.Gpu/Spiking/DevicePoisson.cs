using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// A Poisson source population drawn on the device instead of uploaded each step: one thread per block of
/// the CPU group (<see cref="NeuronGroup.BlockSize"/> neurons) carries that block's xoshiro256** stream and
/// draws, as PoissonGroup does, one uniform float per active neuron in order, spiking where it is below the
/// neuron's probability. The same streams from the same states give the CPU's spikes exactly. Probabilities,
/// active lists and stream states go up at the start of each run (SetRates and resets change them between
/// runs) and the states come back at its end, so the host's streams continue where the device stopped.
/// </summary>
internal sealed class DevicePoisson : IDisposable
{
    private readonly PoissonGroup _group;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _probability;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _active, _blockStart;
    private readonly MemoryBuffer1D<ulong, Stride1D.Dense> _state;
    private readonly ulong[] _hostState;

    public DevicePoisson(Accelerator accelerator, PoissonGroup group)
    {
        _group = group;
        Blocks = group.BlockActiveStart.Length - 1;
        _probability = accelerator.Allocate1D<float>(Math.Max(1, group.Count));
        _active = accelerator.Allocate1D<int>(Math.Max(1, group.Count));
        _blockStart = accelerator.Allocate1D<int>(Blocks + 1);
        _hostState = new ulong[4 * Math.Max(1, Blocks)];
        _state = accelerator.Allocate1D<ulong>(_hostState.Length);
    }

    /// <summary>Blocks of the CPU group: threads of the draw kernel.</summary>
    public int Blocks { get; }

    /// <summary>The device bytes of a Poisson population of <paramref name="count"/> neurons (DeviceMemory).</summary>
    public static long Bytes(long count)
    {
        long blocks = (count + NeuronGroup.BlockSize - 1) / NeuronGroup.BlockSize;
        return MemoryBudget.Plus(MemoryBudget.Times(count, sizeof(float) + sizeof(int)), MemoryBudget.Times(blocks + 1, sizeof(int)),
            MemoryBudget.Times(Math.Max(1, blocks), 4 * sizeof(ulong)));
    }

    /// <summary>The view for a step: the draw's inputs and the step's (cleared) history slot.</summary>
    public PoissonView View(ArrayView<int> spiked) => new()
    {
        Probability = _probability.View, Active = _active.View, BlockStart = _blockStart.View, State = _state.View, Spiked = spiked,
    };

    /// <summary>Host to device (the start of a run).</summary>
    public void Upload()
    {
        if (_group.Count > 0)
        {
            _probability.View.CopyFromHost(_group.Probability);
            _active.View.CopyFromHost(_group.Active);
        }
        _blockStart.View.CopyFromHost(_group.BlockActiveStart);
        if (Blocks == 0) return;
        _group.CopyStreamStates(_hostState);
        _state.View.CopyFromHost(_hostState);
    }

    /// <summary>The streams' states back to the host (the end of a run).</summary>
    public void Download()
    {
        if (Blocks == 0) return;
        _state.View.CopyToHost(_hostState);
        _group.SetStreamStates(_hostState);
    }

    public void Dispose()
    {
        _probability.Dispose();
        _active.Dispose();
        _blockStart.Dispose();
        _state.Dispose();
    }

    /// <summary>One thread per block: its stream's draws for its active neurons, in order (PoissonGroup.IntegrateBlock).</summary>
    public static void Draw(Index1D b, PoissonView s)
    {
        long w = 4L * b;
        var rng = new DeviceXoshiro(s.State[w], s.State[w + 1], s.State[w + 2], s.State[w + 3]);
        for (int k = s.BlockStart[b]; k < s.BlockStart[b + 1]; k++)
        {
            float u = (rng.Next() >> 40) * (1.0f / (1 << 24)); // RandomStream.NextSingle
            int i = s.Active[k];
            if (u < s.Probability[i]) NeuronKernels.Mark(s.Spiked, i);
        }
        s.State[w] = rng.S0;
        s.State[w + 1] = rng.S1;
        s.State[w + 2] = rng.S2;
        s.State[w + 3] = rng.S3;
    }
}

/// <summary>A device Poisson population's buffers and this step's spike words.</summary>
internal struct PoissonView
{
    public ArrayView<float> Probability;
    public ArrayView<int> Active, BlockStart, Spiked;
    public ArrayView<ulong> State;
}
