namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The test classes that run on the simulated device share one <see cref="SimulatorFixture"/>: one context,
/// one accelerator, each kernel compiled once. They run one after another (one accelerator; on a 2-core
/// machine, classes in parallel each with its own accelerator threads only contended).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "simulated device";
}
