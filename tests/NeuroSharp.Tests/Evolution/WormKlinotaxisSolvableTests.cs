using NeuroSharp.Evolution.Worlds.Worm;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// The klinotaxis task is solvable through its sensors and muscles (docs/world-worm.md, "Reference controller"):
/// a rate-coded controller, no network, reading only the sensors a network gets and writing only the head
/// commands a network's outputs become, reaches the food on most held-out trials.
/// </summary>
public class WormKlinotaxisSolvableTests
{
    // Head command: a 1 Hz sine (the oscillator) plus 2 x (smellRise - smellFall) x (bendLeft - bendRight): push
    // towards the side the head is bent to while the smell rises, away while it falls.
    private static bool Crawl(WormKlinotaxisTask task, WormTrial t, double gain)
    {
        var w = new WormWorld(task.Options.Body, task.Options.Arena);
        w.Reset(t.HeadX, t.HeadY, t.Heading);
        w.AddFood(t.TargetX, t.TargetY);
        var s = new float[WormWorld.SensorCount];
        for (int n = 0; n < task.Options.EpisodeSteps && w.FoodEaten == 0; n++)
        {
            w.ReadSensors(s);
            double v = 0.7 * Math.Sin(2 * Math.PI * n / 50) + gain * (s[1] - s[2]) * (s[5] - s[6]);
            w.Step(Math.Max(0, v), Math.Max(0, -v), false);
        }
        return w.FoodEaten > 0;
    }

    [Fact]
    public void SensorSteering_HeldOutTrials_ReachesFoodInMost()
    {
        var task = new WormKlinotaxisTask();
        var trials = task.TestTrials(20);
        // Deterministic; 17 of 20 when written. Without the steering term the same oscillation finds the food by chance only.
        Assert.True(trials.Count(t => Crawl(task, t, 2)) >= 15);
        Assert.True(trials.Count(t => Crawl(task, t, 0)) <= 3);
    }

    // The connectome circuit's steering law in rates (docs/world-worm.md, "Steering by smell"): a square oscillation (0.7 on
    // the left in the first half of each 1 s period, on the right in the second), the side under its half getting
    // clip(0.7 - gain x (smellRise - smellFall) of lag steps ago, 0, 1); the oscillation is the gate, no bend sensor.
    private static bool CrawlPhaseGated(WormKlinotaxisTask task, WormTrial t, double gain, int lag)
    {
        var w = new WormWorld(task.Options.Body, task.Options.Arena);
        w.Reset(t.HeadX, t.HeadY, t.Heading);
        w.AddFood(t.TargetX, t.TargetY);
        var s = new float[WormWorld.SensorCount];
        var change = new double[task.Options.EpisodeSteps];
        for (int n = 0; n < task.Options.EpisodeSteps && w.FoodEaten == 0; n++)
        {
            w.ReadSensors(s);
            change[n] = s[1] - s[2];
            double a = Math.Clamp(0.7 - gain * (n >= lag ? change[n - lag] : 0), 0, 1);
            bool left = n % 50 < 25;
            w.Step(left ? a : 0, left ? 0 : a, false);
        }
        return w.FoodEaten > 0;
    }

    [Fact]
    public void PhaseGatedSteering_HalfPeriodLag_ReachesFoodFarMoreOftenThanTheOscillationAlone()
    {
        var task = new WormKlinotaxisTask();
        var trials = task.TestTrials(40);
        // Deterministic: 29 of 40 with the rise shrinking the sweep 400 ms later, 4 of 40 without the term, when written.
        Assert.True(trials.Count(t => CrawlPhaseGated(task, t, 1, 20)) >= 24);
        Assert.True(trials.Count(t => CrawlPhaseGated(task, t, 0, 20)) <= 8);
    }
}
