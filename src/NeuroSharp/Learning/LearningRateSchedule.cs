namespace NeuroSharp.Learning;

/// <summary>How the learning rate eta changes with the epoch e (0-based) of E.</summary>
public enum LearningRateSchedule
{
    /// <summary>eta_e = eta.</summary>
    Constant,

    /// <summary>eta_e = eta * decay^e.</summary>
    Exponential,

    /// <summary>eta_e = eta * (1 + cos(pi e / E)) / 2: from eta down to near 0 at the last epoch.</summary>
    Cosine,
}
