using NeuroSharp.Spiking;

namespace NeuroSharp.Testing;

/// <summary>The small network the checkpoint tests cut and resume, on the CPU and on a device, for every model.</summary>
public static class CheckpointNetworks
{
    /// <summary>A Poisson population "src" (20 at 200 Hz) driving "p" (10 neurons of <paramref name="model"/>) through random weights, and "p" inhibiting itself.</summary>
    /// <param name="model">The model of "p".</param>
    /// <param name="weight">The drive's mean weight; the inhibition's is a fifth of it.</param>
    /// <param name="stdp">A plasticity rule on the drive, if any.</param>
    /// <param name="stp">Short-term plasticity on the drive, if any.</param>
    /// <param name="delayMs">The drive's delays; default 1 ms.</param>
    /// <param name="dtMs">The step.</param>
    /// <returns>The network, without monitors.</returns>
    public static NetworkSpec Driven(NeuronModelSpec model, double weight, StdpRuleSpec? stdp = null, ShortTermPlasticitySpec? stp = null,
        DistributionSpec? delayMs = null, double dtMs = 0.1) => new()
    {
        DtMs = dtMs,
        Populations = [new PopulationSpec { Name = "src", Count = 20, Model = new PoissonSourceSpec { RateHz = 200 } }, new PopulationSpec { Name = "p", Count = 10, Model = model }],
        Projections =
        [
            new ProjectionSpec
            {
                Source = "src", Target = "p", Receptor = Receptor.Excitatory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.5 },
                Weight = DistributionSpec.Uniform(0.5 * weight, 1.5 * weight), DelayMs = delayMs ?? DistributionSpec.Constant(1), Stdp = stdp, ShortTermPlasticity = stp,
            },
            new ProjectionSpec
            {
                Source = "p", Target = "p", Receptor = Receptor.Inhibitory, Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 },
                Weight = DistributionSpec.Constant(0.2 * weight), DelayMs = DistributionSpec.Constant(0.5),
            },
        ],
    };
}
