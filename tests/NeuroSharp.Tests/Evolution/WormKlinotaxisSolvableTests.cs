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
}
