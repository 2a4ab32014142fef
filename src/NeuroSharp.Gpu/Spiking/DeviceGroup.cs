using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>Which kernel steps a population on the device (or none: a spike source, stepped on the host).</summary>
internal enum DeviceModel
{
    HostSource,
    Poisson,
    LifCurrent,
    LifConductance,
    Izhikevich,
    Izhikevich2007,
    AdEx,
    Glif,
    HodgkinHuxley,
}

/// <summary>
/// One population's state on the device (struct of arrays, as on the host) and its spike history: a ring
/// of <see cref="Slots"/> bitsets (one bit per neuron per step) that delivery reads at step - delay and the
/// monitors copy back in blocks.
/// </summary>
internal sealed class DeviceGroup : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _floatBuffers = [];
    private readonly Dictionary<float[], ArrayView<float>> _byHostArray = new(ReferenceEqualityComparer.Instance);
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _lastSpike, _history;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _thetaExact;
    private readonly int[] _hostWords;
    private readonly int[] _hostLastSpike;
    private readonly double[] _hostThetaExact;
    private readonly float[]? _hostTheta;
    private readonly bool _resident;
    private int _dynamicsVersion = -1, _learnedVersion = -1; // the host's versions the device's copies were last made equal to
    private bool _dynamicsNewer, _learnedNewer; // the device's copy is newer than the host's (unless the host rewrote it since)

    private readonly UniformFill? _fill;

    public DeviceGroup(Accelerator accelerator, NeuronGroup group, int slots, bool keepStateOnDevice = true, UniformFill? fill = null)
    {
        _accelerator = accelerator;
        _resident = keepStateOnDevice;
        _fill = fill;
        Group = group;
        Model = ModelOf(group);
        Words = (group.Count + 31) / 32;
        Slots = slots;
        _history = accelerator.Allocate1D<int>((long)slots * Words);
        _history.MemSetToZero();
        _hostWords = new int[Words];
        (float[]? u, int[]? last, double[]? thetaExact, float[]? theta, float[]? v) = group switch
        {
            LifGroupBase l => (null, l.LastSpike, l.ThetaExact, l.Theta, l.V),
            IzhikevichGroup z => (z.U, null, null, null, z.V),
            Izhikevich2007Group z => (z.U, null, null, null, z.V),
            AdExGroup a => (a.W, a.LastSpike, null, null, a.V),
            GlifGroup gl => (null, gl.RefractoryLeft, null, null, gl.V), // the refractory counts travel as the last spikes do
            HodgkinHuxleyGroup h => (null, h.LastSpike, null, null, h.V),
            _ => ((float[]?)null, (int[]?)null, (double[]?)null, (float[]?)null, (float[]?)null),
        };
        _hostLastSpike = last ?? [];
        _hostThetaExact = thetaExact ?? [];
        _hostTheta = theta;
        _lastSpike = accelerator.Allocate1D<int>(Math.Max(1, _hostLastSpike.Length));
        if (group is GlifGroup glif) Glif = new DeviceGlif(accelerator, this, glif); // its ports first: port 1's arrays are Ge and Gi
        if (group is HodgkinHuxleyGroup hh) Hh = new DeviceHh(accelerator, this, hh);
        _thetaExact = accelerator.Allocate1D<double>(Math.Max(1, _hostThetaExact.Length));
        var view = new GroupView
        {
            V = Mirror(v), U = Mirror(u), Ge = Mirror(group.Ge), Gi = Mirror(group.Gi), Current = Mirror(group.Current), Theta = Mirror(theta),
            LastSpike = _lastSpike.View, ThetaExact = _thetaExact.View,
            RiseE = Mirror(group.Rises.Exc?.Rise), RiseI = Mirror(group.Rises.Inh?.Rise),
        };
        View = view;
        Constants = WithRises(ConstantsOf(group), group);
    }

    public NeuronGroup Group { get; }

    public DeviceModel Model { get; }

    /// <summary>Bitset words per step: one bit per neuron.</summary>
    public int Words { get; }

    /// <summary>Steps the history ring holds: a multiple of the monitor block, more than the longest constant delay out of the group.</summary>
    public int Slots { get; }

    public GroupView View { get; private set; }

    public GroupConstants Constants { get; }

    /// <summary>The GLIF state and constants, for a GLIF population.</summary>
    public DeviceGlif? Glif { get; }

    /// <summary>The gates and channel description, for a Hodgkin-Huxley population.</summary>
    public DeviceHh? Hh { get; }

    /// <summary>The whole spike history (<see cref="Slots"/> rows of <see cref="Words"/>).</summary>
    public ArrayView<int> History => _history.View;

    /// <summary>The history slot of a step.</summary>
    public ArrayView<int> Slot(int step) => _history.View.SubView((long)(step % Slots) * Words, Words);

    /// <summary>The device view of a host state array (monitors, pending input: a channel, a GLIF port's arrivals).</summary>
    public ArrayView<float> ViewOf(float[] hostArray) => _byHostArray[hostArray];

    /// <summary>True when <paramref name="hostArray"/> is one of this population's state arrays.</summary>
    public bool Holds(float[] hostArray) => _byHostArray.ContainsKey(hostArray);

    /// <summary>The view for this step: the state and the step's (cleared) history slot.</summary>
    public GroupView ViewFor(int step)
    {
        var slot = Slot(step);
        slot.MemSetToZero();
        return View with { Spiked = slot };
    }

    /// <summary>A host-stepped source: its spikes of this step (already computed on the host) go to its history slot.</summary>
    public void UploadHostSpikes(int step)
    {
        Array.Clear(_hostWords);
        foreach (int i in Group.StepSpikes) _hostWords[i >> 5] |= 1 << (i & 31);
        Slot(step).CopyFromHost(_hostWords.AsSpan(0, Words));
    }

    /// <summary>The history rows of steps [first, first + count) (within one block: a block never wraps, as Slots is a multiple of it).</summary>
    public ArrayView<int> HistoryRows(int first, int count) => _history.View.SubView((long)(first % Slots) * Words, (long)count * Words);

    /// <summary>Copies the steps [first, first + count) of the history (within one block) into <paramref name="destination"/>.</summary>
    public void DownloadHistory(int first, int count, int[] destination) => HistoryRows(first, count).CopyToHost(destination.AsSpan(0, count * Words));

    /// <summary>
    /// The start of a run: the host's state to the device where the host wrote it since the last copy (the transient state and
    /// the learned theta each as a whole; <see cref="NeuronGroup.DynamicsVersion"/>, <see cref="NeuronGroup.LearnedVersion"/>).
    /// </summary>
    public void Upload()
    {
        if (Group.DynamicsVersion != _dynamicsVersion)
        {
            foreach (var (host, view) in _byHostArray)
            {
                if (!ReferenceEquals(host, _hostTheta)) UploadBits(view.Cast<int>(), MemoryMarshal.Cast<float, int>(host.AsSpan()));
            }
            UploadBits(_lastSpike.View, _hostLastSpike);
            _dynamicsVersion = Group.DynamicsVersion;
            _dynamicsNewer = false;
        }
        if (Group.LearnedVersion != _learnedVersion)
        {
            if (_hostTheta is not null) UploadBits(_byHostArray[_hostTheta].Cast<int>(), MemoryMarshal.Cast<float, int>(_hostTheta.AsSpan()));
            UploadWide(_thetaExact.View.BaseView.Cast<long>(), MemoryMarshal.Cast<double, long>(_hostThetaExact.AsSpan()));
            _learnedVersion = Group.LearnedVersion;
            _learnedNewer = false;
        }
    }

    /// <summary>
    /// A host array of 4-byte values to the device: one fill (a kernel given the value) when every value has the same bits, as a
    /// reset leaves most of the state (v at rest, g_e, g_i and I at 0, no last spike), else a copy.
    /// </summary>
    private void UploadBits(ArrayView<int> device, ReadOnlySpan<int> host)
    {
        if (_fill is { } fill && host.Length > 1 && host[1..].IndexOfAnyExcept(host[0]) < 0) fill.Int(host.Length, device.SubView(0, host.Length), host[0]);
        else device.CopyFromHost(host);
    }

    /// <summary>As <see cref="UploadBits"/> for 8-byte values (theta in double).</summary>
    private void UploadWide(ArrayView<long> device, ReadOnlySpan<long> host)
    {
        if (_fill is { } fill && host.Length > 1 && host[1..].IndexOfAnyExcept(host[0]) < 0) fill.Long(host.Length, device.SubView(0, host.Length), host[0]);
        else device.CopyFromHost(host);
    }

    /// <summary>
    /// The end of a run: the device's state is the newer copy (theta only when the run learned: a frozen run leaves it), and
    /// stays there until the host reads or writes it (<see cref="Pull"/>); copied back at once when state is not kept on the device.
    /// </summary>
    public void Download()
    {
        if (_byHostArray.Count == 0 && _hostLastSpike.Length == 0) return; // a source: nothing mirrored
        _dynamicsNewer = true;
        _learnedNewer |= _hostThetaExact.Length > 0 && Group.LearningEnabled;
        Group.StateOnDevice = true;
        if (!_resident) Pull(dynamics: true, learned: true);
    }

    /// <summary>
    /// The device's state into the host arrays, of the parts asked for, where it is newer and the host has not rewritten it since
    /// (a host write, such as ResetDynamics' rewrite of the transient state, makes the host's the current copy); those parts'
    /// two copies are equal after it.
    /// </summary>
    public void Pull(bool dynamics, bool learned)
    {
        bool copied = false;
        if (dynamics && _dynamicsNewer)
        {
            if (Group.DynamicsVersion == _dynamicsVersion)
            {
                foreach (var (host, view) in _byHostArray)
                {
                    if (!ReferenceEquals(host, _hostTheta)) view.CopyToHost(host);
                }
                if (_hostLastSpike.Length > 0) _lastSpike.View.CopyToHost(_hostLastSpike);
                copied = true;
            }
            _dynamicsNewer = false;
        }
        if (learned && _learnedNewer)
        {
            if (Group.LearnedVersion == _learnedVersion)
            {
                if (_hostTheta is not null) _byHostArray[_hostTheta].CopyToHost(_hostTheta);
                if (_hostThetaExact.Length > 0) _thetaExact.View.CopyToHost(_hostThetaExact);
                copied = true;
            }
            _learnedNewer = false;
        }
        if (copied) _accelerator.Synchronize();
        Group.StateOnDevice = _dynamicsNewer || _learnedNewer;
    }

    /// <summary>Forgets the spike history (what delays still carry).</summary>
    public void ClearHistory() => _history.MemSetToZero();

    public void Dispose()
    {
        foreach (var b in _floatBuffers) b.Dispose();
        Glif?.Dispose();
        Hh?.Dispose();
        _lastSpike.Dispose();
        _thetaExact.Dispose();
        _history.Dispose();
    }

    /// <summary>The model's kernel; Poisson sources draw on the device, other sources (and any model without a kernel) step on the host.</summary>
    public static DeviceModel ModelOf(NeuronGroup group) => group switch
    {
        PoissonGroup => DeviceModel.Poisson,
        LifGroup => DeviceModel.LifCurrent,
        ConductanceLifGroup => DeviceModel.LifConductance,
        IzhikevichGroup => DeviceModel.Izhikevich,
        Izhikevich2007Group => DeviceModel.Izhikevich2007,
        AdExGroup => DeviceModel.AdEx,
        GlifGroup => DeviceModel.Glif,
        HodgkinHuxleyGroup => DeviceModel.HodgkinHuxley,
        _ => DeviceModel.HostSource,
    };

    /// <summary>A device buffer for a host array, copied with it at each run's start and end (the same one when already mirrored).</summary>
    public ArrayView<float> Mirror(float[]? host)
    {
        if (host is not null && _byHostArray.TryGetValue(host, out var mirrored)) return mirrored;
        if (host is null || host.Length == 0)
        {
            var dummy = _accelerator.Allocate1D<float>(1);
            _floatBuffers.Add(dummy);
            return dummy.View;
        }
        var buffer = _accelerator.Allocate1D<float>(host.Length);
        _floatBuffers.Add(buffer);
        _byHostArray[host] = buffer.View;
        return buffer.View;
    }

    /// <summary>One device buffer for several host arrays of one length each (a GLIF's ports), array p at p times that length.</summary>
    public ArrayView<float> MirrorPorts(float[][] hosts)
    {
        int n = Group.Count;
        var buffer = _accelerator.Allocate1D<float>(Math.Max(1, (long)hosts.Length * n));
        buffer.MemSetToZero();
        _floatBuffers.Add(buffer);
        for (int p = 0; p < hosts.Length; p++) _byHostArray[hosts[p]] = buffer.View.SubView((long)p * n, n);
        return buffer.View;
    }

    /// <summary>The rise states' constants (the CPU's RiseChannel floats; current LIF's fold factors).</summary>
    private static GroupConstants WithRises(GroupConstants k, NeuronGroup group)
    {
        var (exc, inh) = group.Rises;
        var (foldE, foldI) = group is LifGroup lif ? lif.Folds : default;
        return k with
        {
            Decay = ConductanceDecay.Of(k.Decay.De, k.Decay.Di, exc, inh), FoldE = foldE, FoldI = -foldI,
        };
    }

    private static GroupConstants ConstantsOf(NeuronGroup group)
    {
        double dt = group.DtMs;
        switch (group)
        {
            case LifGroupBase l:
            {
                var k = l.Constants;
                var (reset, thetaDecay, thetaIncrement) = l.ResetRule;
                return new GroupConstants
                {
                    Em = k.Em, Ce = k.Ce, Ci = k.Ci, Decay = new() { De = k.De, Di = k.Di }, Rest = k.Rest, Threshold = k.Threshold, RefractorySteps = k.RefractorySteps,
                    MinusDtOverTauM = k.MinusDtOverTauM, ExcReversal = k.ExcReversal, InhReversal = k.InhReversal, Reset = reset,
                    Adaptive = l.Theta is null ? 0 : 1, ThetaDecay = thetaDecay, ThetaIncrement = thetaIncrement,
                };
            }
            case IzhikevichGroup z:
            {
                var s = (IzhikevichNeuronSpec)z.Model;
                return new GroupConstants
                {
                    Dt = (float)dt, A = (float)s.A, B = (float)s.B, C = (float)s.C, D = (float)s.D, Peak = (float)s.PeakMv,
                    Decay = new() { De = NeuronGroup.Decay(s.TauExcMs, dt), Di = NeuronGroup.Decay(s.TauInhMs, dt) },
                };
            }
            case Izhikevich2007Group z:
            {
                var s = (Izhikevich2007NeuronSpec)z.Model;
                return new GroupConstants
                {
                    Dt = (float)dt, DtOverC = (float)(dt / s.CapacitancePf), K = (float)s.KNsPerMv, Rest = (float)s.RestMv, Threshold = (float)s.ThresholdMv,
                    Peak = (float)s.PeakMv, A = (float)s.A, B = (float)s.BNs, C = (float)s.ResetMv, D = (float)s.DPa,
                    ExcReversal = (float)s.ExcReversalMv, InhReversal = (float)s.InhReversalMv,
                    Decay = new() { De = NeuronGroup.Decay(s.TauExcMs, dt), Di = NeuronGroup.Decay(s.TauInhMs, dt) },
                };
            }
            case AdExGroup a:
            {
                var s = (AdExNeuronSpec)a.Model;
                return new GroupConstants
                {
                    DtOverC = (float)(dt / s.CapacitancePf), Gl = (float)s.LeakNs, El = (float)s.RestMv, Threshold = (float)s.ThresholdMv,
                    Slope = (float)s.SlopeMv, Peak = (float)s.PeakMv, Reset = (float)s.ResetMv, A = (float)s.AdaptationNs, B = (float)s.SpikeAdaptationPa,
                    DtOverTauW = (float)(dt / s.TauWMs), Decay = new() { De = NeuronGroup.Decay(s.TauExcMs, dt), Di = NeuronGroup.Decay(s.TauInhMs, dt) },
                    RefractorySteps = NeuronGroup.RefractorySteps(s.RefractoryMs, dt),
                    ConductanceInputs = s.ConductanceInputs ? 1 : 0, ExcReversal = (float)(s.ExcReversalMv ?? 0), InhReversal = (float)(s.InhReversalMv ?? 0),
                };
            }
            default:
                return default;
        }
    }
}

/// <summary>The kernels that set every element of a device array to one value (an upload of a host array whose values are all equal).</summary>
/// <param name="Int">4-byte values (floats by their bits, ints).</param>
/// <param name="Long">8-byte values (doubles by their bits).</param>
internal sealed record UniformFill(Action<Index1D, ArrayView<int>, int> Int, Action<Index1D, ArrayView<long>, long> Long);
