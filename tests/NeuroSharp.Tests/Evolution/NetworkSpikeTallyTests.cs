using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// Every neuron's spikes for an observer that asks (<see cref="INetworkSpikeObserver"/>, the studio's raster): sensors,
/// hidden and motor rows, whose motor rows are the very counts <see cref="IWorldObserver.OnWorldStep"/> carries.
/// </summary>
public class NetworkSpikeTallyTests
{
    /// <summary>Keeps each step's motor counts and every neuron's counts (a copy).</summary>
    private sealed class SpikeRecorder : INetworkSpikeObserver
    {
        private NetworkSpikeTally? _tally;
        public int Bound { get; private set; }
        public IReadOnlyList<NeuronRowGroup> Groups { get; private set; } = [];
        public List<int[]> Motor { get; } = [];
        public List<int[]> Neurons { get; } = [];

        public void OnNetworkBound(NetworkSpikeTally spikes)
        {
            _tally = spikes;
            Groups = spikes.Groups;
            Bound++;
        }

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
        {
            Motor.Add(outputSpikeCounts.ToArray());
            Neurons.Add(_tally!.Counts.ToArray());
        }

        public int[] RowTotals(NeuronRowGroup g) =>
            [.. Enumerable.Range(g.Start, g.Count).Select(r => Neurons.Sum(n => n[r]))];
    }

    private sealed class PlainRecorder : IWorldObserver
    {
        public List<int[]> Motor { get; } = [];

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts) => Motor.Add(outputSpikeCounts.ToArray());
    }

    private static void AssertMotorRowsAreTheMotorCounts(SpikeRecorder r)
    {
        var motor = r.Groups[2];
        Assert.Equal(NetworkSpikeTally.Motors, motor.Name);
        for (int t = 0; t < r.Motor.Count; t++)
            Assert.Equal(r.Motor[t], r.Neurons[t].AsSpan(motor.Start, motor.Count).ToArray());
    }

    [Fact]
    public void WormCircuit_Trial_RowsAreSensorsHiddenMotor_MotorRowsEqualTheMotorCounts()
    {
        // The klinotaxis circuit: populations input (7), 14 hidden neurons in several populations, and output (3).
        var task = new WormKlinotaxisTask();
        var r = new SpikeRecorder();
        task.RunTrial(WormKlinotaxisCircuit.BuildEvolved(), task.TestTrials(1)[0], r);
        Assert.Equal(1, r.Bound);
        Assert.Equal([new("sensors", 0, 7), new("hidden", 7, 14), new("motor", 21, 3)], r.Groups);
        Assert.True(r.Motor.Count > 100);
        AssertMotorRowsAreTheMotorCounts(r);
        // The smell and bend sensors fire, and so do hidden neurons: the raster is more than the motor rows.
        Assert.True(r.RowTotals(r.Groups[0]).Sum() > 0);
        Assert.True(r.RowTotals(r.Groups[1]).Sum() > 0, "no hidden spikes in a whole trial");
    }

    [Fact]
    public void TouchReflex_TransmitterNetwork_RowsByNeuronId_MotorRowIsTheMuscle()
    {
        // The reference arc of transmitter neurons: input.0 (skin), a sensory and a motor neuron between, output.0 (muscle).
        var network = NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "touch-reflex.json"));
        int hidden = network.Neurons.Count - 2;
        var r = new SpikeRecorder();
        new TouchReflexTask().Run(network, new RandomStream(3), r);
        Assert.Equal([new("sensors", 0, 1), new("hidden", 1, hidden), new("motor", 1 + hidden, 1)], r.Groups);
        AssertMotorRowsAreTheMotorCounts(r);
        Assert.True(r.RowTotals(r.Groups[0])[0] > 0, "the skin never released");
        Assert.True(r.RowTotals(r.Groups[1]).Sum() > 0, "no hidden releases");
    }

    [Fact]
    public void PoleEpisode_SpikeObserver_ChangesNothing_AndAPlainObserverIsNotTold()
    {
        // The double-pole-nv circuit: 7 sensor and 2 motor neurons, no hidden ones. The tally only reads spikes, so the
        // episode, its motor counts and its fitness are the same for either kind of observer.
        var task = new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity);
        var network = PoleVelocityCircuit.Template.Seed();
        var spikes = new SpikeRecorder();
        var plain = new PlainRecorder();
        var a = task.PlayEpisode(network, 200, spikes);
        var b = task.PlayEpisode(network, 200, plain);
        Assert.Equal(a, b);
        Assert.Equal(plain.Motor.Select(m => string.Join(",", m)), spikes.Motor.Select(m => string.Join(",", m)));
        Assert.Equal([new("sensors", 0, 7), new("hidden", 7, 0), new("motor", 7, 2)], spikes.Groups);
        AssertMotorRowsAreTheMotorCounts(spikes);
    }

    [Fact]
    public void Controller_Tallying_AllocatesNothingPerStep()
    {
        // The window loop with every neuron counted: after a warm-up run, 400 windows of 80 engine steps allocate nothing
        // (the bound leaves room for a few boxed values outside the loop, well below one allocation per window).
        var network = PoleVelocityCircuit.Template.Seed();
        var controller = new SpikingController(network, 7, 2);
        controller.Observe(new SpikeRecorder());
        controller.SetSensors([0.9, 0.1, 0.5, 0.5, 0.3, 0.7, 0.5]);
        controller.Run(80);
        long allocated = NeuroSharp.Testing.Allocations.Least(() => { for (int w = 0; w < 400; w++) controller.Run(80); });
        Assert.True(allocated < 400, $"{allocated} bytes in 400 windows");
    }
}
