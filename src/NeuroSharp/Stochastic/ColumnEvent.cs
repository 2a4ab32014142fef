namespace NeuroSharp.Stochastic;

/// <summary>What presenting a code did to the column.</summary>
public enum ColumnEvent
{
    /// <summary>The winner's correlation passed the threshold: it learned the code.</summary>
    Learned,

    /// <summary>No neuron correlated enough: a free neuron was recruited and stores the code.</summary>
    Recruited,

    /// <summary>No neuron correlated enough and none was free: the winner answered without learning.</summary>
    Unlearned,
}
