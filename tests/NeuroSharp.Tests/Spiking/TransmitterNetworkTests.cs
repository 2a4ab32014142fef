using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using static NeuroSharp.Spiking.TransmitterPhase;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The transmitter neuron of article 002 (docs/articles.md#article-002-transmitter-neuron; docs/spiking-transmitter.md), checked value by value against traces computed by
/// hand from the reference code (Tiques1/HumanNetwork, neurons/neuron.py and network.py).
/// </summary>
public class TransmitterNetworkTests
{
    // A lone article neuron: it autostarts (sta = 5), transmits 4 steps, releases its 5 steps of
    // production [2.5, -0.5] at step 5, keeps 10 % of it (returnability), recovers 5 steps, then
    // collects; with no target, the synapse keeps 10 % of itself each step.
    private static readonly TransmitterTrace[] LoneArticleNeuron =
    [
        new(1, Transmitting, 4, 0, 0, 0, 0, 0, 0.5, -0.1, 0, 0, 0, 0),
        new(2, Transmitting, 3, 0, 0, 0, 0, 0, 1.0, -0.2, 0, 0, 0, 0),
        new(3, Transmitting, 2, 0, 0, 0, 0, 0, 1.5, -0.3, 0, 0, 0, 0),
        new(4, Transmitting, 1, 0, 0, 0, 0, 0, 2.0, -0.4, 0, 0, 0, 0),
        new(5, Releasing, 0, 5, 0, 0, 0.25, -0.05, 0.25, -0.05, 0, 0, 0, 0),
        new(6, Recovering, 0, 4, 0, 0, 0.025, -0.005, 0.75, -0.15, 0, 0, 0, 0),
        new(7, Recovering, 0, 3, 0, 0, 0.0025, -0.0005, 1.25, -0.25, 0, 0, 0, 0),
        new(8, Recovering, 0, 2, 0, 0, 0.00025, -0.00005, 1.75, -0.35, 0, 0, 0, 0),
        new(9, Recovering, 0, 1, 0, 0, 0.000025, -0.000005, 2.25, -0.45, 0, 0, 0, 0),
        new(10, Recovering, 0, 0, 0, 0, 0.0000025, -0.0000005, 2.75, -0.55, 0, 0, 0, 0),
        new(11, Collecting, 0, 0, 0, 0, 0.00000025, -0.00000005, 3.25, -0.65, 0, 0, 0, 0),
        new(12, Collecting, 0, 0, 0, 0, 0.000000025, -0.000000005, 3.75, -0.75, 0, 0, 0, 0),
    ];

    // The second neuron of the article's example (first -> second), synchronous delivery, intended
    // rule: it receives the first's synapse S each step (2.5 at step 5, then 10 % less each step) while
    // it transmits, releases and recovers, and collects the sum 2.777775 at step 11 (what arrived up
    // to step 10; step 11's 2.5e-6 is seen at step 12). 2.78 - 0.56 < 10, so it never activates.
    private static readonly TransmitterTrace[] SecondNeuronSynchronousIntended =
    [
        new(1, Transmitting, 4, 0, 0, 0, 0, 0, 0.5, -0.1, 0, 0, 0, 0),
        new(2, Transmitting, 3, 0, 0, 0, 0, 0, 1.0, -0.2, 0, 0, 0, 0),
        new(3, Transmitting, 2, 0, 0, 0, 0, 0, 1.5, -0.3, 0, 0, 0, 0),
        new(4, Transmitting, 1, 0, 0, 0, 0, 0, 2.0, -0.4, 0, 0, 0, 0),
        new(5, Releasing, 0, 5, 2.5, -0.5, 0.25, -0.05, 0.25, -0.05, 0, 0, 0, 0),
        new(6, Recovering, 0, 4, 2.75, -0.55, 0.025, -0.005, 0.75, -0.15, 0, 0, 0, 0),
        new(7, Recovering, 0, 3, 2.775, -0.555, 0.0025, -0.0005, 1.25, -0.25, 0, 0, 0, 0),
        new(8, Recovering, 0, 2, 2.7775, -0.5555, 0.00025, -0.00005, 1.75, -0.35, 0, 0, 0, 0),
        new(9, Recovering, 0, 1, 2.77775, -0.55555, 0.000025, -0.000005, 2.25, -0.45, 0, 0, 0, 0),
        new(10, Recovering, 0, 0, 2.777775, -0.555555, 0.0000025, -0.0000005, 2.75, -0.55, 0, 0, 0, 0),
        new(11, Collecting, 0, 0, 0.0000025, -0.0000005, 0.00000025, -0.00000005, 3.25, -0.65, 2.777775, -0.555555, 2.777775, -0.555555),
        new(12, Collecting, 0, 0, 0.00000025, -0.00000005, 0.000000025, -0.000000005, 3.75, -0.75, 2.7777775, -0.5555555, 2.7777775, -0.5555555),
    ];

    // The same in sequential delivery (the reference's order; first is stepped before second):
    // identical until step 11, where the second collects step 11's 2.5e-6 in the same step.
    private static readonly TransmitterTrace[] SecondNeuronSequentialIntendedTail =
    [
        new(11, Collecting, 0, 0, 0, 0, 0.00000025, -0.00000005, 3.25, -0.65, 2.7777775, -0.5555555, 2.7777775, -0.5555555),
        new(12, Collecting, 0, 0, 0, 0, 0.000000025, -0.000000005, 3.75, -0.75, 2.77777775, -0.55555555, 2.77777775, -0.55555555),
    ];

    // Reference aliasing (tm = neuron.synapse is the list just scaled by 0.1): the second receives
    // 0.1 S per step, 0.25 at step 5, so 0.277775 by step 10; the first still keeps 0.1 S.
    private static readonly TransmitterTrace[] SecondNeuronSynchronousAliasing =
    [
        new(5, Releasing, 0, 5, 0.25, -0.05, 0.25, -0.05, 0.25, -0.05, 0, 0, 0, 0),
        new(6, Recovering, 0, 4, 0.275, -0.055, 0.025, -0.005, 0.75, -0.15, 0, 0, 0, 0),
        new(7, Recovering, 0, 3, 0.2775, -0.0555, 0.0025, -0.0005, 1.25, -0.25, 0, 0, 0, 0),
        new(8, Recovering, 0, 2, 0.27775, -0.05555, 0.00025, -0.00005, 1.75, -0.35, 0, 0, 0, 0),
        new(9, Recovering, 0, 1, 0.277775, -0.055555, 0.000025, -0.000005, 2.25, -0.45, 0, 0, 0, 0),
        new(10, Recovering, 0, 0, 0.2777775, -0.0555555, 0.0000025, -0.0000005, 2.75, -0.55, 0, 0, 0, 0),
        new(11, Collecting, 0, 0, 0.00000025, -0.00000005, 0.00000025, -0.00000005, 3.25, -0.65, 0.2777775, -0.0555555, 0.2777775, -0.0555555),
    ];

    private static (TransmitterNetwork Net, int First, int Second) ArticleExample(TransmitterNeuronSpec spec, TransmitterDelivery delivery, TransmitterSynapseRule rule)
    {
        var net = new TransmitterNetwork(delivery, rule);
        int first = net.Add(spec);
        int second = net.Add(spec);
        Assert.True(net.Link(first, second));
        return (net, first, second);
    }

    private static void Run(TransmitterNetwork net, int neuron, IEnumerable<TransmitterTrace> trace, string who)
    {
        foreach (var row in trace)
        {
            while (net.StepCount < row.Step) net.Step();
            row.AssertMatches(net.State(neuron), who);
        }
    }

    [Fact]
    public void Step_LoneArticleNeuron_FollowsHandTraceForTwelveSteps()
    {
        var net = new TransmitterNetwork();
        int n = net.Add(TransmitterNeuronSpec.Article);
        Run(net, n, LoneArticleNeuron, "lone neuron");
    }

    [Theory]
    [InlineData(TransmitterDelivery.Synchronous)]
    [InlineData(TransmitterDelivery.Sequential)]
    public void Step_ArticleExampleFirstNeuron_FollowsHandTrace(TransmitterDelivery delivery)
    {
        // The first neuron has no input, and keeping 10 % of its synapse after delivering is the same
        // with one target as with none, so it follows the lone neuron's trace in both modes.
        var (net, first, _) = ArticleExample(TransmitterNeuronSpec.Article, delivery, TransmitterSynapseRule.Intended);
        Run(net, first, LoneArticleNeuron, "first");
    }

    [Fact]
    public void Step_ArticleExampleSecondNeuronSynchronous_FollowsHandTrace()
    {
        var (net, _, second) = ArticleExample(TransmitterNeuronSpec.Article, TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended);
        Run(net, second, SecondNeuronSynchronousIntended, "second");
    }

    [Fact]
    public void Step_ArticleExampleSecondNeuronSequential_CollectsStepElevenDeliveryAtOnce()
    {
        var (net, _, second) = ArticleExample(TransmitterNeuronSpec.Article, TransmitterDelivery.Sequential, TransmitterSynapseRule.Intended);
        Run(net, second, SecondNeuronSynchronousIntended.Take(10), "second (sequential, steps 1-10)");
        Run(net, second, SecondNeuronSequentialIntendedTail, "second (sequential)");
    }

    [Fact]
    public void Step_ReferenceAliasing_TargetGetsTenthOfSynapseAndEightyPercentVanishes()
    {
        var (net, first, second) = ArticleExample(TransmitterNeuronSpec.Article, TransmitterDelivery.Synchronous, TransmitterSynapseRule.ReferenceAliasing);
        Run(net, second, SecondNeuronSynchronousAliasing, "second (aliasing)");
        // The first keeps 10 % exactly as under the intended rule.
        Assert.Equal(0.00000025, net.State(first).Synapse.Activator, 15);
    }

    [Fact]
    public void Step_ArticleExample_ReproducesThePrintedPhaseSequence()
    {
        // The article prints ПЕРЕДАЮ (transmitting) four times, ВЫБРАСЫВАЮ (releasing), then
        // ВОССТАНАВЛИВАЮСЬ (recovering) for both neurons, the second receiving (ПРИНИМАЮ) every step.
        var (net, first, second) = ArticleExample(TransmitterNeuronSpec.Article, TransmitterDelivery.Sequential, TransmitterSynapseRule.ReferenceAliasing);
        var expected = new[] { Transmitting, Transmitting, Transmitting, Transmitting, Releasing, Recovering, Recovering, Recovering, Recovering, Recovering, Collecting };
        foreach (var phase in expected)
        {
            net.Step();
            Assert.Equal(phase, net.PhaseOf(first));
            Assert.Equal(phase, net.PhaseOf(second));
        }
    }

    [Fact]
    public void Step_RepositoryPresetIntended_SecondActivatesAtStepTwelveAndReleasesAtSeventeen()
    {
        // Reproductivity [5, -0.1]: the first releases [25, -0.5]; the second collects 27.77775 - 0.555555 > 10
        // at step 11, activates at 12 (sta = 5), transmits 13-16 and releases at 17 what it made since step 5:
        // 2.5 kept + 12 x 5 = 62.5 (activator), -0.05 + 12 x -0.1 = -1.25 (inhibitor).
        var (net, _, second) = ArticleExample(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended);
        var phases = new List<TransmitterPhase>();
        for (int t = 1; t <= 17; t++)
        {
            net.Step();
            phases.Add(net.PhaseOf(second));
            if (t == 11)
            {
                Assert.Equal(27.77775, net.State(second).Last.Activator, 10);
                Assert.Equal(-0.555555, net.State(second).Last.Inhibitor, 10);
            }
            if (t == 12) Assert.Equal(5, net.State(second).StepsToActivation);
        }
        Assert.Equal(Collecting, phases[10]);
        Assert.Equal(Activating, phases[11]);
        Assert.All(phases.GetRange(12, 4), p => Assert.Equal(Transmitting, p));
        Assert.Equal(Releasing, phases[16]);
        var s = net.State(second);
        Assert.Equal(62.5 * 0.1, s.Accumulated.Activator, 10);
        Assert.Equal(62.5 * 0.1, s.Synapse.Activator, 10); // no target: the synapse keeps 10 % of 62.5
        Assert.Equal(-1.25 * 0.1, s.Synapse.Inhibitor, 10);
    }

    [Fact]
    public void Step_RepositoryPresetAliasing_SecondNeverActivates()
    {
        // The same network under the reference's aliasing: only 0.1 S reaches the second (2.78 - 0.06 < 10).
        var (net, _, second) = ArticleExample(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.ReferenceAliasing);
        for (int t = 1; t <= 40; t++)
        {
            net.Step();
            if (t > 5) Assert.NotEqual(Activating, net.PhaseOf(second));
        }
        Assert.Equal(2.777775, net.State(second).Last.Activator, 5);
    }

    // A releases 10 at step 1 (sta starts at 1, no recovery, synapse emptied), B (threshold 5) collects it.
    private static readonly TransmitterNeuronSpec Sender = new()
    {
        InitialStepsToActivation = 1, Reproductivity = new(10, 0), RecoverySteps = 0, SynapseRetention = 0, Threshold = 1e9,
    };

    private static readonly TransmitterNeuronSpec Receiver = new()
    {
        InitialStepsToActivation = 0, Reproductivity = new(0, 0), Threshold = 5,
    };

    private static int ActivationStep(TransmitterDelivery delivery, bool receiverFirst)
    {
        var net = new TransmitterNetwork(delivery);
        int a, b;
        if (receiverFirst)
        {
            b = net.Add(Receiver);
            a = net.Add(Sender);
        }
        else
        {
            a = net.Add(Sender);
            b = net.Add(Receiver);
        }
        net.Link(a, b);
        for (int t = 1; t <= 10; t++)
        {
            net.Step();
            if (t == 1) Assert.Equal(Releasing, net.PhaseOf(a));
            if (net.PhaseOf(b) == Activating) return t;
        }
        return -1;
    }

    [Fact]
    public void Sequential_TargetLaterInOrder_CollectsInTheSameStep()
    {
        // Step 1: A releases and delivers, then B (later) collects 10; step 2: last = 10 > 5, B activates.
        Assert.Equal(2, ActivationStep(TransmitterDelivery.Sequential, receiverFirst: false));
    }

    [Fact]
    public void Sequential_TargetEarlierInOrder_CollectsInTheNextStep()
    {
        // B steps before A delivers, so it collects at step 2 and activates at step 3.
        Assert.Equal(3, ActivationStep(TransmitterDelivery.Sequential, receiverFirst: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Synchronous_AnyOrder_DeliveryIsSeenNextStep(bool receiverFirst)
    {
        Assert.Equal(3, ActivationStep(TransmitterDelivery.Synchronous, receiverFirst));
    }

    [Theory]
    [InlineData(TransmitterSynapseRule.Intended, 5.0, 1.0)]
    [InlineData(TransmitterSynapseRule.ReferenceAliasing, 0.5, 1.0)]
    public void Deliver_TwoTargets_SharesBySynapseRule(TransmitterSynapseRule rule, double perTarget, double kept)
    {
        // S = 10 split over k = 2: intended S / k = 5 each; aliasing 0.1 S / k = 0.5 each; both keep 0.1 S = 1.
        var net = new TransmitterNetwork(TransmitterDelivery.Synchronous, rule);
        var sender = Sender with { SynapseRetention = 0.1 };
        int a = net.Add(sender);
        int b = net.Add(Receiver with { Threshold = 1e9 });
        int c = net.Add(Receiver with { Threshold = 1e9 });
        net.Link(a, b);
        net.Link(a, c);
        net.Step();
        Assert.Equal(perTarget, net.State(b).Dendrite.Activator, 12);
        Assert.Equal(perTarget, net.State(c).Dendrite.Activator, 12);
        Assert.Equal(kept, net.State(a).Synapse.Activator, 12);
    }

    [Fact]
    public void Link_Twice_RemovesTheLink()
    {
        var net = new TransmitterNetwork();
        int a = net.Add(TransmitterNeuronSpec.Article), b = net.Add(TransmitterNeuronSpec.Article);
        Assert.True(net.Link(a, b));
        Assert.True(net.IsLinked(a, b));
        Assert.False(net.Link(a, b));
        Assert.False(net.IsLinked(a, b));
        Assert.Empty(net.TargetsOf(a));
    }

    [Fact]
    public void Reset_AfterSteps_GivesTheSameTraceAgain()
    {
        var (net, _, second) = ArticleExample(TransmitterNeuronSpec.Repository, TransmitterDelivery.Synchronous, TransmitterSynapseRule.Intended);
        var first = new List<TransmitterNeuronState>();
        for (int t = 0; t < 30; t++)
        {
            net.Step();
            first.Add(net.State(second));
        }
        net.Reset();
        Assert.Equal(0, net.StepCount);
        for (int t = 0; t < 30; t++)
        {
            net.Step();
            Assert.Equal(first[t], net.State(second));
        }
    }

    [Fact]
    public void Synchronous_ParallelSteps_EqualSerialSteps()
    {
        // 2 000 repository neurons in a ring with chords; synchronous steps may run in parallel blocks.
        TransmitterNetwork Make(int threads)
        {
            var net = new TransmitterNetwork { MaxThreads = threads };
            for (int i = 0; i < 2000; i++) net.Add(TransmitterNeuronSpec.Repository with { InitialStepsToActivation = i % 7 });
            for (int i = 0; i < 2000; i++)
            {
                net.Link(i, (i + 1) % 2000);
                net.Link(i, (i * 37 + 11) % 2000);
            }
            return net;
        }
        var serial = Make(1);
        var parallel = Make(4);
        var a = new double[2000 * 13];
        var b = new double[2000 * 13];
        for (int t = 0; t < 60; t++)
        {
            serial.Step();
            parallel.Step();
        }
        serial.CopyState(a);
        parallel.CopyState(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Presets_FollowDalesPrinciple()
    {
        Assert.Equal(NeuronKind.Excitatory, TransmitterNeuronSpec.Excitatory.ReleasedKind);
        Assert.Equal(NeuronKind.Inhibitory, TransmitterNeuronSpec.Inhibitory.ReleasedKind);
        Assert.Equal(NeuronKind.Mixed, TransmitterNeuronSpec.Article.ReleasedKind);
        Assert.Equal(0, TransmitterNeuronSpec.Excitatory.Reproductivity.Inhibitor);
        Assert.Equal(0, TransmitterNeuronSpec.Inhibitory.Reproductivity.Activator);
    }

    [Fact]
    public void Add_SpeedZero_ThrowsNamingTheParameter()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new TransmitterNetwork().Add(TransmitterNeuronSpec.Article with { SpeedSteps = 0 }));
        Assert.Contains("TransmitterNeuronSpec.SpeedSteps must be at least 1 (got 0)", e.Message);
    }
}
