using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// A hand-built worm controller (docs/world-worm.md, "Reference controller"): not evolved; it crawls and backs away
/// from walls (withdrawal), while its spiking klinotaxis steering does not yet reach food (see that page). A half-centre oscillator of two LIF neurons with
/// adaptive thresholds, each silencing the other through its own inhibitory interneuron, drives the left and
/// right muscle outputs in alternation (the undulation); four coincidence neurons steer (klinotaxis): smell
/// rising while the head is bent left pushes left, rising while bent right pushes right, falling while bent
/// left pushes right and falling while bent right pushes left, so the head turns towards the side where the
/// smell grew; a head touch charges a slow "hold" neuron that drives the reverse output for about two seconds
/// (the withdrawal reflex).
/// </summary>
public static class WormReferenceNetwork
{
    /// <summary>The tunable numbers of the reference controller.</summary>
    /// <param name="Drive">Constant current on each oscillator neuron in mV.</param>
    /// <param name="ThetaIncrementMv">Threshold raise per oscillator spike in mV (its adaptation).</param>
    /// <param name="ThetaTauMs">Decay of that raise in ms.</param>
    /// <param name="CpgToMuscle">Weight from an oscillator neuron to its muscle output in mV.</param>
    /// <param name="Coincidence">Weight from a smell-change or bend sensor to a steering neuron in mV: one alone stays below threshold, two together fire it.</param>
    /// <param name="SteerToMuscle">Weight from a steering neuron to its muscle output in mV.</param>
    /// <param name="TouchToHold">Weight from the head-touch sensor to the hold neuron in mV.</param>
    /// <param name="HoldTauMs">The hold neuron's excitatory time constant in ms (how long a reversal lasts).</param>
    /// <param name="Inhibition">Weight from each inhibitory interneuron onto the other oscillator neuron in mV.</param>
    /// <param name="Relay">Weight of a relay link (oscillator to interneuron, hold to reverse) in mV: one spike makes one.</param>
    /// <param name="SensorThresholdMv">Threshold of the input neurons in mV (rest -70): with the task's gain of 40 mV, a sensor fires its neuron above (threshold + 70) / 40.</param>
    public readonly record struct Parameters(double Drive, double ThetaIncrementMv, double ThetaTauMs, double CpgToMuscle,
        double Coincidence, double SteerToMuscle, double TouchToHold, double HoldTauMs, double Inhibition, double Relay, double SensorThresholdMv)
    {
        /// <summary>The values of the committed example file.</summary>
        public static Parameters Default { get; } = new(40, 2, 400, 80, 30, 100, 150, 1000, 20, 150, -66);
    }

    /// <summary>Builds the controller; dt = 1 ms, so one 20 ms world step is a window of 20 engine steps.</summary>
    /// <param name="p">Its numbers; null for <see cref="Parameters.Default"/>.</param>
    /// <returns>The network (populations "input" with 7 and "output" with 3 neurons).</returns>
    public static NetworkSpec Build(Parameters? p = null)
    {
        var q = p ?? Parameters.Default;
        var sensor = new LifNeuronSpec { TauMs = 10, RestMv = -70, ResetMv = -70, ThresholdMv = -50, RefractoryMs = 2, TauExcMs = 5, TauInhMs = 5 };
        var input = sensor with { ThresholdMv = q.SensorThresholdMv };
        var oscillator = sensor with { TauMs = 20, ResetMv = -60, TauInhMs = 20, AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = q.ThetaIncrementMv, TauMs = q.ThetaTauMs } };
        var inter = sensor with { TauInhMs = 20 };
        var hold = sensor with { TauExcMs = q.HoldTauMs };
        // Slow excitation smooths the oscillator's spikes into a sustained drive: the muscle outputs fire through a burst.
        var muscle = sensor with { TauExcMs = 20 };
        return new NetworkSpec
        {
            Name = "worm-reference",
            Description = "A hand-built worm controller (docs/world-worm.md, 'Reference controllers'): a half-centre oscillator of two adapting LIF neurons drives the left and right muscle outputs in alternation, so the worm crawls; four coincidence neurons (population steer) push towards the side the head is bent to while the smell rises and away while it falls; a head touch charges a slow hold neuron that drives the reverse output for about two seconds (withdrawal). Sensors (population input): smell, smellRise, smellFall, touchHead, touchTail, bendLeft, bendRight; outputs: left, right, reverse.",
            DtMs = 1,
            DurationMs = 2000,
            Neurons =
            [
                new SingleNeuronSpec { Id = "cpgLeft", Model = oscillator, Kind = NeuronKind.Excitatory, X = 300, Y = 120, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-52) } },
                new SingleNeuronSpec { Id = "cpgRight", Model = oscillator, Kind = NeuronKind.Excitatory, X = 300, Y = 280 },
                new SingleNeuronSpec { Id = "inhLeft", Model = inter, Kind = NeuronKind.Inhibitory, X = 420, Y = 160 },
                new SingleNeuronSpec { Id = "inhRight", Model = inter, Kind = NeuronKind.Inhibitory, X = 420, Y = 240 },
                new SingleNeuronSpec { Id = "hold", Model = hold, Kind = NeuronKind.Excitatory, X = 300, Y = 440 },
            ],
            Links =
            [
                new LinkSpec { From = "cpgLeft", To = "inhLeft", Weight = q.Relay },
                new LinkSpec { From = "inhLeft", To = "cpgRight", Weight = q.Inhibition },
                new LinkSpec { From = "cpgRight", To = "inhRight", Weight = q.Relay },
                new LinkSpec { From = "inhRight", To = "cpgLeft", Weight = q.Inhibition },
            ],
            Populations =
            [
                new PopulationSpec { Name = IEvolutionTask.InputPopulation, Count = WormWorld.SensorCount, Model = input, Kind = NeuronKind.Excitatory, X = 100, Y = 280 },
                new PopulationSpec { Name = "steer", Count = 4, Model = sensor, Kind = NeuronKind.Excitatory, X = 300, Y = 360 },
                new PopulationSpec { Name = IEvolutionTask.OutputPopulation, Count = WormEpisode.OutputCount, Model = muscle, Kind = NeuronKind.Excitatory, X = 560, Y = 280 },
            ],
            Projections =
            [
                Explicit("cpgLeft", IEvolutionTask.OutputPopulation, [0], [0], q.CpgToMuscle),
                Explicit("cpgRight", IEvolutionTask.OutputPopulation, [0], [1], q.CpgToMuscle),
                // steer 0 = rise and bent left, 1 = rise and bent right, 2 = fall and bent left, 3 = fall and bent right.
                Explicit(IEvolutionTask.InputPopulation, "steer", [1, 1, 2, 2, 5, 5, 6, 6], [0, 1, 2, 3, 0, 2, 1, 3], q.Coincidence),
                Explicit("steer", IEvolutionTask.OutputPopulation, [0, 1, 2, 3], [0, 1, 1, 0], q.SteerToMuscle),
                Explicit(IEvolutionTask.InputPopulation, "hold", [3], [0], q.TouchToHold),
                Explicit("hold", IEvolutionTask.OutputPopulation, [0], [2], q.Relay),
            ],
            Inputs =
            [
                new CurrentInputSpec { Target = "cpgLeft", Amplitude = q.Drive },
                new CurrentInputSpec { Target = "cpgRight", Amplitude = q.Drive },
            ],
        };
    }

    private static ProjectionSpec Explicit(string source, string target, int[] sources, int[] targets, double weight, Receptor receptor = Receptor.Excitatory) => new()
    {
        Source = source,
        Target = target,
        Receptor = receptor,
        Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets },
        Weight = DistributionSpec.Constant(weight),
    };
}
