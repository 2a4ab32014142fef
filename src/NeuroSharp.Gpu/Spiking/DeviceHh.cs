using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>A Hodgkin-Huxley population's state and channel description on the device (struct of arrays).</summary>
internal struct HhView
{
    public ArrayView<float> V, Ge, Gi, Current, RiseE, RiseI;

    /// <summary>Every gate's values, gate j's neuron i at j N + i (channel and gate order, as HodgkinHuxleyGroup's arrays).</summary>
    public ArrayView<float> Gates;

    /// <summary>Per gated channel: its conductance and reversal (2 floats) and its first gate and gate count (2 ints).</summary>
    public ArrayView<float> ChannelF;
    public ArrayView<int> ChannelI;

    /// <summary>Per gate: power, kinetics and the forms of alpha, beta, tau, inf (6 ints); the dt factor, then rate, 1/scale and offset of each function (13 floats).</summary>
    public ArrayView<int> GateI;
    public ArrayView<float> GateF;
    public ArrayView<int> LastSpike, Spiked;
}

/// <summary>The scalar constants of a Hodgkin-Huxley population (HodgkinHuxleyGroup's floats).</summary>
internal struct HhConstants
{
    public int Count, Channels, GateCount, RefractorySteps;

    /// <summary>The first neuron whose exps the CPU takes one by one (MathF.Exp: a chunk of fewer than 4 neurons), else Count.</summary>
    public int ScalarExpFrom;
    public float MinusDtOverC, PassiveG, PassiveGE, Threshold, Ee, Ei;

    /// <summary>The conductances' decay and rise states (as every device neuron kernel's).</summary>
    public ConductanceDecay Decay;
}

/// <summary>
/// A Hodgkin-Huxley population (model hh, docs/spiking-hh.md) on the device: one thread per neuron takes HodgkinHuxleyGroup's
/// exponential Euler step with the same float operations in the same order, the channel and gate description read from flat
/// arrays; the exps are TensorPrimitives.Exp's (<see cref="IExpForm"/>).
/// </summary>
internal sealed class DeviceHh : IDisposable
{
    private const int GateInts = 6, GateFloats = 13;
    private readonly HodgkinHuxleyGroup _group;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _channelF, _gateF;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _channelI, _gateI;
    private readonly HhView _state;
    private readonly int _channels;

    /// <summary>Mirrors the group's arrays through <paramref name="owner"/> (projections, drives and monitors find them there) and uploads the description.</summary>
    public DeviceHh(Accelerator accelerator, DeviceGroup owner, HodgkinHuxleyGroup group)
    {
        _group = group;
        _state = new HhView
        {
            V = owner.Mirror(group.V), Ge = owner.Mirror(group.Ge), Gi = owner.Mirror(group.Gi), Current = owner.Mirror(group.Current),
            RiseE = owner.Mirror(group.Rises.Exc?.Rise), RiseI = owner.Mirror(group.Rises.Inh?.Rise), Gates = owner.MirrorPorts(group.GateArrays),
        };
        var channels = group.ChannelsForDevice();
        _channels = channels.Length;
        (_channelF, _channelI, _gateF, _gateI) = Describe(accelerator, channels, group.GatesForDevice());
    }

    /// <summary>
    /// Why the kernel cannot step <paramref name="group"/> (one sentence naming the population and the feature), or null: a gate
    /// kinetics or function form it does not know, or any setting of the spec, a channel, a gate or a function beyond those it
    /// steps (a feature added to the CPU model after the kernel) that is not at its default.
    /// </summary>
    public static string? Unsupported(HodgkinHuxleyGroup group)
    {
        var spec = (HodgkinHuxleyNeuronSpec)group.Model;
        string Refuse(string feature) => $"Population \"{group.Name}\" uses {feature}, which --device gpu does not step yet; use --device cpu.";
        var defaults = new HodgkinHuxleyNeuronSpec();
        foreach (var p in typeof(HodgkinHuxleyNeuronSpec).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!KnownSpec.Contains(p.Name) && !Same(p.GetValue(spec), p.GetValue(defaults))) return Refuse($"the hh setting {Json(p.Name)}");
        }
        foreach (var c in spec.Channels)
        {
            if (Extra(c, KnownChannel) is { } extra) return Refuse($"{Json(extra)} on channel '{c.Name}'");
            foreach (var g in c.Gates)
            {
                string gate = $"gate '{c.Name}_{g.Name}'";
                if (g.Kinetics is not (GateKinetics.Rates or GateKinetics.TauInf or GateKinetics.RatesInf or GateKinetics.RatesTau or GateKinetics.Instantaneous))
                    return Refuse($"{Json(g.Kinetics.ToString())} kinetics in {gate}");
                if (Extra(g, KnownGate) is { } gateExtra) return Refuse($"{Json(gateExtra)} in {gate}");
                foreach (var f in new[] { g.Alpha, g.Beta, g.Tau, g.Inf })
                {
                    if (f is null) continue;
                    if (f.Form is not (VoltageFunctionForm.Exp or VoltageFunctionForm.Sigmoid or VoltageFunctionForm.ExpLinear or VoltageFunctionForm.Constant))
                        return Refuse($"the {Json(f.Form.ToString())} function form in {gate}");
                    if (Extra(f, KnownFunction) is { } fnExtra) return Refuse($"{Json(fnExtra)} in a function of {gate}");
                }
            }
        }
        return null;
    }

    private static readonly HashSet<string> KnownSpec =
    [
        nameof(HodgkinHuxleyNeuronSpec.CapacitancePf), nameof(HodgkinHuxleyNeuronSpec.Channels), nameof(HodgkinHuxleyNeuronSpec.SpikeThresholdMv),
        nameof(HodgkinHuxleyNeuronSpec.RefractoryMs), nameof(HodgkinHuxleyNeuronSpec.InitialMv), nameof(HodgkinHuxleyNeuronSpec.TauExcMs),
        nameof(HodgkinHuxleyNeuronSpec.TauInhMs), nameof(HodgkinHuxleyNeuronSpec.RiseExcMs), nameof(HodgkinHuxleyNeuronSpec.RiseInhMs),
        nameof(HodgkinHuxleyNeuronSpec.ExcReversalMv), nameof(HodgkinHuxleyNeuronSpec.InhReversalMv), nameof(HodgkinHuxleyNeuronSpec.GateCount),
        // Read only by Nernst and GHK reversals, which a channel's own check refuses.
        nameof(HodgkinHuxleyNeuronSpec.TemperatureCelsius),
    ];

    internal static readonly HashSet<string> KnownChannel =
        [nameof(IonChannelSpec.Name), nameof(IonChannelSpec.ConductanceNs), nameof(IonChannelSpec.ReversalMv), nameof(IonChannelSpec.Gates)];

    private static readonly HashSet<string> KnownGate =
    [
        nameof(GateSpec.Name), nameof(GateSpec.Power), nameof(GateSpec.Kinetics), nameof(GateSpec.Alpha), nameof(GateSpec.Beta), nameof(GateSpec.Tau),
        nameof(GateSpec.Inf), nameof(GateSpec.RateFactor), nameof(GateSpec.UsesRates), nameof(GateSpec.UsesTau), nameof(GateSpec.UsesInf),
        // q10 acts only when the temperature changes in time, which GpuBackend refuses; at one temperature RateFactor holds it.
        nameof(GateSpec.Q10),
    ];

    private static readonly HashSet<string> KnownFunction =
        [nameof(VoltageFunction.Form), nameof(VoltageFunction.Rate), nameof(VoltageFunction.MidpointMv), nameof(VoltageFunction.ScaleMv)];

    /// <summary>The first public property of <paramref name="x"/> outside <paramref name="known"/> that is set (not null, 0, false or empty), or null.</summary>
    internal static string? Extra(object x, HashSet<string> known)
    {
        foreach (var p in x.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (known.Contains(p.Name) || p.GetIndexParameters().Length > 0) continue;
            object? v = p.GetValue(x);
            bool unset = v is null || (v is System.Collections.IEnumerable e and not string ? !e.GetEnumerator().MoveNext()
                : p.PropertyType.IsValueType && v.Equals(Activator.CreateInstance(p.PropertyType)));
            if (!unset) return p.Name;
        }
        return null;
    }

    private static bool Same(object? a, object? b) =>
        Equals(a, b) || (a is System.Collections.IEnumerable x and not string && b is System.Collections.IEnumerable y && x.Cast<object?>().SequenceEqual(y.Cast<object?>()));

    /// <summary>A property name as the network file spells it (camelCase).</summary>
    private static string Json(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Device bytes beyond the generic state of a population (DeviceMemory): the gates (4 B a neuron each) and the description.</summary>
    public static long Bytes(HodgkinHuxleyGroup group)
    {
        int channels = group.ChannelsForDevice().Length, gates = group.GateArrays.Length;
        return MemoryBudget.Plus(MemoryBudget.Times(group.Count, gates, sizeof(float)), (long)(4 * channels + (GateInts + GateFloats) * gates + 4) * sizeof(float));
    }

    /// <summary>
    /// The view and constants of a step (the engine takes no live edit on a device: the description uploaded at the build holds).
    /// </summary>
    public (HhView View, HhConstants Constants) For(GroupView generic)
    {
        var k = _group.StepForDevice;
        var (exc, inh) = _group.Rises;
        int n = _group.Count, tail = n % HodgkinHuxleyGroup.ChunkNeurons;
        var view = _state with
        {
            Current = generic.Current, LastSpike = generic.LastSpike, Spiked = generic.Spiked,
            ChannelF = _channelF.View, ChannelI = _channelI.View, GateF = _gateF.View, GateI = _gateI.View,
        };
        var constants = new HhConstants
        {
            Count = n, Channels = _channels, GateCount = _group.GateArrays.Length, RefractorySteps = k.RefractorySteps,
            ScalarExpFrom = tail is > 0 and < 4 ? n - tail : n,
            MinusDtOverC = k.MinusDtOverC, PassiveG = k.PassiveG, PassiveGE = k.PassiveGE, Threshold = k.Threshold, Ee = k.Ee, Ei = k.Ei,
            Decay = ConductanceDecay.Of(k.De, k.Di, exc, inh),
        };
        return (view, constants);
    }

    public void Dispose()
    {
        _channelF.Dispose();
        _channelI.Dispose();
        _gateF.Dispose();
        _gateI.Dispose();
    }

    private static (MemoryBuffer1D<float, Stride1D.Dense>, MemoryBuffer1D<int, Stride1D.Dense>,
        MemoryBuffer1D<float, Stride1D.Dense>, MemoryBuffer1D<int, Stride1D.Dense>) Describe(Accelerator accelerator, HodgkinHuxleyGroup.DeviceChannel[] channels,
        HodgkinHuxleyGroup.DeviceGate[] gates)
    {
        var channelF = new float[Math.Max(1, 2 * channels.Length)];
        var channelI = new int[Math.Max(1, 2 * channels.Length)];
        for (int c = 0; c < channels.Length; c++)
        {
            var ch = channels[c];
            (channelF[2 * c], channelF[2 * c + 1]) = (ch.Conductance, ch.Reversal);
            (channelI[2 * c], channelI[2 * c + 1]) = (ch.FirstGate, ch.GateCount);
        }
        var gateF = new float[Math.Max(1, GateFloats * gates.Length)];
        var gateI = new int[Math.Max(1, GateInts * gates.Length)];
        for (int j = 0; j < gates.Length; j++)
        {
            var q = gates[j];
            gateI[GateInts * j] = q.Power;
            gateI[GateInts * j + 1] = (int)q.Kinetics;
            gateF[GateFloats * j] = q.DtFactor;
            var fns = new[] { q.Alpha, q.Beta, q.Tau, q.Inf };
            for (int f = 0; f < 4; f++)
            {
                gateI[GateInts * j + 2 + f] = (int)fns[f].Form;
                gateF[GateFloats * j + 1 + 3 * f] = fns[f].Rate;
                gateF[GateFloats * j + 2 + 3 * f] = fns[f].InvScale;
                gateF[GateFloats * j + 3 + 3 * f] = fns[f].Offset;
            }
        }
        return (Upload(accelerator, channelF), Upload(accelerator, channelI), Upload(accelerator, gateF), Upload(accelerator, gateI));
    }

    private static MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(Accelerator accelerator, T[] host) where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(host.Length);
        buffer.View.CopyFromHost(host);
        return buffer;
    }

    /// <summary>
    /// One neuron's step (HodgkinHuxleyGroup.IntegrateChunk): G and sum g E (+ I) from the start-of-step values, each gate
    /// x' = inf + (x - inf) exp(-dt / tau) at the start-of-step v, v' = v_inf + (v - v_inf) exp(-dt G / C), the conductances decay
    /// (and take their rise states), and a spike where v crosses the threshold upwards outside the refractory period.
    /// </summary>
    public static void Step<TExp>(Index1D i, HhView s, HhConstants k, int step) where TExp : struct, IExpForm
    {
        int n = k.Count;
        bool scalar = i >= k.ScalarExpFrom;
        float v = s.V[i], exc = s.Ge[i], inh = s.Gi[i];
        float g = exc + k.PassiveG;
        g += inh;
        float ge = exc * k.Ee + s.Current[i];
        ge = inh * k.Ei + ge;
        ge += k.PassiveGE;
        for (int c = 0; c < k.Channels; c++)
        {
            float t = s.ChannelF[2 * c];
            int first = s.ChannelI[2 * c], last = first + s.ChannelI[2 * c + 1];
            for (int j = first; j < last; j++)
            {
                float x = s.Gates[j * n + i];
                int power = s.GateI[GateInts * j];
                for (int p = 0; p < power; p++) t *= x;
            }
            g += t;
            ge = t * s.ChannelF[2 * c + 1] + ge;
        }
        for (int j = 0; j < k.GateCount; j++)
        {
            int at = j * n + i, kinetics = s.GateI[GateInts * j + 1];
            float dtFactor = s.GateF[GateFloats * j];
            float inf, decay;
            if (kinetics == (int)GateKinetics.Instantaneous)
            {
                s.Gates[at] = Function<TExp>(s, j, 3, v, scalar);
                continue;
            }
            if (kinetics == (int)GateKinetics.TauInf)
            {
                inf = Function<TExp>(s, j, 3, v, scalar);
                decay = Exp<TExp>(-dtFactor / Function<TExp>(s, j, 2, v, scalar), scalar);
            }
            else
            {
                float a = Function<TExp>(s, j, 0, v, scalar), b = Function<TExp>(s, j, 1, v, scalar);
                float sum = a + b;
                if (kinetics == (int)GateKinetics.RatesInf)
                {
                    decay = Exp<TExp>(sum * -dtFactor, scalar);
                    inf = Function<TExp>(s, j, 3, v, scalar);
                }
                else
                {
                    inf = a / sum;
                    decay = kinetics == (int)GateKinetics.RatesTau
                        ? Exp<TExp>(-dtFactor / Function<TExp>(s, j, 2, v, scalar), scalar)
                        : Exp<TExp>(sum * -dtFactor, scalar);
                }
            }
            float diff = s.Gates[at] - inf;
            s.Gates[at] = diff * decay + inf;
        }
        float vInf = ge / g;
        float now = vInf + (v - vInf) * Exp<TExp>(g * k.MinusDtOverC, scalar);
        s.V[i] = now;
        NeuronKernels.DecayAndRise(i, new ConductanceView { Ge = s.Ge, Gi = s.Gi, RiseE = s.RiseE, RiseI = s.RiseI }, k.Decay, exc, inh);
        if (v <= k.Threshold && now > k.Threshold && step - s.LastSpike[i] >= k.RefractorySteps)
        {
            NeuronKernels.Mark(s.Spiked, i);
            s.LastSpike[i] = step;
        }
    }

    /// <summary>
    /// Function f (0 alpha, 1 beta, 2 tau, 3 inf) of gate j at v (HodgkinHuxleyGroup.Fn.Evaluate): Rate exp(x), Rate / (1 + exp(-x)),
    /// Rate x / (1 - exp(-x)) (its series below |x| = 0.3) or Rate, x = v / scale + offset, every exponent capped at 80.
    /// </summary>
    private static float Function<TExp>(HhView s, int j, int f, float v, bool scalar) where TExp : struct, IExpForm
    {
        int form = s.GateI[GateInts * j + 2 + f];
        int o = GateFloats * j + 1 + 3 * f;
        float rate = s.GateF[o], invScale = s.GateF[o + 1], offset = s.GateF[o + 2];
        if (form == (int)VoltageFunctionForm.Exp)
        {
            float d = v * invScale;
            d += offset;
            return Exp<TExp>(MathF.Min(d, 80f), scalar) * rate;
        }
        if (form == (int)VoltageFunctionForm.Sigmoid)
        {
            float d = v * -invScale;
            d += -offset;
            d = Exp<TExp>(MathF.Min(d, 80f), scalar);
            d += 1f;
            return rate / d;
        }
        if (form == (int)VoltageFunctionForm.ExpLinear)
        {
            float x = v * invScale;
            x += offset;
            float e = Exp<TExp>(MathF.Min(x * -1f, 80f), scalar);
            float x2 = x * x;
            return rate * (MathF.Abs(x) < 0.3f ? 1 + 0.5f * x + x2 * (1f / 12 + x2 * (-1f / 720 + x2 * (1f / 30240))) : x / (1 - e));
        }
        return rate;
    }

    /// <summary>e^x as TensorPrimitives.Exp takes it: one by one (MathF.Exp) in a chunk of fewer than 4 neurons, else its vector algorithm.</summary>
    private static float Exp<TExp>(float x, bool scalar) where TExp : struct, IExpForm => scalar ? MathF.Exp(x) : default(TExp).Exp(x);
}

/// <summary>How a kernel takes TensorPrimitives.Exp's vector algorithm: with fused multiply-adds (the CPU's, where FMA exists) or not.</summary>
internal interface IExpForm
{
    float Exp(float x);
}

/// <summary>
/// TensorPrimitives.Exp's vector algorithm for floats (.NET 10's VectorMath.ExpSingle, after AMD's vrs4_expf): in double,
/// x / ln 2 = n + r with n an integer, 2^r by a degree-5 polynomial in r evaluated with fused multiply-adds (MultiplyAddEstimate
/// on a CPU with FMA), n added to the exponent's bits, rounded to float; above 88.72284 +inf, below -103.97208 0. On the CPU
/// accelerator bit for bit TensorPrimitives.Exp (tested on a million arguments).
/// </summary>
internal readonly struct FusedExp : IExpForm
{
    public float Exp(float x) => ExpSingle.Fused(x);
}

/// <summary>The same algorithm without fused multiply-adds (a CPU without FMA; and a GPU, whose compiler is free to fuse them).</summary>
internal readonly struct PlainExp : IExpForm
{
    public float Exp(float x) => ExpSingle.Plain(x);
}

internal static class ExpSingle
{
    private const double Huge = 6755399441055744, InvLn2 = 1.4426950408889634;
    private const double C1 = 1.0000000754895704, C2 = 0.6931472254087585, C3 = 0.2402210737432219, C4 = 0.05550297297702539, C5 = 0.009676036358193323,
        C6 = 0.001341000536524434;

    /// <summary>With fused multiply-adds (Math.FusedMultiplyAdd).</summary>
    public static float Fused(float xf)
    {
        if (xf > 88.72284f) return float.PositiveInfinity;
        if (xf < -103.97208f) return 0f;
        double z = xf * InvLn2;
        double dn = z + Huge;
        ulong n = Interop.FloatAsInt(dn);
        double r = z - (dn - Huge);
        double r2 = r * r, r4 = r2 * r2;
        double poly = Math.FusedMultiplyAdd(r4, Math.FusedMultiplyAdd(C6, r, C5), Math.FusedMultiplyAdd(r2, Math.FusedMultiplyAdd(C4, r, C3), Math.FusedMultiplyAdd(C2, r, C1)));
        return (float)Interop.IntAsFloat(Interop.FloatAsInt(poly) + (n << 52));
    }

    /// <summary>Each multiply-add rounded twice (no Math.FusedMultiplyAdd in the kernel: a GPU's compiler gets plain operations).</summary>
    public static float Plain(float xf)
    {
        if (xf > 88.72284f) return float.PositiveInfinity;
        if (xf < -103.97208f) return 0f;
        double z = xf * InvLn2;
        double dn = z + Huge;
        ulong n = Interop.FloatAsInt(dn);
        double r = z - (dn - Huge);
        double r2 = r * r, r4 = r2 * r2;
        double poly = r4 * (C6 * r + C5) + (r2 * (C4 * r + C3) + (C2 * r + C1));
        return (float)Interop.IntAsFloat(Interop.FloatAsInt(poly) + (n << 52));
    }
}
