using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// Gap junctions on the device (GapJunctionSet): before the populations integrate, each touched neuron's
/// current for the step is its own current plus, for every junction pair it is in, <c>g (v_a - v_b)</c> (as b)
/// or minus it (as a), added in the CPU's order (junction sets in file order, pairs in order; for one pair
/// b's add before a's subtraction), so the sums are the CPU's bit for bit. The integrate kernels then read
/// that current instead of I; I itself is never changed, as on the CPU, which restores it after.
/// </summary>
internal sealed class DeviceGaps : IDisposable
{
    private readonly List<IDisposable> _buffers = [];
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _v;
    private readonly (DeviceGroup Group, long Offset)[] _copies;
    private readonly Action<Index1D, GapView> _kernel;

    public DeviceGaps(Accelerator accelerator, GapJunctionSet gaps, DeviceGroup[] groups)
    {
        var junctions = gaps.Junctions.ToArray();
        // Every touched population's v goes into one buffer, so that an entry names any neuron by one index.
        var touched = junctions.SelectMany(j => new[] { j.Source, j.Target }).Distinct().Select(g => groups[g.Index]).ToArray();
        var offsets = new Dictionary<DeviceGroup, long>();
        long total = 0;
        foreach (var g in touched)
        {
            offsets[g] = total;
            total += g.Group.Count;
        }
        _copies = [.. touched.Select(g => (g, offsets[g]))];
        _v = accelerator.Allocate1D<float>(Math.Max(1, total));
        _buffers.Add(_v);
        Views = [];
        foreach (var g in touched)
        {
            // Entries of each neuron of g, in the order the CPU adds them.
            var lists = new List<(int A, int B, float G, int Sign)>[g.Group.Count];
            for (int n = 0; n < lists.Length; n++) lists[n] = [];
            foreach (var (source, target, pre, post, conductance) in junctions)
            {
                long sa = offsets[groups[source.Index]], sb = offsets[groups[target.Index]];
                for (int k = 0; k < pre.Length; k++)
                {
                    int a = checked((int)(sa + pre[k])), b = checked((int)(sb + post[k]));
                    if (ReferenceEquals(target, g.Group)) lists[post[k]].Add((a, b, conductance[k], 1));
                    if (ReferenceEquals(source, g.Group)) lists[pre[k]].Add((a, b, conductance[k], -1));
                }
            }
            var start = new int[lists.Length + 1];
            for (int n = 0; n < lists.Length; n++) start[n + 1] = checked(start[n] + lists[n].Count);
            var all = lists.SelectMany(l => l).ToArray();
            var current = accelerator.Allocate1D<float>(g.Group.Count);
            _buffers.Add(current);
            Views[g] = new GapView
            {
                Start = Upload(accelerator, start), A = Upload(accelerator, [.. all.Select(e => e.A)]), B = Upload(accelerator, [.. all.Select(e => e.B)]),
                G = Upload(accelerator, [.. all.Select(e => e.G)]), Sign = Upload(accelerator, [.. all.Select(e => e.Sign)]),
                V = _v.View, Own = g.ViewOf(g.Group.Current), Current = current.View,
            };
        }
        _kernel = accelerator.LoadElementKernel<Index1D, GapView>(Kernel);
    }

    /// <summary>The view of each touched population; its Current is what the integrate kernel reads this step.</summary>
    public Dictionary<DeviceGroup, GapView> Views { get; }

    /// <summary>The device bytes for a network's gap junctions (DeviceMemory).</summary>
    public static long Bytes(SpikingEngine engine)
    {
        long total = 0;
        foreach (var (source, target, pre, _, _) in engine.GapJunctions.Junctions)
        {
            // Two entries per pair (a, b, g, sign); per touched neuron (at most: a population in several sets counts once each) v, the step's current and a start.
            total = MemoryBudget.Plus(total, MemoryBudget.Times(pre.Length, 2 * 4 * sizeof(int)),
                MemoryBudget.Times(source.Count + target.Count, 3 * sizeof(int)));
        }
        return total;
    }

    /// <summary>Snapshots v of every touched population, then computes each one's current of the step (before any integrates).</summary>
    public void Apply()
    {
        foreach (var (g, offset) in _copies)
            _v.View.SubView(offset, g.Group.Count).CopyFrom(g.ViewOf(g.Group.Variable("v")!).SubView(0, g.Group.Count));
        foreach (var (g, view) in Views) _kernel(g.Group.Count, view);
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
    }

    private ArrayView<T> Upload<T>(Accelerator accelerator, T[] values) where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(Math.Max(1, values.Length));
        _buffers.Add(buffer);
        buffer.View.CopyFromHost(values);
        return buffer.View;
    }

    /// <summary>One thread per neuron: I + its junction currents, in the CPU's order.</summary>
    private static void Kernel(Index1D n, GapView s)
    {
        float c = s.Own[n];
        for (int e = s.Start[n]; e < s.Start[n + 1]; e++)
        {
            float i = s.G[e] * (s.V[s.A[e]] - s.V[s.B[e]]);
            if (s.Sign[e] > 0) c += i;
            else c -= i;
        }
        s.Current[n] = c;
    }
}

/// <summary>A touched population's junction entries (CSR by neuron) and buffers.</summary>
internal struct GapView
{
    public ArrayView<int> Start, A, B, Sign;
    public ArrayView<float> G, V, Own, Current;
}
