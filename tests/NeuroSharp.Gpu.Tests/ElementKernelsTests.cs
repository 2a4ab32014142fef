using ILGPU;
using ILGPU.Runtime;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The element kernels on the simulated device: one thread per group, on one multiprocessor or on two that run at once
/// (<see cref="ElementKernels"/>, <see cref="GpuDevice.OpenSimulator"/>).
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ElementKernelsTests
{
    private readonly SimulatorFixture _fixture;

    public ElementKernelsTests(SimulatorFixture fixture) => _fixture = fixture;

    private static void CountVisits(Index1D i, ArrayView<int> visits, ArrayView<long> total)
    {
        Atomic.Add(ref visits[i], 1);
        Atomic.Add(ref total[0], 1L);
    }

    private static void GroupSize(Index1D i, ArrayView<int> sizes) => sizes[i] = Group.DimX;

    [Theory]
    [InlineData(1, false)]
    [InlineData(4001, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4001, true)]
    public void ElementKernel_OnTheSimulator_VisitsEveryElementOnce(int count, bool concurrent)
    {
        // Concurrent, each of the two multiprocessors takes half of the one-thread groups (an odd count or a count under
        // two leaves the second one fewer or none), and both add to the same total at once: the atomics keep it exact.
        var accelerator = (concurrent ? _fixture.ConcurrentDevice : _fixture.Device).Accelerator;
        Assert.Equal(concurrent ? 2 : 1, accelerator.NumMultiprocessors);
        var kernel = accelerator.LoadElementKernel<Index1D, ArrayView<int>, ArrayView<long>>(CountVisits);
        using var visits = accelerator.Allocate1D<int>(count);
        using var total = accelerator.Allocate1D<long>(1);
        visits.MemSetToZero();
        total.MemSetToZero();
        kernel(count, visits.View, total.View);
        accelerator.Synchronize();
        Assert.All(visits.GetAsArray1D(), v => Assert.Equal(1, v));
        Assert.Equal(count, total.GetAsArray1D()[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ElementKernel_OnTheSimulator_OneThreadPerGroup(bool concurrent)
    {
        // Auto-grouped, the simulator made groups of a warp (2 threads) that met at a barrier after every pair of elements,
        // a hand-over between threads each time (an empty kernel over 4 000 elements: 20 to 28 ms on a loaded 2-core
        // machine, against 0.2 to 0.3 ms one thread per group; docs/results.md).
        var accelerator = (concurrent ? _fixture.ConcurrentDevice : _fixture.Device).Accelerator;
        var kernel = accelerator.LoadElementKernel<Index1D, ArrayView<int>>(GroupSize);
        using var sizes = accelerator.Allocate1D<int>(5);
        kernel(5, sizes.View);
        accelerator.Synchronize();
        Assert.Equal([1, 1, 1, 1, 1], sizes.GetAsArray1D());
    }
}
