namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>One trial's set-up: where the worm starts, where the food or the obstacle is, and the engine's seed.</summary>
/// <param name="HeadX">Head x in mm.</param>
/// <param name="HeadY">Head y in mm.</param>
/// <param name="Heading">Direction from tail to head in radians.</param>
/// <param name="TargetX">Food x (klinotaxis) or obstacle centre x (withdrawal; NaN for a wall) in mm.</param>
/// <param name="TargetY">Food y or obstacle centre y in mm.</param>
/// <param name="TargetRadius">Obstacle radius in mm (0 for food or a wall).</param>
/// <param name="EngineSeed">The network engine's seed for this trial.</param>
public readonly record struct WormTrial(double HeadX, double HeadY, double Heading, double TargetX, double TargetY, double TargetRadius, ulong EngineSeed);

/// <summary>What one trial did.</summary>
/// <param name="Success">Food reached (klinotaxis) or backed off after the touch (withdrawal).</param>
/// <param name="Fitness">The trial's score.</param>
/// <param name="Progress">Klinotaxis: distance gained towards the food in mm; withdrawal: the largest back-off after the touch in mm.</param>
/// <param name="Energy">Activation spent, in activation-seconds.</param>
/// <param name="Steps">World steps taken.</param>
public readonly record struct WormTrialResult(bool Success, double Fitness, double Progress, double Energy, int Steps);

/// <summary>A summary of many trials (the held-out test set).</summary>
/// <param name="Trials">Trials run.</param>
/// <param name="Successes">Trials that succeeded.</param>
/// <param name="MeanFitness">Mean trial fitness.</param>
public readonly record struct WormTestSummary(int Trials, int Successes, double MeanFitness)
{
    /// <summary>Successes / trials.</summary>
    public double SuccessRate => Trials == 0 ? 0 : Successes / (double)Trials;
}
