using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace NeuroSharp.Gpu;

/// <summary>
/// Every copy between a host array and the device goes through here, as a span, which ILGPU pins for the copy; while a
/// <see cref="HostCopyTally"/> is open in the copying flow, each copy is counted by its call site (what docs/gpu.md, "Copies per image", lists).
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
    // The open tally of the current logical flow (a test and whatever it starts: tasks, Parallel loops), not of the process:
    // device tests on other threads, each with an accelerator of its own, run beside a tallied test without entering its counts.
    private static readonly AsyncLocal<HostCopyTally?> Open = new();

    /// <summary>
    /// Starts counting, by call site, every copy made in the caller's logical flow (its thread, and the tasks and threads
    /// it starts) until the tally is disposed; copies made elsewhere (a test beside it) are not counted. One at a time per flow.
    /// </summary>
    public static HostCopyTally StartTally()
    {
        if (Open.Value is not null) throw new InvalidOperationException("A host copy tally is already open.");
        var tally = new HostCopyTally();
        Open.Value = tally;
        return tally;
    }

    /// <summary>Ends <paramref name="tally"/> (its Dispose).</summary>
    internal static void StopTally(HostCopyTally tally)
    {
        if (ReferenceEquals(Open.Value, tally)) Open.Value = null;
    }

    /// <summary>Host to device: <paramref name="host"/> into the first host.Length elements of <paramref name="device"/>.</summary>
    public static void CopyFromHost<T>(this ArrayView<T> device, ReadOnlySpan<T> host,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "", [CallerLineNumber] int line = 0) where T : unmanaged
    {
        if (host.IsEmpty) return;
        device.SubView(0, host.Length).CopyFromCPU(host); // ILGPU pins the span (fixed) for the copy
        Open.Value?.Add(file, member, line, toDevice: true, (long)host.Length * Unsafe.SizeOf<T>());
    }

    /// <summary>Device to host: the first host.Length elements of <paramref name="device"/> into <paramref name="host"/>.</summary>
    public static void CopyToHost<T>(this ArrayView<T> device, Span<T> host,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "", [CallerLineNumber] int line = 0) where T : unmanaged
    {
        if (host.IsEmpty) return;
        device.SubView(0, host.Length).CopyToCPU(host); // ILGPU pins the span (fixed) for the copy
        Open.Value?.Add(file, member, line, toDevice: false, (long)host.Length * Unsafe.SizeOf<T>());
    }

    /// <summary>Host to device (a buffer's dense view).</summary>
    public static void CopyFromHost<T>(this ArrayView1D<T, Stride1D.Dense> device, ReadOnlySpan<T> host,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        device.BaseView.CopyFromHost(host, file, member, line);

    /// <summary>Device to host (a buffer's dense view).</summary>
    public static void CopyToHost<T>(this ArrayView1D<T, Stride1D.Dense> device, Span<T> host,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        device.BaseView.CopyToHost(host, file, member, line);
}

/// <summary>Host-device copies counted by call site ("DeviceGroup.Upload:107") and direction while open (<see cref="HostCopy.StartTally"/>).</summary>
internal sealed class HostCopyTally : IDisposable
{
    private readonly Dictionary<(string Site, bool ToDevice), (long Copies, long Bytes)> _sites = [];

    /// <summary>Every call site that copied, with its direction, copies and bytes, ordered by bytes (most first).</summary>
    public IReadOnlyList<(string Site, bool ToDevice, long Copies, long Bytes)> Sites
    {
        get
        {
            lock (_sites) return [.. _sites.Select(s => (s.Key.Site, s.Key.ToDevice, s.Value.Copies, s.Value.Bytes)).OrderByDescending(s => s.Bytes)];
        }
    }

    /// <summary>Bytes copied in one direction from the call sites whose name starts with <paramref name="sitePrefix"/> (e.g. "BlockMonitors.").</summary>
    public long Bytes(bool toDevice, string sitePrefix = "") => Sites.Where(s => s.ToDevice == toDevice && s.Site.StartsWith(sitePrefix, StringComparison.Ordinal)).Sum(s => s.Bytes);

    /// <summary>Copies in one direction from the call sites whose name starts with <paramref name="sitePrefix"/>.</summary>
    public long Copies(bool toDevice, string sitePrefix = "") => Sites.Where(s => s.ToDevice == toDevice && s.Site.StartsWith(sitePrefix, StringComparison.Ordinal)).Sum(s => s.Copies);

    internal void Add(string file, string member, int line, bool toDevice, long bytes)
    {
        var key = ($"{Path.GetFileNameWithoutExtension(file)}.{member}:{line}", toDevice);
        lock (_sites)
        {
            var (copies, total) = _sites.GetValueOrDefault(key);
            _sites[key] = (copies + 1, total + bytes);
        }
    }

    /// <summary>Stops counting.</summary>
    public void Dispose() => HostCopy.StopTally(this);
}
