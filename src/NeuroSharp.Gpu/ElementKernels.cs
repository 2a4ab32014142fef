using ILGPU;
using ILGPU.Runtime;

namespace NeuroSharp.Gpu;

/// <summary>
/// Loads the element kernels (one element per thread, grouped by the accelerator). On a GPU they are ILGPU's
/// auto-grouped kernels. On ILGPU's CPU accelerator they are grouped one thread per group: auto-grouping there makes
/// groups of a warp (at least 2 threads), and every group ends in a barrier of its threads, so a launch over n elements
/// waited n/2 times for two CPU threads to meet (about 5 us an element on a loaded 2-core machine: an empty kernel over
/// 4 000 elements took 20 to 28 ms, against 0.2 to 0.3 ms one thread per group; docs/results.md). The kernels use no
/// group barrier, shared memory or warp operation, so their results do not depend on the grouping; the simulator's
/// concurrent shape (<see cref="GpuDevice.OpenSimulator"/>) still runs two threads at once over each launch.
/// </summary>
internal static class ElementKernels
{
    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1> LoadElementKernel<TIndex, T1>(this Accelerator accelerator, Action<TIndex, T1> kernel)
        where TIndex : struct, IIndex
        where T1 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2> LoadElementKernel<TIndex, T1, T2>(this Accelerator accelerator, Action<TIndex, T1, T2> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3> LoadElementKernel<TIndex, T1, T2, T3>(this Accelerator accelerator, Action<TIndex, T1, T2, T3> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3, T4> LoadElementKernel<TIndex, T1, T2, T3, T4>(this Accelerator accelerator, Action<TIndex, T1, T2, T3, T4> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3, T4, T5> LoadElementKernel<TIndex, T1, T2, T3, T4, T5>(this Accelerator accelerator, Action<TIndex, T1, T2, T3, T4, T5> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3, T4, T5, T6> LoadElementKernel<TIndex, T1, T2, T3, T4, T5, T6>(this Accelerator accelerator, Action<TIndex, T1, T2, T3, T4, T5, T6> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3, T4, T5, T6, T7> LoadElementKernel<TIndex, T1, T2, T3, T4, T5, T6, T7>(this Accelerator accelerator, Action<TIndex, T1, T2, T3, T4, T5, T6, T7> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);

    /// <summary>The element kernel <paramref name="kernel"/> for <paramref name="accelerator"/> (see <see cref="ElementKernels"/>).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The launcher, on the accelerator's default stream.</returns>
    public static Action<TIndex, T1, T2, T3, T4, T5, T6, T7, T8> LoadElementKernel<TIndex, T1, T2, T3, T4, T5, T6, T7, T8>(this Accelerator accelerator, Action<TIndex, T1, T2, T3, T4, T5, T6, T7, T8> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadImplicitlyGroupedStreamKernel(kernel, 1)
            : accelerator.LoadAutoGroupedStreamKernel(kernel);
}
