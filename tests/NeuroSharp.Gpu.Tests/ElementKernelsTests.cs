using System.Diagnostics;
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

    private static void Nothing(Index1D i, ArrayView<int> visits)
    {
        if (i < 0) visits[0] = 1;
    }

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

    [Fact]
    public void ElementKernel_OnTheSimulator_NoBarrierPerElement()
    {
        // Auto-grouped, the simulator made groups of two threads that met at a barrier after every pair of elements:
        // an empty kernel over 200 000 elements took several seconds of a loaded 2-core machine (about 5 us an
        // element). One thread per group takes about 0.1 us an element. Tolerance: the best of three launches under 1 s.
        var accelerator = _fixture.Device.Accelerator;
        var kernel = accelerator.LoadElementKernel<Index1D, ArrayView<int>>(Nothing);
        using var visits = accelerator.Allocate1D<int>(1);
        kernel(1, visits.View);
        accelerator.Synchronize();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            kernel(200_000, visits.View);
            accelerator.Synchronize();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Assert.True(best < 1.0, $"an empty kernel over 200 000 elements took {best:0.000} s at best");
    }
}
