using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// GLIF population (<see cref="GlifNeuronSpec"/>), NEST's glif_psc update step for step, with U = V - E_L:
/// <code>
/// (not refractory)  theta_s *= exp(-b_s dt)                                              (R)
///                   I_asc = sum_j I_j (1 - exp(-k_j dt)) / (k_j dt);  I_j *= exp(-k_j dt)   (ASC: the step's mean)
///                   U' = U P33 + (I_ext + I_asc) P30 + sum_p (P31_p y1_p + P32_p y2_p)
///                   U' &gt; theta_inf + theta_s -&gt; spike: I_j = A_j + r_j I_j exp(-k_j t_ref);
///                         U' = V_reset - E_L, or (R) f_v U + delta_v and theta_s = theta_s exp(-b_s t_ref) + a_s
/// (refractory)      U held
///                   (A) theta_v = Q_v (U - beta) + D_v theta_v + R_v beta,  beta = (I_ext + I_asc) / g; the crossing compares
///                   U' with theta_inf + theta_s + theta_v
/// (always)          y2_p = dt P11_p y1_p + P11_p y2_p;  y1_p *= P11_p    (port p's alpha current y2, peak w at t = tau_p)
/// </code>
/// With conductance ports (NEST's glif_cond) y2_p is port p's conductance g_p and U' comes instead from integrating
/// C dU/dt = -g U - sum_p g_p(t) (U - (E_p - E_L)) + I_ext + I_asc(previous step) over the step by RK4 (GlifGroup.Conductance.cs),
/// before the threshold and ASC bookkeeping, as NEST's glif_cond does.
/// with U' summing P31_p y1_p + P32_p y2_p over the ports. A spike of weight w delivered for a step adds +-w e / tau_p (by its
/// receptor) to its port's y1 before the step (NEST adds it at the end of the step before).
/// The membrane and currents are propagated exactly (P33 = exp(-dt g / C), P30 = (1 - P33) / g, P31 and P32 the alpha current's
/// exact effect over a step). The reset happens here, in the step that crossed, because the R reset needs U before the step.
/// </summary>
internal sealed partial class GlifGroup : NeuronGroup
{
    private readonly GlifNeuronSpec _spec;
    private readonly int _asc;
    private readonly float _el, _thInf, _resetRel, _p33Loss, _p30;
    private readonly int _ports;
    private readonly float[] _p11, _p21, _p31, _p32, _in;
    private readonly float[][] _exc, _inh, _y1, _y2;
    private readonly float _thLoss, _thRefDecay, _thAdd, _fraction, _resetAdd;
    private readonly float[] _ascLoss, _ascMean, _ascKeep, _ascAmps;
    private readonly int _refractorySteps;
    private readonly bool _r, _a, _cond;
    private readonly float _thvIn, _thvLoss, _thvBeta, _invLeak;

    public GlifGroup(string name, int index, int count, GlifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        _asc = spec.AscCount;
        double h = dtMs, tau = spec.CapacitancePf / spec.LeakNs;
        _el = (float)spec.RestMv;
        _thInf = (float)(spec.ThresholdMv - spec.RestMv);
        _resetRel = (float)(spec.ResetMv - spec.RestMv);
        double p33 = Math.Exp(-h / tau);
        // Every per-step decay close to 1 (P33, theta_s's, theta_v's, the after-spike currents') is held as its loss,
        // x -= x (1 - d): a factor d rounded to float is off by up to 3e-8 relative, a bias that compounds over 10^4 steps
        // (dt = 0.01 ms) into spikes 0.02 - 0.08 ms off NEST's; the loss in float is off by 3e-8 of itself only
        // (docs/spiking-glif.md, "Against NEST's test suite").
        _p33Loss = (float)-double.ExpM1(-h / tau);
        _p30 = (float)((1 - p33) * tau / spec.CapacitancePf);
        _ports = spec.SynapseTausMs.Count;
        (_p11, _p21, _p31, _p32, _in) = (new float[_ports], new float[_ports], new float[_ports], new float[_ports], new float[_ports]);
        for (int p = 0; p < _ports; p++) (_p11[p], _p21[p], _p31[p], _p32[p], _in[p]) = Alpha(spec.SynapseTausMs[p], tau, spec.CapacitancePf, h);
        // Port 1's arrivals go to the group's own channels (Ge, Gi); the other ports have their own.
        _exc = [Ge, .. Enumerable.Range(1, _ports - 1).Select(_ => new float[count])];
        _inh = [Gi, .. Enumerable.Range(1, _ports - 1).Select(_ => new float[count])];
        _y1 = [.. Enumerable.Range(0, _ports).Select(_ => new float[count])];
        _y2 = [.. Enumerable.Range(0, _ports).Select(_ => new float[count])];
        _r = spec.SpikeDependentThreshold;
        // NEST's t_ref in whole steps (Time::get_steps rounds to the nearest step).
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        if (_r)
        {
            _thLoss = (float)-double.ExpM1(-spec.ThresholdSpikeDecayPerMs * h);
            _thRefDecay = (float)Math.Exp(-spec.ThresholdSpikeDecayPerMs * spec.RefractoryMs);
            _thAdd = (float)spec.ThresholdSpikeAddMv;
            _fraction = (float)spec.VoltageResetFraction;
            _resetAdd = (float)spec.VoltageResetAddMv;
        }
        _a = spec.AdaptingThreshold;
        if (_a) (_thvIn, _thvLoss, _thvBeta) = VoltageThreshold(spec.ThresholdVoltageIndexPerMs, spec.ThresholdVoltageDecayPerMs, 1 / tau, h);
        _invLeak = (float)(1 / spec.LeakNs);
        _cond = spec.ConductancePorts;
        if (_cond) (_erevRel, _condSubsteps, _halfDecay) = ConductancePorts(spec, h);
        else (_erevRel, _halfDecay) = ([], []);
        _ascLoss = new float[_asc];
        _ascMean = new float[_asc];
        _ascKeep = new float[_asc];
        _ascAmps = new float[_asc];
        for (int j = 0; j < _asc; j++)
        {
            double k = spec.AscDecayPerMs[j], decay = Math.Exp(-k * h);
            _ascLoss[j] = (float)-double.ExpM1(-k * h); // the loss per step, as for P33 above
            _ascMean[j] = (float)((1 - decay) / (k * h));
            _ascKeep[j] = (float)((spec.AscRetain.Count > 0 ? spec.AscRetain[j] : 1) * Math.Exp(-k * spec.RefractoryMs));
            _ascAmps[j] = (float)spec.AscAmpsPa[j];
        }
        V = new float[count];
        ThetaS = new float[count];
        ThetaV = new float[count];
        AscSum = new float[count];
        Asc = new float[count * _asc];
        SynapticCurrent = new float[count];
        RefractoryLeft = new int[count];
    }

    /// <inheritdoc/>
    public override float[] InputChannel(Receptor receptor) => InputChannel(receptor, 1);

    /// <summary>Port <paramref name="port"/>'s arrivals of one sign (0 is port 1).</summary>
    public override float[] InputChannel(Receptor receptor, int port)
    {
        int p = Math.Max(port, 1) - 1;
        return receptor == Receptor.Excitatory ? _exc[p] : _inh[p];
    }

    /// <summary>
    /// One alpha channel's propagators: P11 = exp(-dt/tau_s), P21 = dt P11, P31 and P32 the effect of y1 and y2 on U over a step
    /// (exact for the linear membrane), and e / tau_s, the y1 of a unit weight.
    /// </summary>
    internal static (float P11, float P21, float P31, float P32, float Input) Alpha(double tauS, double tauM, double c, double h)
    {
        double p11 = Math.Exp(-h / tauS);
        var (p31, p32) = Propagators(tauS, tauM, c, h);
        return ((float)p11, (float)(h * p11), (float)p31, (float)p32, (float)(Math.E / tauS));
    }

    /// <summary>
    /// P31 = e^(-h/tau_m) (1 - e^(-a h)(1 + a h)) / (C a^2) and P32 = e^(-h/tau_m) (1 - e^(-a h)) / (C a), a = 1/tau_s - 1/tau_m,
    /// with their limits h^2/2 and h (times e^(-h/tau_m) / C) as a h goes to 0.
    /// </summary>
    internal static (double P31, double P32) Propagators(double tauS, double tauM, double c, double h)
    {
        double a = 1 / tauS - 1 / tauM, x = a * h, em = Math.Exp(-h / tauM) / c;
        if (Math.Abs(x) < 1e-6) return (em * h * h * (0.5 - x / 3), em * h * (1 - x / 2));
        double oneMinus = -double.ExpM1(-x); // 1 - e^(-x)
        return (em * (oneMinus - x * Math.Exp(-x)) / (a * a), em * oneMinus / a);
    }

    /// <summary>
    /// The voltage component's step over one dt (NEST's exact solution of d theta_v/dt = a_v U - b_v theta_v along the membrane's own
    /// relaxation U(t) = beta + (U_0 - beta) exp(-k t), k = g / C): theta_v' = Q (U_0 - beta) + D theta_v + R beta with
    /// Q = a_v (exp(-k h) - exp(-b_v h)) / (b_v - k) (its limit a_v h exp(-k h) as b_v nears k), D = exp(-b_v h), R = a_v (1 - D) / b_v.
    /// </summary>
    internal static (float Q, float Loss, float R) VoltageThreshold(double av, double bv, double k, double h)
    {
        double x = (bv - k) * h;
        double ratio = Math.Abs(x) < 1e-8 ? 1 - x / 2 : -double.ExpM1(-x) / x; // (1 - e^(-x)) / x
        return ((float)(av * h * Math.Exp(-k * h) * ratio), (float)-double.ExpM1(-bv * h), (float)(av / bv * -double.ExpM1(-bv * h)));
    }

    public float[] V { get; }

    /// <summary>theta_v, the threshold's voltage component in mV (0 without A).</summary>
    public float[] ThetaV { get; }

    /// <summary>theta_s, the threshold's spike component in mV (0 without R).</summary>
    public float[] ThetaS { get; }

    /// <summary>The after-spike currents' sum over the last step in pA.</summary>
    public float[] AscSum { get; }

    /// <summary>The after-spike currents, neuron-major (neuron i's j-th at i * AscCount + j).</summary>
    public float[] Asc { get; }

    /// <summary>The ports' alpha currents summed (NEST's I_syn) in pA, after the last step; with conductance ports, sum_p g_p (E_p - V).</summary>
    public float[] SynapticCurrent { get; }

    /// <summary>Steps left in which V is held.</summary>
    public int[] RefractoryLeft { get; }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("thetaS", ThetaS.AsSpan());
        visitor.Values("thetaV", ThetaV.AsSpan());
        visitor.Values("ascSum", AscSum.AsSpan());
        visitor.Values("asc", Asc.AsSpan());
        visitor.Each("exc", _exc);
        visitor.Each("inh", _inh);
        visitor.Each("y1", _y1);
        visitor.Each("y2", _y2);
        visitor.Values("synapticCurrent", SynapticCurrent.AsSpan());
        visitor.Values("refractoryLeft", RefractoryLeft.AsSpan());
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Array.Clear(ThetaS);
        Array.Clear(ThetaV);
        Array.Clear(AscSum); // glif_cond's first step sees NEST's initial ASC sum, 0
        for (int i = 0; i < Count; i++)
        {
            for (int j = 0; j < _asc; j++) Asc[i * _asc + j] = _spec.AscInitPa.Count > 0 ? (float)_spec.AscInitPa[j] : 0f;
        }
        for (int p = 0; p < _ports; p++)
        {
            Array.Clear(_exc[p]);
            Array.Clear(_inh[p]);
            Array.Clear(_y1[p]);
            Array.Clear(_y2[p]);
        }
        Array.Clear(SynapticCurrent);
        Array.Clear(RefractoryLeft);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var v = V;
        var current = Current;
        var asc = Asc;
        Span<float> scratch = _cond ? stackalloc float[4 * _ports] : [];
        int n = 0;
        for (int i = start; i < end; i++)
        {
            // This step's arrivals (NEST adds a spike to y1 at the end of the step before the one it acts in), and the
            // ports' effect on U over the step from their values at its start.
            float synaptic = 0;
            for (int p = 0; p < _ports; p++)
            {
                // Current ports take the receptor's sign; conductance ports add the magnitude (E_rev gives the effect).
                float arriving = _cond ? _exc[p][i] + _inh[p][i] : _exc[p][i] - _inh[p][i];
                float y1 = _y1[p][i] + _in[p] * arriving;
                _exc[p][i] = 0;
                _inh[p][i] = 0;
                _y1[p][i] = y1;
                if (!_cond) synaptic += _p31[p] * y1 + _p32[p] * _y2[p][i];
            }
            float uOld = v[i] - _el;
            bool refractory = RefractoryLeft[i] > 0;
            // glif_cond integrates the membrane first, with the ASC mean of the previous step (NEST's order); V is held while refractory.
            float uCond = _cond && !refractory ? ConductanceStep(i, uOld, current[i] + AscSum[i], scratch) : uOld;
            if (refractory)
            {
                RefractoryLeft[i]--;
            }
            else
            {
                float theta = ThetaS[i];
                if (_r) theta -= theta * _thLoss;
                float ascSum = 0;
                int o = i * _asc;
                for (int j = 0; j < _asc; j++)
                {
                    ascSum += _ascMean[j] * asc[o + j];
                    asc[o + j] -= asc[o + j] * _ascLoss[j];
                }
                AscSum[i] = ascSum;
                float u = _cond ? uCond : uOld - uOld * _p33Loss + (current[i] + ascSum) * _p30 + synaptic;
                float thetaV = ThetaV[i];
                if (_a)
                {
                    float beta = (current[i] + ascSum) * _invLeak;
                    thetaV = _thvIn * (uOld - beta) + (thetaV - _thvLoss * thetaV) + _thvBeta * beta;
                    ThetaV[i] = thetaV;
                }
                if (u > _thInf + theta + thetaV)
                {
                    spiked[n++] = i;
                    RefractoryLeft[i] = _refractorySteps;
                    for (int j = 0; j < _asc; j++) asc[o + j] = _ascAmps[j] + asc[o + j] * _ascKeep[j];
                    if (_r)
                    {
                        u = _fraction * uOld + _resetAdd;
                        theta = theta * _thRefDecay + _thAdd;
                    }
                    else
                    {
                        u = _resetRel;
                    }
                }
                ThetaS[i] = theta;
                v[i] = u + _el;
            }
            float total = 0, uNow = v[i] - _el;
            for (int p = 0; p < _ports; p++)
            {
                float y1 = _y1[p][i], y2 = _p21[p] * y1 + _p11[p] * _y2[p][i];
                _y2[p][i] = y2;
                _y1[p][i] = y1 * _p11[p];
                total += _cond ? y2 * (_erevRel[p] - uNow) : y2;
            }
            SynapticCurrent[i] = total;
        }
        return n;
    }

    /// <summary>Nothing: the reset was done in the step that crossed (it needs V before the step).</summary>
    public override void ApplyReset(int step)
    {
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "thetaS" => ThetaS,
        "thetaV" => ThetaV,
        "asc" => AscSum,
        "isyn" => SynapticCurrent,
        _ => null,
    };
}
