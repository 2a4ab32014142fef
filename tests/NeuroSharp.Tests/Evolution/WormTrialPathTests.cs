using NeuroSharp.Evolution.Worlds.Worm;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The per-trial path record of the held-out tests (docs/world-worm.md, "Why a trial fails"): planted states and starts.</summary>
public class WormTrialPathTests
{
    /// <summary>A state of a two-node worm with its head at (hx, hy), one food at (3, 4) and the given touch and reverse flags.</summary>
    private static double[] State(double hx, double hy, bool touch, bool reverse)
    {
        var s = new double[WormState.Length(2, 1, 0)];
        s[WormState.Nodes] = 2;
        s[WormState.Foods] = 1;
        s[WormState.HeadTouch] = touch ? 1 : 0;
        s[WormState.Reverse] = reverse ? 1 : 0;
        s[WormState.HeaderLength] = hx; // x[0], the head
        s[WormState.HeaderLength + 1] = hx - 0.1;
        s[WormState.HeaderLength + 2] = hy; // y[0]
        s[WormState.HeaderLength + 3] = hy;
        int food = WormState.HeaderLength + 4 * 2;
        s[food] = 3;
        s[food + 1] = 4;
        return s;
    }

    [Fact]
    public void OnWorldStep_PlantedPath_KeepsClosestEndTouchAndReverse()
    {
        var path = new WormTrialPath();
        // Head distances to the food at (3, 4): 5, 1, 0.5, 2.5; touching on the first and third step, reversing on the last.
        path.OnWorldStep(0, State(0, 0, true, false), []);
        path.OnWorldStep(1, State(3, 3, false, false), []);
        path.OnWorldStep(2, State(3, 3.5, true, false), []);
        path.OnWorldStep(3, State(1.5, 2, false, true), []);
        Assert.Equal(4, path.Steps);
        Assert.Equal(0.5, path.ClosestFoodDistance, 12);
        Assert.Equal(2.5, path.EndFoodDistance, 12);
        Assert.Equal(2, path.HeadTouchSteps);
        Assert.Equal(1, path.ReverseSteps);
    }

    [Fact]
    public void OnWorldStep_NoFood_DistancesStayInfinite()
    {
        var path = new WormTrialPath();
        var s = new double[WormState.Length(2, 0, 0)];
        s[WormState.Nodes] = 2;
        path.OnWorldStep(0, s, []);
        Assert.True(double.IsPositiveInfinity(path.ClosestFoodDistance));
        Assert.True(double.IsPositiveInfinity(path.EndFoodDistance));
    }

    [Theory]
    [InlineData(0.0, 0.0)] // food straight ahead (+x, heading 0)
    [InlineData(Math.PI / 2, -90.0)] // heading +y: the food on +x lies to the right
    [InlineData(-Math.PI / 2, 90.0)] // heading -y: to the left
    [InlineData(Math.PI, 180.0)] // facing away: +180, never -180
    [InlineData(5 * Math.PI / 2, -90.0)] // a heading past 2 pi wraps
    public void StartBearingDegrees_FoodOnPlusX_AngleFromTheHeading(double heading, double expected)
    {
        var trial = new WormTrial(1, 1, heading, 4, 1, 0, 0);
        Assert.Equal(expected, WormTrialPath.StartBearingDegrees(trial), 9);
        Assert.Equal(3, WormTrialPath.StartDistance(trial), 12);
    }

    [Fact]
    public void RunTrial_WithThePath_StartsAtTheTrialsDistanceAndEndsWhereTheScoreSays()
    {
        // A real 2 s trial of the reference network: the path's first distance cannot exceed the trial's start distance by
        // more than the step's crawl, and its end distance is the start distance less the progress the score reports.
        var task = new WormKlinotaxisTask(new WormTaskOptions { Trials = 1, EpisodeSeconds = 2 });
        var trial = task.TestTrials(1)[0];
        var path = new WormTrialPath();
        var r = task.RunTrial(WormReferenceNetwork.Build(), trial, path);
        Assert.False(r.Success);
        Assert.Equal(r.Steps, path.Steps);
        Assert.Equal(WormTrialPath.StartDistance(trial) - r.Progress, path.EndFoodDistance, 9);
        Assert.True(path.ClosestFoodDistance <= path.EndFoodDistance);
    }
}
