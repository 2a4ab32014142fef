namespace NeuroSharp.Spiking;

/// <summary>
/// Synaptic scaling of a projection (Diehl and Cook 2015): every <see cref="EverySteps"/> steps, the
/// weights onto each target are multiplied so that they sum to <see cref="IncomingSum"/> (targets
/// whose incoming weights sum to 0 are left alone). With <see cref="EverySteps"/> = 0 it runs only when
/// the engine is asked (<c>SpikingEngine.NormalizeWeights</c>), e.g. once before each stimulus as Diehl and Cook do.
/// </summary>
public sealed record WeightNormalizationSpec
{
    /// <summary>The sum of incoming weights each target is scaled to, above 0 (Diehl and Cook: 78 for 784 inputs).</summary>
    public double IncomingSum { get; init; } = 78;

    /// <summary>How often, in steps, at least 0 (0: only on request).</summary>
    public int EverySteps { get; init; } = 1;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(WeightNormalizationSpec);
        SpecChecks.Positive(owner, nameof(IncomingSum), IncomingSum);
        SpecChecks.AtLeast(owner, nameof(EverySteps), EverySteps, 0);
    }
}
