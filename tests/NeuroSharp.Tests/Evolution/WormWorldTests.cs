using NeuroSharp.Evolution.Worlds.Worm;

namespace NeuroSharp.Tests.Evolution;

/// <summary>The worm's physics (docs/world-worm.md): rest, symmetry, undulation, contact, sensors, energy.</summary>
public class WormWorldTests
{
    private static WormWorld Straight(double heading = 0, double headX = 3, double headY = 3, double dish = 6)
    {
        var w = new WormWorld(arena: new WormArenaOptions { Width = dish, Height = dish });
        w.Reset(headX, headY, heading);
        return w;
    }

    // A head command oscillating left/right with period P world steps (a sine split into two one-sided muscles).
    private static void Undulate(WormWorld w, int steps, int period = 50, bool reverse = false, double start = 0)
    {
        for (int t = 0; t < steps; t++)
        {
            double s = Math.Sin(2 * Math.PI * t / period + start);
            w.Step(Math.Max(0, s), Math.Max(0, -s), reverse);
        }
    }

    [Fact]
    public void Step_NoMuscleInput_BodyDoesNotMove()
    {
        var w = Straight(0.7);
        double[] x0 = w.X.ToArray(), y0 = w.Y.ToArray();
        for (int t = 0; t < 500; t++) w.Step(0, 0, false);
        for (int i = 0; i < w.NodeCount; i++)
        {
            Assert.Equal(x0[i], w.X[i], 1e-9);
            Assert.Equal(y0[i], w.Y[i], 1e-9);
        }
        Assert.Equal(0, w.Energy);
    }

    [Fact]
    public void Step_EqualLeftAndRight_StaysStraightAndDoesNotMove()
    {
        var w = Straight(-1.2);
        double[] x0 = w.X.ToArray(), y0 = w.Y.ToArray();
        for (int t = 0; t < 300; t++) w.Step(0.8, 0.8, false);
        for (int i = 0; i < w.NodeCount; i++)
        {
            Assert.Equal(x0[i], w.X[i], 1e-9);
            Assert.Equal(y0[i], w.Y[i], 1e-9);
        }
        Assert.True(w.Energy > 0);
    }

    [Fact]
    public void Step_TravellingWave_MovesHeadFirst()
    {
        double heading = 0.4;
        var w = Straight(heading, 10, 10, dish: 20);
        var (cx, cy) = w.Centre;
        Undulate(w, 1000);
        var (ex, ey) = w.Centre;
        double forward = (ex - cx) * Math.Cos(heading) + (ey - cy) * Math.Sin(heading);
        // 20 s of undulation at 1 Hz: the body crawls forward by several body lengths (it is 0.9 mm long; 4.6 mm seen).
        Assert.True(forward > 3 * w.Body.BodyLength, $"forward {forward} mm");
    }

    [Fact]
    public void Step_ReversedWave_MovesTailFirst()
    {
        double heading = 0.4;
        var w = Straight(heading, 10, 10, dish: 20);
        var (cx, cy) = w.Centre;
        Undulate(w, 1000, reverse: true);
        var (ex, ey) = w.Centre;
        double forward = (ex - cx) * Math.Cos(heading) + (ey - cy) * Math.Sin(heading);
        Assert.True(forward < -3 * w.Body.BodyLength, $"forward {forward} mm");
    }

    [Fact]
    public void Step_IsotropicDrag_UndulationGoesNowhere()
    {
        // Without drag anisotropy an undulating body only wiggles in place: c_n > c_t is what propels it.
        var w = new WormWorld(new WormBodyOptions { NormalDrag = 1 }, new WormArenaOptions { Width = 20, Height = 20 });
        w.Reset(10, 10, 0);
        var (cx, cy) = w.Centre;
        Undulate(w, 1000);
        var (ex, ey) = w.Centre;
        Assert.True(Math.Sqrt((ex - cx) * (ex - cx) + (ey - cy) * (ey - cy)) < 0.1 * w.Body.BodyLength);
    }

    [Fact]
    public void Step_SymmetricWave_KeepsItsHeading()
    {
        // A wave with equal left and right strokes goes straight: the mean heading over the last cycles
        // stays within 0.35 rad (20 degrees) of the start after crawling several body lengths.
        double heading = 1.0;
        var w = Straight(heading, 10, 4, dish: 20);
        Undulate(w, 1500);
        double sum = 0;
        for (int t = 0; t < 100; t++)
        {
            double s = Math.Sin(2 * Math.PI * (1500 + t) / 50);
            w.Step(Math.Max(0, s), Math.Max(0, -s), false);
            sum += w.Heading;
        }
        Assert.InRange(sum / 100, heading - 0.35, heading + 0.35);
    }

    [Fact]
    public void Step_BiasedWave_Turns()
    {
        // A left-biased stroke turns the worm to the left (counterclockwise): the unwrapped heading grows.
        var w = Straight(0, 10, 10, dish: 20);
        double turned = 0, last = w.Heading;
        for (int t = 0; t < 600; t++)
        {
            double s = Math.Sin(2 * Math.PI * t / 50) + 0.4;
            w.Step(Math.Max(0, s), Math.Max(0, -s), false);
            turned += Math.IEEERemainder(w.Heading - last, 2 * Math.PI);
            last = w.Heading;
        }
        Assert.True(turned > 0.5, $"turned {turned} rad");
    }

    [Fact]
    public void Step_CrawlingIntoWall_TouchesHeadAndStaysInside()
    {
        var w = Straight(0, 5.2, 3);
        bool touched = false;
        for (int t = 0; t < 1500; t++)
        {
            double s = Math.Sin(2 * Math.PI * t / 50);
            w.Step(Math.Max(0, s), Math.Max(0, -s), false);
            touched |= w.HeadTouched;
            for (int i = 0; i < w.NodeCount; i++) Assert.InRange(w.X[i], w.Body.BodyRadius, w.Arena.Width - w.Body.BodyRadius);
        }
        Assert.True(touched);
    }

    [Fact]
    public void Step_NoWallNear_NoTouch()
    {
        var w = Straight(0, 3, 3);
        Span<float> s = stackalloc float[WormWorld.SensorCount];
        for (int t = 0; t < 50; t++) w.Step(1, 0, false);
        w.ReadSensors(s);
        Assert.Equal(0, s[3]);
        Assert.Equal(0, s[4]);
    }

    [Fact]
    public void Step_ObstacleInFront_HeadTouchesAndDoesNotEnter()
    {
        var w = Straight(0, 1.5, 3);
        w.AddObstacle(2.6, 3, 0.3);
        bool touched = false;
        for (int t = 0; t < 1000; t++)
        {
            double s = Math.Sin(2 * Math.PI * t / 50);
            w.Step(Math.Max(0, s), Math.Max(0, -s), false);
            touched |= w.HeadTouched;
            for (int i = 0; i < w.NodeCount; i++)
                Assert.True(Math.Sqrt((w.X[i] - 2.6) * (w.X[i] - 2.6) + (w.Y[i] - 3) * (w.Y[i] - 3)) >= 0.3 + w.Body.BodyRadius - 1e-12);
        }
        Assert.True(touched);
    }

    [Fact]
    public void ReadSensors_KnownPositions_SmellAndBend()
    {
        var w = Straight(0, 3, 3);
        w.AddFood(5, 3);
        Span<float> s = stackalloc float[WormWorld.SensorCount];
        w.ReadSensors(s);
        // C = exp(-2 / 2) at 2 mm from the food with lambda = 2 mm; nothing moved yet: no rise, no fall, straight.
        Assert.Equal(Math.Exp(-1), s[0], 1e-6);
        Assert.Equal(0, s[1]);
        Assert.Equal(0, s[2]);
        Assert.Equal(0, s[5]);
        Assert.Equal(0, s[6]);
        Assert.Equal(Math.Exp(-1), w.Smell(3, 3), 1e-12);
        Assert.Equal(2 * Math.Exp(-0.5), w.Smell(5, 4) + w.Smell(5, 2), 1e-12);
        for (int t = 0; t < 30; t++) w.Step(1, 0, false);
        w.ReadSensors(s);
        Assert.True(w.HeadBend > 0);
        Assert.Equal(Math.Min(1, w.HeadBend / w.Body.MaxBend), s[5], 1e-6);
        Assert.Equal(0, s[6]);
    }

    [Fact]
    public void ReadSensors_HeadMovingTowardFood_RiseNotFall()
    {
        var w = Straight(0, 2, 3);
        w.AddFood(5.5, 3);
        Span<float> s = stackalloc float[WormWorld.SensorCount];
        double rise = 0, fall = 0;
        for (int t = 0; t < 500; t++)
        {
            double v = Math.Sin(2 * Math.PI * t / 50);
            w.Step(Math.Max(0, v), Math.Max(0, -v), false);
            w.ReadSensors(s);
            rise += s[1];
            fall += s[2];
        }
        Assert.True(rise > 2 * fall, $"rise {rise}, fall {fall}");
    }

    [Fact]
    public void Step_HeadReachesFood_EatsItOnce()
    {
        var w = Straight(0, 3, 3);
        w.AddFood(3.1, 3);
        w.Step(0, 0, false);
        Assert.Equal(1, w.FoodEaten);
        Assert.True(w.Food(0).Eaten);
        w.Step(0, 0, false);
        Assert.Equal(1, w.FoodEaten);
        Assert.Equal(double.PositiveInfinity, w.NearestFoodDistance());
    }

    [Fact]
    public void Energy_IsActivationTimesTime()
    {
        var w = Straight();
        int joints = w.NodeCount - 2;
        for (int t = 0; t < 200; t++) w.Step(0.5, 0.25, false);
        // After the delay line has filled every joint, each step costs joints x 0.75 x dt; before, fewer joints.
        double filled = (joints - 1) * w.Body.WaveDelaySteps + 1;
        double expected = 0;
        for (int t = 0; t < 200; t++)
        {
            int active = Math.Min(joints, t / w.Body.WaveDelaySteps + 1);
            expected += active * 0.75 * w.Body.WorldStep;
        }
        Assert.True(filled < 200);
        Assert.Equal(expected, w.Energy, 1e-9);
    }

    [Fact]
    public void WriteState_Layout_MatchesDocumentedOrder()
    {
        var w = Straight(0, 3, 3);
        w.AddFood(1, 1);
        w.AddObstacle(5, 5, 0.2);
        w.Step(0.3, 0, false);
        var state = new double[w.StateLength];
        w.WriteState(state);
        var (n, f, o) = WormState.Shape(state);
        Assert.Equal((10, 1, 1), (n, f, o));
        Assert.Equal(w.Time, state[WormState.Time]);
        Assert.Equal(w.X[0], state[WormState.HeaderLength]);
        Assert.Equal(w.Y[9], state[WormState.HeaderLength + 2 * n - 1]);
        Assert.Equal(0.3, state[WormState.HeaderLength + 2 * n + 1]);
        Assert.Equal([1, 1, 0, 5, 5, 0.2], state[^6..]);
    }

    [Fact]
    public void Options_BadValues_RejectedWithOneSentence()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new WormWorld(new WormBodyOptions { Nodes = 2 }));
        Assert.Equal("WormBodyOptions.Nodes must be at least 4 (got 2).", e.Message);
        e = Assert.Throws<InvalidOptionException>(() => new WormWorld(new WormBodyOptions { TimeStep = 0.01 }));
        Assert.StartsWith("WormBodyOptions.TimeStep must keep", e.Message);
        e = Assert.Throws<InvalidOptionException>(() => new WormWorld(arena: new WormArenaOptions { GradientLength = 0 }));
        Assert.Equal("WormArenaOptions.GradientLength must be in (0, 1000000] (got 0).", e.Message);
        var w = new WormWorld();
        var a = Assert.Throws<ArgumentException>(() => w.Reset(0.2, 3, 0));
        Assert.Contains("would leave the 6 x 6 mm dish", a.Message);
    }
}
