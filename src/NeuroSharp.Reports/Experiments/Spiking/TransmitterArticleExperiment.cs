using System.Text.Json.Nodes;
using NeuroSharp.Reports.Images;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>
/// Article 002's two-neuron example (docs/articles.md#article-002-transmitter-neuron: ПЕРВЫЙ -> ВТОРОЙ) under the reference's rules and the intended
/// ones, with the repository's stronger neuron, and the reflex arc: phase sequences and every state
/// value over time.
/// </summary>
public sealed class TransmitterArticleExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "transmitter-neurons";

    /// <inheritdoc />
    public string Title => "The article's transmitter neurons: two-neuron example and a reflex arc";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "Two article neurons linked first -> second: both transmit 4 steps, release at step 5 and recover, as the article prints. " +
        "Under the reference's aliased synapse only 10 % of each release arrives; under the intended rule the repository's neuron makes the second fire. " +
        "A skin -> sensory -> motor -> muscle arc of excitatory neurons carries each touch to the muscle.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        int steps = context.Quick ? 40 : 60;
        var reference = Pair(TransmitterNeuronSpec.Article, TransmitterDelivery.Sequential, TransmitterSynapseRule.ReferenceAliasing);
        string printed = string.Join(" ", PhasesOf(reference, 11, 1).Select(p => p.ToString()[..4].ToUpperInvariant()));

        var intended = Pair(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended);
        var aliased = Pair(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.ReferenceAliasing);
        var tracesIntended = Levels(intended, steps, 1);
        var tracesAliased = Levels(aliased, steps, 1);
        var x = Enumerable.Range(1, steps).Select(t => (double)t).ToArray();
        Png.Save(context.PathOf("second-neuron-levels.png"), SpikingCharts.Traces(
            "Second neuron, repository reproductivity [5, -0.1]", "step", "last[0] + last[1]",
            [("intended rule (S / k)", x, tracesIntended), ("reference aliasing (0.1 S / k)", x, tracesAliased)]));
        int intendedReleases = PhasesOf(Pair(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended), steps, 1).Count(p => p == TransmitterPhase.Releasing);
        int aliasedReleases = PhasesOf(Pair(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.ReferenceAliasing), steps, 1).Count(p => p == TransmitterPhase.Releasing);

        var arcSpec = ReflexArc();
        var arc = context.CreateEngine(arcSpec, new SimulationOptions { Seed = context.Seed });
        int arcSteps = context.Quick ? 120 : 200;
        arc.Run(arcSteps);
        var rows = arc.SpikeMonitors.Select((m, k) => (m.Target, m.TimesMs(), Enumerable.Repeat((double)(arc.SpikeMonitors.Count - k), m.Count).ToArray()));
        Png.Save(context.PathOf("reflex-arc.png"), SpikingCharts.Raster("Reflex arc: releases (skin touched every 40 steps)", rows, 800, 300));
        long muscle = arc.SpikeCountOf("muscle");

        var metrics = new JsonObject
        {
            ["referencePhasesSecondNeuron"] = printed,
            ["secondNeuronReleasesIntended"] = intendedReleases, ["secondNeuronReleasesAliased"] = aliasedReleases,
            ["reflexArcSteps"] = arcSteps, ["muscleReleases"] = muscle, ["skinReleases"] = arc.SpikeCountOf("skin"),
        };
        return new ExperimentResult(metrics,
            [
                new Figure("second-neuron-levels.png", "The second neuron's level (last activator + inhibitor) over steps: the intended rule delivers the whole release and it crosses the threshold 10; the reference's aliasing delivers a tenth."),
                new Figure("reflex-arc.png", "Releases of skin, sensory, motor and muscle neurons; each touch travels down the arc."),
            ],
            [
                new Comparison("phases of a neuron, steps 1-11 (reference rules)", printed, "ПЕРЕДАЮ x4, ВЫБРАСЫВАЮ, ВОССТАНАВЛИВАЮСЬ (article's console output)"),
                new Comparison("second neuron fires again (repository neuron)", $"intended: {intendedReleases} releases; aliasing: {aliasedReleases}", "aliasing loses 80 % of every release (docs/spiking-transmitter.md)"),
                new Comparison("muscle responds to the skin", $"{muscle} muscle releases in {arcSteps} steps", "skin -> sensory -> motor -> muscle (article's general scheme)"),
            ]);
    }

    private static TransmitterNetwork Pair(TransmitterNeuronSpec spec, TransmitterDelivery delivery, TransmitterSynapseRule rule)
    {
        var net = new TransmitterNetwork(delivery, rule);
        int a = net.Add(spec), b = net.Add(spec);
        net.Link(a, b);
        return net;
    }

    private static List<TransmitterPhase> PhasesOf(TransmitterNetwork net, int steps, int neuron)
    {
        var phases = new List<TransmitterPhase>();
        for (int t = 0; t < steps; t++)
        {
            net.Step();
            phases.Add(net.PhaseOf(neuron));
        }
        return phases;
    }

    private static double[] Levels(TransmitterNetwork net, int steps, int neuron)
    {
        var y = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            net.Step();
            y[t] = net.State(neuron).Last.Net;
        }
        return y;
    }

    private static NetworkSpec ReflexArc()
    {
        var neuron = TransmitterNeuronSpec.Excitatory;
        string[] ids = ["skin", "sensory", "motor", "muscle"];
        return new NetworkSpec
        {
            Name = "reflex-arc", DtMs = 1,
            Neurons = ids.Select((id, k) => new SingleNeuronSpec { Id = id, Model = neuron, Kind = NeuronKind.Excitatory, X = 80 + 160 * k, Y = 200 }).ToList(),
            Links = [new LinkSpec { From = "skin", To = "sensory" }, new LinkSpec { From = "sensory", To = "motor" }, new LinkSpec { From = "motor", To = "muscle" }],
            Inputs = [new TransmitterStimulusSpec { Target = "skin", Steps = [40], EverySteps = 40, Amount = new(20, 0) }],
        };
    }
}
