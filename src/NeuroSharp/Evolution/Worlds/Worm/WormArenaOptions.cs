namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>The dish the worm crawls in (docs/world-worm.md): a walled rectangle, food that smells, round obstacles.</summary>
public sealed record WormArenaOptions
{
    /// <summary>Width of the dish in mm (walls at x = 0 and x = Width).</summary>
    public double Width { get; init; } = 6;

    /// <summary>Height of the dish in mm (walls at y = 0 and y = Height).</summary>
    public double Height { get; init; } = 6;

    /// <summary>lambda, the decay length of the smell in mm: C(p) = sum over uneaten food of exp(-|p - f| / lambda).</summary>
    public double GradientLength { get; init; } = 2;

    /// <summary>The head eats a food when it comes this close, in mm.</summary>
    public double FoodRadius { get; init; } = 0.25;

    /// <summary>Gain of the chemical change sensors in s: ON = clip(Gain x d ln C / dt, 0, 1), OFF likewise for a fall.</summary>
    public double ChangeGain { get; init; } = 10;

    /// <summary>The most food sources a world holds (its arrays are sized once).</summary>
    public int MaxFoods { get; init; } = 8;

    /// <summary>The most obstacles a world holds.</summary>
    public int MaxObstacles { get; init; } = 8;

    /// <summary>Rejects a value out of range with one sentence naming it.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(WormArenaOptions);
        OptionChecks.InHalfOpen(owner, nameof(Width), Width, 0, 1e6);
        OptionChecks.InHalfOpen(owner, nameof(Height), Height, 0, 1e6);
        OptionChecks.InHalfOpen(owner, nameof(GradientLength), GradientLength, 0, 1e6);
        OptionChecks.InHalfOpen(owner, nameof(FoodRadius), FoodRadius, 0, 1e6);
        OptionChecks.InHalfOpen(owner, nameof(ChangeGain), ChangeGain, 0, 1e6);
        OptionChecks.AtLeast(owner, nameof(MaxFoods), MaxFoods, 0);
        OptionChecks.AtLeast(owner, nameof(MaxObstacles), MaxObstacles, 0);
        if (MaxFoods > 1024) throw new InvalidOptionException(owner, nameof(MaxFoods), "must be at most 1024", MaxFoods);
        if (MaxObstacles > 1024) throw new InvalidOptionException(owner, nameof(MaxObstacles), "must be at most 1024", MaxObstacles);
    }
}
