using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// worm-withdrawal (docs/world-worm.md): the worm starts just in front of a wall or a round obstacle, facing it.
/// It must crawl into it and, when its head is touched, back away (the withdrawal reflex). Trial fitness: 0 if
/// the head never touches; else 0.25 + 0.75 x min(1, back-off / (half a body length)), where back-off is the
/// largest gain in the head's clearance within <see cref="WithdrawalSeconds"/> s after the first touch; minus the
/// energy term. A trial succeeds when the back-off reaches half a body length.
/// </summary>
public sealed class WormWithdrawalTask : WormTaskBase
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "worm-withdrawal";

    /// <summary>Seconds after the first touch in which the back-off counts.</summary>
    public const double WithdrawalSeconds = 5;

    /// <summary>Builds the task.</summary>
    /// <param name="options">The world and the binding; null for 15 s trials and otherwise the defaults.</param>
    /// <param name="memory">The most each network's engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    public WormWithdrawalTask(WormTaskOptions? options = null, MemoryBudget? memory = null) : base(options ?? new WormTaskOptions { EpisodeSeconds = 15 }, memory)
    {
        if (Math.Min(Options.Arena.Width, Options.Arena.Height) < 2 * Options.Body.BodyLength + 2)
            throw new InvalidOptionException(nameof(WormArenaOptions), nameof(WormArenaOptions.Width),
                "must be at least two body lengths + 2 mm so that the worm fits behind an obstacle", Math.Min(Options.Arena.Width, Options.Arena.Height));
    }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override WormTaskBase WithOptions(WormTaskOptions options) => new WormWithdrawalTask(options, Memory);

    /// <inheritdoc/>
    protected override ulong TestSeed => 0x7769746864726177; // "withdraw"

    /// <inheritdoc/>
    public override WormTrial DrawTrial(RandomStream random)
    {
        var a = Options.Arena;
        double gap = 0.1 + 0.3 * random.NextDouble();
        double tilt = (random.NextDouble() - 0.5) * 0.8;
        double r = Options.Body.BodyRadius;
        if (random.NextDouble() < 0.5)
        {
            // A round obstacle in the middle region, the head facing its centre (up to +-0.4 rad off).
            double radius = 0.3 + 0.3 * random.NextDouble();
            double room = Options.Body.BodyLength + radius + 1;
            double cx = room + random.NextDouble() * (a.Width - 2 * room);
            double cy = room + random.NextDouble() * (a.Height - 2 * room);
            double angle = 2 * Math.PI * random.NextDouble();
            double hx = cx + Math.Cos(angle) * (radius + r + gap), hy = cy + Math.Sin(angle) * (radius + r + gap);
            return new WormTrial(hx, hy, angle + Math.PI + tilt, cx, cy, radius, random.NextUInt64());
        }
        int side = random.NextInt(4);
        double along = 1 + random.NextDouble() * ((side < 2 ? a.Height : a.Width) - 2);
        return side switch
        {
            0 => new WormTrial(r + gap, along, Math.PI + tilt, double.NaN, double.NaN, 0, random.NextUInt64()),
            1 => new WormTrial(a.Width - r - gap, along, tilt, double.NaN, double.NaN, 0, random.NextUInt64()),
            2 => new WormTrial(along, r + gap, -Math.PI / 2 + tilt, double.NaN, double.NaN, 0, random.NextUInt64()),
            _ => new WormTrial(along, a.Height - r - gap, Math.PI / 2 + tilt, double.NaN, double.NaN, 0, random.NextUInt64()),
        };
    }

    /// <inheritdoc/>
    protected override void Furnish(WormWorld world, WormTrial trial)
    {
        world.Reset(trial.HeadX, trial.HeadY, trial.Heading);
        if (trial.TargetRadius > 0) world.AddObstacle(trial.TargetX, trial.TargetY, trial.TargetRadius);
    }

    /// <inheritdoc/>
    protected override WormTrialResult Score(WormEpisode episode, WormTrial trial, IWorldObserver? observer, CancellationToken cancellationToken)
    {
        var world = episode.World;
        int total = Options.EpisodeSteps, window = (int)Math.Round(WithdrawalSeconds / Options.Body.WorldStep);
        int touchedAt = -1;
        double atTouch = 0, backoff = 0;
        while (episode.Steps < total)
        {
            if ((episode.Steps & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            episode.Step(observer);
            var (hx, hy) = world.Head;
            double clearance = world.Clearance(hx, hy);
            if (touchedAt < 0 && world.HeadTouched)
            {
                touchedAt = episode.Steps;
                atTouch = clearance;
            }
            else if (touchedAt >= 0)
            {
                backoff = Math.Max(backoff, clearance - atTouch);
                if (episode.Steps - touchedAt >= window) break;
            }
        }
        double half = 0.5 * Options.Body.BodyLength;
        double fitness = touchedAt < 0 ? 0 : 0.25 + 0.75 * Math.Min(1, backoff / half);
        fitness -= EnergyPenalty(world.Energy);
        return new WormTrialResult(touchedAt >= 0 && backoff >= half, fitness, backoff, world.Energy, episode.Steps);
    }
}
