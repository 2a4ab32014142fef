namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// Watches one worm trial and keeps what tells a failure's kind (docs/world-worm.md, "Why a trial fails"): the head's
/// closest approach to a food and its distance at the end (a worm that came near but ran out of time, against one that
/// never came), and the world steps on which the head pressed on a wall or obstacle or the wave ran backwards (a worm
/// stuck at a wall). One instance per trial; it allocates nothing per step.
/// </summary>
public sealed class WormTrialPath : IWorldObserver
{
    /// <summary>The head's smallest distance to the nearest food over the trial, in mm; infinity without food or steps.</summary>
    public double ClosestFoodDistance { get; private set; } = double.PositiveInfinity;

    /// <summary>The head's distance to the nearest food after the last step, in mm; infinity without food or steps.</summary>
    public double EndFoodDistance { get; private set; } = double.PositiveInfinity;

    /// <summary>World steps after which the head pressed on a wall or obstacle.</summary>
    public int HeadTouchSteps { get; private set; }

    /// <summary>World steps whose wave ran backwards (the reverse command).</summary>
    public int ReverseSteps { get; private set; }

    /// <summary>World steps seen.</summary>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
    {
        var (nodes, foods, _) = WormState.Shape(state);
        Steps++;
        if (state[WormState.HeadTouch] > 0) HeadTouchSteps++;
        if (state[WormState.Reverse] > 0) ReverseSteps++;
        double hx = state[WormState.HeaderLength], hy = state[WormState.HeaderLength + nodes];
        int food = WormState.HeaderLength + 4 * nodes;
        double nearest = double.PositiveInfinity;
        for (int f = 0; f < foods; f++)
        {
            double dx = state[food + 3 * f] - hx, dy = state[food + 3 * f + 1] - hy;
            nearest = Math.Min(nearest, Math.Sqrt(dx * dx + dy * dy));
        }
        EndFoodDistance = nearest;
        ClosestFoodDistance = Math.Min(ClosestFoodDistance, nearest);
    }

    /// <summary>
    /// The angle from a trial's start heading to the direction of its food, in degrees in (-180, 180]: 0 when the worm
    /// starts facing the food, positive when the food lies to its left (counterclockwise).
    /// </summary>
    /// <param name="trial">A klinotaxis trial (the target is the food).</param>
    /// <returns>The bearing in degrees.</returns>
    public static double StartBearingDegrees(WormTrial trial)
    {
        double towards = Math.Atan2(trial.TargetY - trial.HeadY, trial.TargetX - trial.HeadX);
        double d = Math.IEEERemainder(towards - trial.Heading, 2 * Math.PI);
        if (d <= -Math.PI) d += 2 * Math.PI;
        return d * 180 / Math.PI;
    }

    /// <summary>The distance from a trial's start head to its target (the food), in mm.</summary>
    /// <param name="trial">A klinotaxis trial.</param>
    /// <returns>The distance.</returns>
    public static double StartDistance(WormTrial trial) =>
        Math.Sqrt((trial.TargetX - trial.HeadX) * (trial.TargetX - trial.HeadX) + (trial.TargetY - trial.HeadY) * (trial.TargetY - trial.HeadY));
}
