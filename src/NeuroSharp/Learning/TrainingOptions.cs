namespace NeuroSharp.Learning;

/// <summary>
/// How a network is trained: the rule that carries the error down, minibatch SGD with momentum and a
/// learning-rate schedule, regularisers, the parameters of the feedback rules and the optional
/// autoencoder pre-training.
/// </summary>
/// <remarks>
/// Update per minibatch of B examples, for every weight layer l with error signal delta_l (from the
/// rule): v = mu v - eta_e (h_{l-1}^T delta_l / B + lambda W); W = W + v; biases likewise without
/// lambda; then, with a max-norm c, each unit's incoming weight vector is scaled back to norm c when
/// longer (Srivastava et al. 2014). eta_e follows <see cref="Schedule"/>.
/// </remarks>
public sealed record TrainingOptions
{
    /// <summary>The training rule (default backpropagation).</summary>
    public TrainingRuleKind Rule { get; init; } = TrainingRuleKind.Backprop;

    /// <summary>Passes over the training set, at least 1.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>B, examples per minibatch, from 1 to 65 536.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>eta, the step size at the first epoch, in (0, 10].</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>How eta changes over the epochs (default cosine decay to 0).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>The factor per epoch of <see cref="LearningRateSchedule.Exponential"/>, in (0, 1].</summary>
    public float LearningRateDecay { get; init; } = 0.98f;

    /// <summary>mu, the momentum, in [0, 1).</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>lambda, L2 weight decay, in [0, 1).</summary>
    public float WeightDecay { get; init; }

    /// <summary>c, the largest norm of a unit's incoming weights; 0 for none.</summary>
    public float MaxNorm { get; init; }

    /// <summary>
    /// The normalised step of the adaptive top-down weights (adaptive and temporal rules), in [0, 1]:
    /// 0 keeps them fixed (random, or from pre-training).
    /// </summary>
    public float FeedbackLearningRate { get; init; } = 0.01f;

    /// <summary>Scale of the random feedback matrices relative to the default, in (0, 100].</summary>
    public float FeedbackScale { get; init; } = 1f;

    /// <summary>beta, how far the temporal rule moves the top towards the target, in (0, 1].</summary>
    public float NudgeStrength { get; init; } = 0.1f;

    /// <summary>Epochs of unsupervised autoencoder pre-training per hidden layer before the supervised epochs; 0 for none.</summary>
    public int PretrainEpochs { get; init; }

    /// <summary>eta of the autoencoder pre-training, in (0, 10].</summary>
    public float PretrainLearningRate { get; init; } = 0.01f;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(TrainingOptions);
        OptionChecks.Defined(owner, nameof(Rule), Rule);
        OptionChecks.AtLeast(owner, nameof(Epochs), Epochs, 1);
        OptionChecks.InClosed(owner, nameof(BatchSize), BatchSize, 1, 65_536);
        OptionChecks.InHalfOpen(owner, nameof(LearningRate), LearningRate, 0, 10);
        OptionChecks.Defined(owner, nameof(Schedule), Schedule);
        OptionChecks.InHalfOpen(owner, nameof(LearningRateDecay), LearningRateDecay, 0, 1);
        OptionChecks.InRightOpen(owner, nameof(Momentum), Momentum, 0, 1);
        OptionChecks.InRightOpen(owner, nameof(WeightDecay), WeightDecay, 0, 1);
        OptionChecks.InRightOpen(owner, nameof(MaxNorm), MaxNorm, 0, 1e6);
        OptionChecks.InClosed(owner, nameof(FeedbackLearningRate), FeedbackLearningRate, 0, 1);
        OptionChecks.InHalfOpen(owner, nameof(FeedbackScale), FeedbackScale, 0, 100);
        OptionChecks.InHalfOpen(owner, nameof(NudgeStrength), NudgeStrength, 0, 1);
        OptionChecks.InClosed(owner, nameof(PretrainEpochs), PretrainEpochs, 0, 1000);
        OptionChecks.InHalfOpen(owner, nameof(PretrainLearningRate), PretrainLearningRate, 0, 10);
    }

    /// <summary>eta at epoch <paramref name="epoch"/> (0-based) under the schedule.</summary>
    /// <param name="epoch">The epoch, 0 to <see cref="Epochs"/> - 1.</param>
    /// <returns>The learning rate of that epoch.</returns>
    public float LearningRateAt(int epoch) => Schedule switch
    {
        LearningRateSchedule.Exponential => LearningRate * MathF.Pow(LearningRateDecay, epoch),
        LearningRateSchedule.Cosine => LearningRate * 0.5f * (1f + MathF.Cos(MathF.PI * epoch / Epochs)),
        _ => LearningRate,
    };
}
