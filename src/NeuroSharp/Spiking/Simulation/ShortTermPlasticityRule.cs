namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Tsodyks-Markram short-term plasticity (docs/spiking-short-term-plasticity.md): each source keeps u, x and
/// the step of its last spike; a spike relaxes u and x since then, u += U (1 - u), r = u x, x -= r, and
/// every synapse of the source delivers w r. Acts in Deliver, also while learning is off.
/// </summary>
internal sealed class ShortTermPlasticityRule : PlasticityRule
{
    private readonly float[] _u, _x;
    private readonly int[] _last;
    private readonly double _uIncrement, _tauRecMs, _tauFacMs, _dtMs;
    private readonly int _sites;

    /// <summary>Binds the per-source state for <paramref name="sourceCount"/> sources.</summary>
    public ShortTermPlasticityRule(ShortTermPlasticitySpec spec, int sourceCount, double dtMs)
    {
        (_uIncrement, _tauRecMs, _tauFacMs, _dtMs, _sites) = (spec.U, spec.TauRecMs, spec.TauFacMs, dtMs, spec.Sites);
        _u = new float[sourceCount];
        _x = new float[sourceCount];
        _last = new int[sourceCount];
        Reset();
    }

    /// <summary>Each source's u (for a device backend, which keeps its own copy between resets).</summary>
    internal float[] U => _u;

    /// <summary>Each source's x.</summary>
    internal float[] X => _x;

    /// <summary>The step of each source's last spike (int.MinValue: none yet).</summary>
    internal int[] Last => _last;

    /// <summary>U, tau_rec, tau_fac (0: no facilitation) and dt, as the rule computes with them.</summary>
    internal (double UIncrement, double TauRecMs, double TauFacMs, double DtMs) Constants => (_uIncrement, _tauRecMs, _tauFacMs, _dtMs);

    /// <summary>Release sites per synapse: 0 for the deterministic rule, n &gt;= 1 when <see cref="SpikeSites"/> gives u and the recovery to <see cref="SynapticRelease"/>.</summary>
    internal int Sites => _sites;

    /// <inheritdoc />
    public override IReadOnlyList<string> Reads { get; } = ["source spikes"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Updates { get; } = ["u", "x", "delivered scale r"];

    /// <inheritdoc />
    public override bool Learns => false;

    public override void VisitState(StateVisitor visitor)
    {
        visitor.Values("u", _u.AsSpan());
        visitor.Values("x", _x.AsSpan());
        visitor.Values("lastSpike", _last.AsSpan());
    }

    /// <inheritdoc />
    public override void Reset()
    {
        Array.Clear(_u);
        Array.Fill(_x, 1f);
        Array.Fill(_last, int.MinValue);
    }

    /// <summary>The spikes <paramref name="spikes"/> (distinct sources) act at step <paramref name="step"/>: <paramref name="scales"/>[k] = r of spikes[k].</summary>
    public void Spike(ReadOnlySpan<int> spikes, int step, Span<float> scales)
    {
        for (int k = 0; k < spikes.Length; k++)
        {
            int s = spikes[k];
            double u = _u[s], x = _x[s];
            if (_last[s] != int.MinValue)
            {
                double elapsed = (step - _last[s]) * _dtMs;
                u = _tauFacMs > 0 ? u * Math.Exp(-elapsed / _tauFacMs) : 0;
                x = 1 - (1 - x) * Math.Exp(-elapsed / _tauRecMs);
            }
            u += _uIncrement * (1 - u);
            double r = u * x;
            _u[s] = (float)u;
            _x[s] = (float)(x - r);
            _last[s] = step;
            scales[k] = (float)r;
        }
    }

    /// <summary>
    /// The stochastic rule's per-source part (sites &gt;= 1): the spikes <paramref name="spikes"/> act at step <paramref name="step"/>;
    /// <paramref name="release"/>[k] is u after its increment (the release probability of each full site) and <paramref name="recover"/>[k]
    /// is 1 - exp(-Delta / tau_rec), the probability that an empty site refilled since the source's last spike (0 at its first).
    /// </summary>
    public void SpikeSites(ReadOnlySpan<int> spikes, int step, Span<float> release, Span<float> recover)
    {
        for (int k = 0; k < spikes.Length; k++)
        {
            int s = spikes[k];
            double u = _u[s], refill = 0;
            if (_last[s] != int.MinValue)
            {
                double elapsed = (step - _last[s]) * _dtMs;
                u = _tauFacMs > 0 ? u * Math.Exp(-elapsed / _tauFacMs) : 0;
                refill = 1 - Math.Exp(-elapsed / _tauRecMs);
            }
            u += _uIncrement * (1 - u);
            _u[s] = (float)u;
            _last[s] = step;
            release[k] = (float)u;
            recover[k] = (float)refill;
        }
    }
}
