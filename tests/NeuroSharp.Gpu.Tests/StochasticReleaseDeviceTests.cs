using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>Stochastic release (docs/spiking-short-term-plasticity.md, "Stochastic release"): --device gpu refuses it in one sentence.</summary>
public sealed class StochasticReleaseDeviceTests
{
    private static SpikingEngine Engine(ReleaseSpec? release, ShortTermPlasticitySpec? stp) => new(new NetworkSpec
    {
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 3, Model = new PoissonSourceSpec { RateHz = 10 } },
            new PopulationSpec { Name = "out", Count = 2, Model = new LifNeuronSpec() },
        ],
        Projections =
        [
            new ProjectionSpec { Name = "drive", Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(), Release = release, ShortTermPlasticity = stp },
        ],
    });

    [Fact]
    public void Unsupported_ReleaseProbabilityOrSites_NamesTheProjection()
    {
        Assert.Equal("Projection \"drive\" releases stochastically (release.probability), which --device gpu does not draw; use --device cpu.",
            GpuBackend.Unsupported(Engine(new ReleaseSpec { Probability = 0.5 }, null)));
        Assert.Equal("Projection \"drive\" releases stochastically (shortTermPlasticity.sites), which --device gpu does not draw; use --device cpu.",
            GpuBackend.Unsupported(Engine(null, new ShortTermPlasticitySpec { Sites = 2 })));
        Assert.Null(GpuBackend.Unsupported(Engine(null, new ShortTermPlasticitySpec())));
    }
}
