using ILGPU;
using ILGPU.Runtime;

namespace NeuroSharp.Gpu;

/// <summary>
/// Every copy between a host array and the device goes through here, as a span, which ILGPU pins for the copy.
/// </summary>
/// <remarks>
/// ILGPU's copies that take <c>ref T</c> and a length turn the reference into a raw pointer
/// (<c>Unsafe.AsPointer</c>) and then allocate a wrapper buffer around it: they need memory that is already pinned.
/// Given an unpinned array, a garbage collection inside the copy (that allocation can start one, and so can any
/// other thread) may move the array; the copy then reads, or writes, its old address. A download that way leaves
/// the host array with its old values and writes into whatever lives at the old address now. That is what made the
/// transmitter exactness test fail once (the device's sta came back into a moved array, the next run uploaded the
/// stale one); young arrays move at every gen0 collection, so the first run after a build is the most exposed.
/// </remarks>
internal static class HostCopy
{
    /// <summary>Host to device: <paramref name="host"/> into the first host.Length elements of <paramref name="device"/>.</summary>
    public static void CopyFromHost<T>(this ArrayView<T> device, ReadOnlySpan<T> host) where T : unmanaged
    {
        if (host.IsEmpty) return;
        device.SubView(0, host.Length).CopyFromCPU(host); // ILGPU pins the span (fixed) for the copy
    }

    /// <summary>Device to host: the first host.Length elements of <paramref name="device"/> into <paramref name="host"/>.</summary>
    public static void CopyToHost<T>(this ArrayView<T> device, Span<T> host) where T : unmanaged
    {
        if (host.IsEmpty) return;
        device.SubView(0, host.Length).CopyToCPU(host); // ILGPU pins the span (fixed) for the copy
    }

    /// <summary>Host to device (a buffer's dense view).</summary>
    public static void CopyFromHost<T>(this ArrayView1D<T, Stride1D.Dense> device, ReadOnlySpan<T> host) where T : unmanaged =>
        device.BaseView.CopyFromHost(host);

    /// <summary>Device to host (a buffer's dense view).</summary>
    public static void CopyToHost<T>(this ArrayView1D<T, Stride1D.Dense> device, Span<T> host) where T : unmanaged =>
        device.BaseView.CopyToHost(host);
}
