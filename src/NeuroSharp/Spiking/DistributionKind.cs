namespace NeuroSharp.Spiking;

/// <summary>The shape of a <see cref="DistributionSpec"/>.</summary>
public enum DistributionKind
{
    /// <summary>Every draw is <see cref="DistributionSpec.Value"/>.</summary>
    Constant = 0,

    /// <summary>Uniform on [<see cref="DistributionSpec.Low"/>, <see cref="DistributionSpec.High"/>).</summary>
    Uniform = 1,

    /// <summary>Normal with <see cref="DistributionSpec.Mean"/> and <see cref="DistributionSpec.StdDev"/>.</summary>
    Normal = 2,

    /// <summary>
    /// One listed value per neuron (<see cref="DistributionSpec.Values"/>): for a population's initial values only,
    /// where a script gives each cell its own start (PyNN's <c>initialize(v=[...])</c>, docs/pynn.md).
    /// </summary>
    PerNeuron = 3,
}
