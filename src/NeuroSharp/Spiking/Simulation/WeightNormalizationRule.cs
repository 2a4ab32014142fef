namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Weight normalisation (docs/spiking-homeostasis.md): the weights onto each target are scaled to sum to the
/// declared total, every <c>everySteps</c> steps in the Plasticity phase (after STDP) and on request.
/// </summary>
internal sealed class WeightNormalizationRule : PlasticityRule
{
    private readonly float[] _weights;
    private readonly IncomingColumns _columns;
    private readonly int _every;
    private readonly float _sum;

    /// <summary>Binds the projection's weights and incoming columns.</summary>
    public WeightNormalizationRule(WeightNormalizationSpec spec, float[] weights, IncomingColumns columns)
    {
        _weights = weights;
        _columns = columns;
        _every = spec.EverySteps;
        _sum = (float)spec.IncomingSum;
    }

    /// <summary>How often it runs in the Plasticity phase, in steps (0: only on request).</summary>
    public int EverySteps => _every;

    /// <summary>The sum of incoming weights each target is scaled to.</summary>
    public float IncomingSum => _sum;

    /// <inheritdoc />
    public override IReadOnlyList<string> Reads { get; } = ["w"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Updates { get; } = ["w"];

    public override void VisitState(StateVisitor visitor)
    {
        // Nothing: it rescales the projection's weights on a schedule of steps, and keeps no state of its own.
    }

    /// <inheritdoc />
    public override void Reset()
    {
    }

    /// <inheritdoc />
    public override void Plasticity(int step)
    {
        if (_every > 0 && (step + 1) % _every == 0) Normalize();
    }

    /// <summary>Scales the weights onto each target so that they sum to the declared total (targets summing to 0 are left alone).</summary>
    public void Normalize()
    {
        var weights = _weights;
        var colStart = _columns.Start;
        var colSynapse = _columns.Synapse;
        for (int j = 0; j + 1 < colStart.Length; j++)
        {
            int from = colStart[j], to = colStart[j + 1];
            double sum = 0;
            for (int c = from; c < to; c++) sum += weights[colSynapse[c]];
            if (sum <= 0) continue;
            float factor = (float)(_sum / sum);
            for (int c = from; c < to; c++) weights[colSynapse[c]] *= factor;
        }
    }
}
