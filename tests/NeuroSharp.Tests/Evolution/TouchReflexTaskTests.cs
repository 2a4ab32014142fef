using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The touch-reflex task (docs/world-touch-reflex.md) and its hand-built reference network of transmitter neurons.</summary>
public class TouchReflexTaskTests
{
    private static NetworkSpec Reference() => NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "touch-reflex.json"));

    private sealed class Recorder : IWorldObserver
    {
        public List<(bool Touched, int Spikes)> Steps { get; } = [];

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts) =>
            Steps.Add((state[1] == 1, outputSpikeCounts[0]));
    }

    [Fact]
    public void Evaluate_ReferenceArc_Solved()
    {
        var task = new TouchReflexTask();
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var r = task.Run(Reference(), new RandomStream(seed));
            Assert.True(r.TouchedFiring >= 0.9 && r.QuietSilent >= 0.9, $"seed {seed}: firing {r.TouchedFiring}, silent {r.QuietSilent}");
            Assert.True(task.Evaluate(Reference(), new RandomStream(seed)).Solved);
        }
    }

    [Fact]
    public void Run_ReferenceArc_FiresWhileTouchedAndStopsAfter()
    {
        var task = new TouchReflexTask();
        var rec = new Recorder();
        task.Run(Reference(), new RandomStream(3), rec);
        var s = rec.Steps;
        int firstTouch = s.FindIndex(x => x.Touched);
        int touchEnd = s.FindIndex(firstTouch, x => !x.Touched);
        // The muscle answers within 40 steps of the touch, keeps firing while touched, and is silent from 40 steps after.
        int firstSpike = s.FindIndex(firstTouch, x => x.Spikes > 0);
        Assert.InRange(firstSpike - firstTouch, 1, 40);
        Assert.True(s.Skip(firstSpike).Take(touchEnd - firstSpike).Count(x => x.Spikes > 0) >= (touchEnd - firstSpike) / 20);
        int nextTouch = s.FindIndex(touchEnd, x => x.Touched);
        Assert.All(s.Skip(touchEnd + 40).Take(nextTouch - touchEnd - 40), x => Assert.Equal(0, x.Spikes));
        // Before any touch (after the one release every new neuron makes by itself) the muscle is silent too.
        Assert.All(s.Skip(60).Take(firstTouch - 60), x => Assert.Equal(0, x.Spikes));
    }

    [Fact]
    public void Evaluate_SilentOrAlwaysFiring_HalfScoreNotSolved()
    {
        var task = new TouchReflexTask();
        // The muscle cut off from the arc: it never answers (silent bins all right, touched bins all wrong).
        var cut = Reference() with { Links = [.. Reference().Links.Where(l => l.To != "output.0")] };
        var e = task.Evaluate(cut, new RandomStream(1));
        Assert.Equal(0.5, e.Fitness, 1e-12);
        Assert.False(e.Solved);
    }

    [Fact]
    public void Evaluate_SameStream_SameResult()
    {
        var task = new TouchReflexTask();
        Assert.Equal(task.Evaluate(Reference(), new RandomStream(9)), task.Evaluate(Reference(), new RandomStream(9)));
        Assert.NotEqual(task.DrawSchedule(new RandomStream(1)), task.DrawSchedule(new RandomStream(2)));
    }

    [Fact]
    public void Evaluate_NetworkWithoutBinding_OneSentence()
    {
        var task = new TouchReflexTask();
        var renamed = Reference() with { Neurons = [.. Reference().Neurons.Select(n => n.Id == "output.0" ? n with { Id = "muscle" } : n)], Links = [new LinkSpec { From = "input.0", To = "sensory" }] };
        var e = Assert.Throws<InvalidInputException>(() => task.Evaluate(renamed, new RandomStream(1)));
        Assert.Equal("The network has no transmitter neuron 'output.0', which task touch-reflex binds to.", e.Message);
        var bad = Assert.Throws<InvalidOptionException>(() => new TouchReflexTask(new TouchReflexOptions { Bouts = 0 }));
        Assert.Equal("TouchReflexOptions.Bouts must be at least 1 (got 0).", bad.Message);
    }
}
