using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// A Poisson drive (<c>inputs</c> of type <c>poisson</c>) drawn on the device instead of uploaded each step: one thread per
/// block of <see cref="NeuronGroup.BlockSize"/> driven entries draws, for each entry in order, the host's uniform (the n-th
/// child key of the entry's stream key, <see cref="PoissonDrive"/>), turns it into a count k by the host's cumulative table
/// (linear search, or bisection for a large mean), and adds k w to the neuron's channel: the host's draws and the host's
/// float operations. Where the driven indices repeat, one thread takes every block in order, so the repeated neuron's sum
/// is the host's too. The table goes up when <see cref="PoissonDrive.SetRate"/> made a new one, the keys when
/// <see cref="PoissonDrive.Initialize"/> set new ones, and the step count n at the start of each run; n comes back at its
/// end (with the input spikes counted), so the host's draws continue where the device stopped.
/// </summary>
internal sealed class DeviceDrive : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _targets;
    private readonly MemoryBuffer1D<ulong, Stride1D.Dense> _keys;
    private readonly MemoryBuffer1D<ulong, Stride1D.Dense> _state; // per block: the steps it has drawn (all blocks alike)
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _totals;
    private readonly ulong[] _hostState;
    private readonly long[] _hostTotals;
    private int _uploadedKeys = -1;
    private readonly ArrayView<float> _channel;
    private readonly int _blocksPerThread;
    private MemoryBuffer1D<double, Stride1D.Dense>? _cdf;
    private double[]? _uploadedCdf;

    public DeviceDrive(Accelerator accelerator, PoissonDrive drive, ArrayView<float> channel)
    {
        _accelerator = accelerator;
        Drive = drive;
        _channel = channel;
        var targets = drive.Targets;
        Blocks = (targets.Length + NeuronGroup.BlockSize - 1) / NeuronGroup.BlockSize;
        _blocksPerThread = HasRepeats(targets) ? Math.Max(1, Blocks) : 1;
        Threads = (Blocks + _blocksPerThread - 1) / _blocksPerThread;
        _targets = accelerator.Allocate1D<int>(Math.Max(1, targets.Length));
        if (targets.Length > 0) _targets.View.CopyFromHost(targets);
        _keys = accelerator.Allocate1D<ulong>(Math.Max(1, targets.Length));
        _hostState = new ulong[Math.Max(1, Blocks)];
        _state = accelerator.Allocate1D<ulong>(_hostState.Length);
        _hostTotals = new long[Math.Max(1, Threads)];
        _totals = accelerator.Allocate1D<long>(_hostTotals.Length);
    }

    /// <summary>The host's drive.</summary>
    public PoissonDrive Drive { get; }

    /// <summary>Blocks of driven entries.</summary>
    public int Blocks { get; }

    /// <summary>Threads of the draw kernel: one per block, or one for all when the driven indices repeat.</summary>
    public int Threads { get; }

    /// <summary>The device bytes of a drive (DeviceMemory): targets and keys, the table, the blocks' step counts and the per-thread counts.</summary>
    public static long Bytes(PoissonDrive drive)
    {
        long blocks = (drive.Targets.Length + NeuronGroup.BlockSize - 1) / NeuronGroup.BlockSize;
        return MemoryBudget.Plus(MemoryBudget.Times(drive.Targets.Length, sizeof(int) + sizeof(ulong)), MemoryBudget.Times(drive.Table.Cdf.Length, sizeof(double)),
            MemoryBudget.Times(Math.Max(1, blocks), sizeof(ulong) + sizeof(long)));
    }

    /// <summary>True when the drive draws nothing this run (rate 0: the host draws no numbers either).</summary>
    public bool Idle
    {
        get
        {
            var (cdf, offset, _) = Drive.Table;
            return cdf.Length == 1 && offset == 0;
        }
    }

    /// <summary>The view the draw kernel takes.</summary>
    public DriveView View
    {
        get
        {
            var (cdf, offset, bisect) = Drive.Table;
            return new DriveView
            {
                Cdf = _cdf!.View, CdfLength = cdf.Length, Offset = offset, Bisect = bisect ? 1 : 0, Targets = _targets.View, Count = Drive.Targets.Length,
                Weight = Drive.Weight, Keys = _keys.View, State = _state.View, Totals = _totals.View, Channel = _channel, Blocks = Blocks, BlocksPerThread = _blocksPerThread,
            };
        }
    }

    /// <summary>Host to device (the start of a run): the table and the keys when they changed, the step count; the counts start at 0.</summary>
    public void Upload()
    {
        var cdf = Drive.Table.Cdf;
        if (!ReferenceEquals(cdf, _uploadedCdf))
        {
            if (_cdf is null || _cdf.Length < cdf.Length)
            {
                _cdf?.Dispose();
                _cdf = _accelerator.Allocate1D<double>(cdf.Length);
            }
            _cdf.View.CopyFromHost(cdf);
            _uploadedCdf = cdf;
        }
        _totals.MemSetToZero();
        if (Blocks == 0) return;
        if (_uploadedKeys != Drive.KeyVersion)
        {
            _keys.View.CopyFromHost(Drive.Keys);
            _uploadedKeys = Drive.KeyVersion;
        }
        Array.Fill(_hostState, Drive.Draws);
        _state.View.CopyFromHost(_hostState);
    }

    /// <summary>The step count and the input spikes back to the host (the end of a run).</summary>
    public void Download()
    {
        if (Blocks == 0) return;
        _state.View.CopyToHost(_hostState);
        _totals.View.CopyToHost(_hostTotals);
        long total = 0;
        foreach (long t in _hostTotals) total += t;
        Drive.SetDraws(_hostState[0], total);
    }

    public void Dispose()
    {
        _targets.Dispose();
        _keys.Dispose();
        _state.Dispose();
        _totals.Dispose();
        _cdf?.Dispose();
    }

    /// <summary>One thread per block (or per run of blocks): PoissonDrive.Apply's draws for its driven neurons, in order.</summary>
    public static void Draw(Index1D thread, DriveView d)
    {
        long total = 0;
        int firstBlock = thread * d.BlocksPerThread;
        int endBlock = Math.Min(d.Blocks, firstBlock + d.BlocksPerThread);
        for (int b = firstBlock; b < endBlock; b++)
        {
            ulong draw = d.State[b];
            ulong step = Mix(draw + 0x9E3779B97F4A7C15UL); // PoissonDrive.StepMix
            int end = Math.Min(d.Count, (b + 1) * NeuronGroup.BlockSize);
            for (int k = b * NeuronGroup.BlockSize; k < end; k++)
            {
                double u = (Mix(d.Keys[k] ^ step) >> 11) * (1.0 / (1UL << 53)); // PoissonDrive.Unit
                int count;
                if (d.Bisect != 0)
                {
                    int lo = 0, hi = d.CdfLength - 1; // the answer is in [lo, hi]; the last entry is 1 > u
                    while (lo < hi)
                    {
                        int mid = (lo + hi) >>> 1;
                        if (u >= d.Cdf[mid]) lo = mid + 1;
                        else hi = mid;
                    }
                    count = d.Offset + lo;
                }
                else
                {
                    count = 0;
                    while (count < d.CdfLength - 1 && u >= d.Cdf[count]) count++;
                }
                int target = d.Targets[k];
                if (count == 0) continue;
                d.Channel[target] += count * d.Weight;
                total += count;
            }
            d.State[b] = draw + 1;
        }
        d.Totals[thread] += total;
    }

    /// <summary>SplitMix64.Mix in a kernel.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static bool HasRepeats(int[] targets)
    {
        var seen = new HashSet<int>();
        foreach (int t in targets)
        {
            if (t >= 0 && !seen.Add(t)) return true;
        }
        return false;
    }
}

/// <summary>A device drive's buffers and table for the draw kernel.</summary>
internal struct DriveView
{
    public ArrayView<double> Cdf;
    public ArrayView<int> Targets;
    public ArrayView<ulong> Keys;
    public ArrayView<ulong> State;
    public ArrayView<long> Totals;
    public ArrayView<float> Channel;
    public float Weight;
    public int CdfLength, Offset, Bisect, Count, Blocks, BlocksPerThread;
}

/// <summary>xoshiro256** in a kernel: RandomStream.NextUInt64's operations on four state words.</summary>
internal struct DeviceXoshiro(ulong s0, ulong s1, ulong s2, ulong s3)
{
    public ulong S0 = s0, S1 = s1, S2 = s2, S3 = s3;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong x = S1 * 5;
        ulong result = ((x << 7) | (x >> 57)) * 9;
        ulong t = S1 << 17;
        S2 ^= S0;
        S3 ^= S1;
        S1 ^= S2;
        S0 ^= S3;
        S2 ^= t;
        S3 = (S3 << 45) | (S3 >> 19);
        return result;
    }
}
