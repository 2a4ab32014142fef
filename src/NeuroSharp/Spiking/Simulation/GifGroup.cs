using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// GIF population (<see cref="GifNeuronSpec"/>, docs/spiking-gif.md). One step, for each neuron not refractory:
/// <code>
/// g = g_L + g_e + g_i,   V_inf = (g_L E_L + g_e E_e + g_i E_i + I - eta) / g
/// V' = V_inf + (V - V_inf) exp(-dt g / C)                  (exponential Euler: g_e, g_i, I, eta held over the step)
/// eta_j' = eta_j exp(-dt / tau_eta_j),  gamma_j' = gamma_j exp(-dt / tau_gamma_j),  g_e' = g_e exp(-dt / tau_e), ...
/// V_T' = V_T* + sum_j gamma_j',  eta' = sum_j eta_j'
/// spike when u &lt; 1 - exp(-lambda_0 exp((V' - V_T') / Delta_V) dt),  u uniform in [0, 1)
/// </code>
/// then at a spike V = V_reset, eta_j += a_eta_j, gamma_j += a_gamma_j; for round(t_ref / dt) steps after it V stays at V_reset
/// and nothing is drawn (the kernels and conductances decay on). Each block of <see cref="NeuronGroup.BlockSize"/> neurons draws
/// its uniforms from its own stream forked from the run seed, one per active neuron per step in ascending order, so the spikes
/// do not depend on the thread count. The state is plain arrays: V, eta, V_T, the last spike step, and one array per kernel term.
/// </summary>
internal sealed class GifGroup : NeuronGroup
{
    private GifNeuronSpec _spec;
    private float _dtOverC, _gl, _el, _ee, _ei, _reset, _vtStar, _invSharpness, _de, _di;
    private double _lambda0, _dtSeconds;
    private int _refractorySteps;
    private float[] _etaDecay = [], _etaAmps = [], _gammaDecay = [], _gammaAmps = [];
    private readonly RandomStream[] _streams;

    public GifGroup(string name, int index, int count, GifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        SetConstants(spec, dtMs);
        V = new float[count];
        Eta = new float[count];
        Threshold = new float[count];
        LastSpike = new int[count];
        EtaTerms = new float[spec.EtaTausMs.Count][];
        for (int j = 0; j < EtaTerms.Length; j++) EtaTerms[j] = new float[count];
        GammaTerms = new float[spec.GammaTausMs.Count][];
        for (int j = 0; j < GammaTerms.Length; j++) GammaTerms[j] = new float[count];
        _streams = new RandomStream[BlockCountTotal];
    }

    /// <summary>Takes a new spec with kernels of the same lengths from the next step on; the state goes on. False (a rebuild) otherwise.</summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not GifNeuronSpec spec || spec.EtaTausMs.Count != _spec.EtaTausMs.Count || spec.GammaTausMs.Count != _spec.GammaTausMs.Count) return false;
        _spec = spec;
        SetConstants(spec, DtMs);
        Model = spec;
        return true;
    }

    private void SetConstants(GifNeuronSpec spec, double dtMs)
    {
        _dtOverC = (float)(dtMs / spec.CapacitancePf);
        _gl = (float)spec.LeakNs;
        _el = (float)spec.RestMv;
        _ee = (float)spec.ExcReversalMv;
        _ei = (float)spec.InhReversalMv;
        _reset = (float)spec.ResetMv;
        _vtStar = (float)spec.ThresholdStarMv;
        _invSharpness = (float)(1.0 / spec.SharpnessMv);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _lambda0 = spec.EscapeRateHz;
        _dtSeconds = dtMs / 1000.0;
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        _etaDecay = [.. spec.EtaTausMs.Select(t => Decay(t, dtMs))];
        _etaAmps = [.. spec.EtaAmpsPa.Select(a => (float)a)];
        _gammaDecay = [.. spec.GammaTausMs.Select(t => Decay(t, dtMs))];
        _gammaAmps = [.. spec.GammaAmpsMv.Select(a => (float)a)];
    }

    /// <summary>V in mV.</summary>
    public float[] V { get; }

    /// <summary>eta, the spike-triggered current in pA (the sum of <see cref="EtaTerms"/>).</summary>
    public float[] Eta { get; }

    /// <summary>V_T, the moving threshold in mV (V_T* plus the sum of <see cref="GammaTerms"/>).</summary>
    public float[] Threshold { get; }

    /// <summary>The step of each neuron's last spike (far in the past before the first).</summary>
    public int[] LastSpike { get; }

    /// <summary>eta_j per neuron in pA, one array per term.</summary>
    public float[][] EtaTerms { get; }

    /// <summary>gamma_j per neuron in mV, one array per term.</summary>
    public float[][] GammaTerms { get; }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("eta", Eta.AsSpan());
        visitor.Values("vt", Threshold.AsSpan());
        visitor.Values("lastSpike", LastSpike.AsSpan());
        visitor.Each("etaTerm", EtaTerms);
        visitor.Each("gammaTerm", GammaTerms);
        visitor.Streams("escape", _streams);
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Array.Clear(Eta);
        Array.Fill(Threshold, _vtStar);
        Array.Fill(LastSpike, int.MinValue / 2);
        foreach (var t in EtaTerms) Array.Clear(t);
        foreach (var t in GammaTerms) Array.Clear(t);
        for (int b = 0; b < _streams.Length; b++) _streams[b] = run.Fork((ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var v = V;
        var eta = Eta;
        var vt = Threshold;
        var ge = Ge;
        var gi = Gi;
        var current = Current;
        var last = LastSpike;
        float dtOverC = _dtOverC, gl = _gl, glEl = _gl * _el, ee = _ee, ei = _ei, de = _de, di = _di, vtStar = _vtStar, invSharpness = _invSharpness;
        int refractory = _refractorySteps;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            if (step - last[i] > refractory)
            {
                float g = gl + e + h;
                float vInf = (glEl + e * ee + h * ei + current[i] - eta[i]) / g;
                v[i] = vInf + (v[i] - vInf) * MathF.Exp(-dtOverC * g);
            }
            ge[i] = e * de;
            gi[i] = h * di;
        }

        // The kernels decay exactly; eta and V_T are their sums after the step (what a monitor records and the draw compares against).
        eta.AsSpan(start, end - start).Clear();
        for (int j = 0; j < EtaTerms.Length; j++)
        {
            var term = EtaTerms[j];
            float d = _etaDecay[j];
            for (int i = start; i < end; i++)
            {
                term[i] *= d;
                eta[i] += term[i];
            }
        }
        vt.AsSpan(start, end - start).Fill(vtStar);
        for (int j = 0; j < GammaTerms.Length; j++)
        {
            var term = GammaTerms[j];
            float d = _gammaDecay[j];
            for (int i = start; i < end; i++)
            {
                term[i] *= d;
                vt[i] += term[i];
            }
        }

        // Escape noise: one uniform per neuron out of its refractory period, in ascending order, from the block's stream.
        var rng = _streams[start / BlockSize];
        double lambda0 = _lambda0, dtSeconds = _dtSeconds;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (step - last[i] <= refractory) continue;
            // The exponent is capped so that lambda_0 = 0 gives 0 (not 0 x infinity) and a huge one saturates at probability 1.
            double lambda = lambda0 * Math.Exp(Math.Min(700.0, (v[i] - vt[i]) * invSharpness));
            double p = 1.0 - Math.Exp(-lambda * dtSeconds);
            if (rng.NextDouble() < p) spiked[n++] = i;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount))
        {
            V[i] = _reset;
            LastSpike[i] = step;
            float sum = 0;
            for (int j = 0; j < EtaTerms.Length; j++) sum += EtaTerms[j][i] += _etaAmps[j];
            Eta[i] = sum;
            float threshold = _vtStar;
            for (int j = 0; j < GammaTerms.Length; j++) threshold += GammaTerms[j][i] += _gammaAmps[j];
            Threshold[i] = threshold;
        }
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "eta" => Eta,
        "vt" => Threshold,
        "ge" => Ge,
        "gi" => Gi,
        _ => null,
    };
}
