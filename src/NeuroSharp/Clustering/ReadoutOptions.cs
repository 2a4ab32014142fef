namespace NeuroSharp.Clustering;

/// <summary>Parameters of a <see cref="TeacherReadout"/>.</summary>
public sealed record ReadoutOptions
{
    /// <summary>Counting (default) or the delta rule.</summary>
    public ReadoutRule Rule { get; init; } = ReadoutRule.Counts;

    /// <summary>Laplace smoothing alpha of the counting rule, &gt; 0.</summary>
    public float Smoothing { get; init; } = 1f;

    /// <summary>eta of the delta rule, in (0, 1].</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>Passes of the delta rule over the training codes, at least 1.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Dense features only: rows per delta-rule step (their updates are summed), at least 1.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Dense features only: read the outputs through a softmax (the delta rule of a softmax unit) instead of linearly.</summary>
    public bool Softmax { get; init; }

    /// <summary>
    /// Dense features only: how each batch's delta-rule update moves the weights, the normalised step (default)
    /// or Adam's per-weight step (then <see cref="LearningRate"/> is Adam's alpha, e.g. 0.001).
    /// </summary>
    public ReadoutOptimizer Optimizer { get; init; } = ReadoutOptimizer.Normalized;

    /// <summary>Dense features with Adam only: lambda of the weight decay added to each update (lambda W, no decay on the biases), &gt;= 0.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(ReadoutOptions);
        OptionChecks.Defined(owner, nameof(Rule), Rule);
        if (!(Smoothing > 0 && float.IsFinite(Smoothing))) throw new InvalidOptionException(owner, nameof(Smoothing), "must be > 0", Smoothing);
        OptionChecks.InHalfOpen(owner, nameof(LearningRate), LearningRate, 0, 1);
        OptionChecks.AtLeast(owner, nameof(Epochs), Epochs, 1);
        OptionChecks.AtLeast(owner, nameof(BatchSize), BatchSize, 1);
        OptionChecks.Defined(owner, nameof(Optimizer), Optimizer);
        if (!(WeightDecay >= 0 && float.IsFinite(WeightDecay))) throw new InvalidOptionException(owner, nameof(WeightDecay), "must be >= 0", WeightDecay);
    }
}
