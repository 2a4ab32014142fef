using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Tasks;

/// <summary>Which pole-balancing benchmark.</summary>
public enum PoleVariant
{
    /// <summary>One pole (1 m, 0.1 kg), all four state variables sensed.</summary>
    SinglePole = 0,
    /// <summary>Two poles (1 m and 0.1 m), all six state variables sensed (Markovian).</summary>
    DoublePole = 1,
    /// <summary>Two poles, only x, theta1 and theta2 sensed (non-Markovian); Gruau et al.'s fitness and the generalisation test.</summary>
    DoublePoleNoVelocity = 2,
}

/// <summary>
/// Pole balancing with a spiking controller. Each sensed variable v drives two sensors, v+ = max(0, v / s) and
/// v- = max(0, -v / s) (push-pull, so an upright, centred cart leaves them silent), plus a bias sensor at 0.5.
/// Each control step (0.02 s) runs the network for 20 ms of engine steps of at most 0.25 ms with those sensors and
/// pushes the cart with F = 10 N clamp((n_right - n_left) / 20, -1, 1), from the spike counts of the two motor
/// neurons (full force at a rate difference of 1 000 Hz). With
/// velocities the fitness is the steps balanced (success: 100 000); without, Gruau et al.'s (1996) fitness over
/// 1 000 steps, and success is 100 000 steps balanced and at least 200 of the 625 generalisation starts.
/// See docs/evolution-pole-balancing.md.
/// </summary>
public sealed class PoleBalancingTask : IControllerTask
{
    /// <summary>The steps that count as balanced for good.</summary>
    public const int SuccessSteps = 100_000;

    /// <summary>The episode length of the no-velocity fitness and of each generalisation start.</summary>
    public const int ShortSteps = 1_000;

    /// <summary>The generalisation starts a solution must balance for <see cref="ShortSteps"/> (of 625).</summary>
    public const int GeneralisationPass = 200;

    /// <summary>The control window, ms (one control step of 0.02 s).</summary>
    public const double WindowMs = 20;

    /// <summary>The motor rate difference, Hz, that gives full force (a count difference of 20 in a 20 ms window).</summary>
    public const double FullForceRateHz = 1000;

    /// <summary>The spike-count difference in one window that gives full force.</summary>
    public const double FullForceCount = FullForceRateHz * WindowMs / 1000;

    /// <summary>
    /// The longest engine step, ms, that pole balancing runs its networks with (80 steps per control step). At 1 ms
    /// the sensors' interspike intervals are whole milliseconds, so their rates take few values and lock to the
    /// window; no controller balanced two poles for more than about 400 steps. See docs/evolution-pole-balancing.md.
    /// </summary>
    public const double EngineStepMs = 0.25;

    /// <summary>The initial angle of pole 1, rad (Stanley and Miikkulainen's 0.07 rad, about 4°).</summary>
    public const double InitialTheta1 = 0.07;

    private readonly int[] _sensed;
    private readonly double[] _scales;

    /// <summary>A pole-balancing task.</summary>
    /// <param name="variant">The benchmark.</param>
    /// <param name="successSteps">Steps that count as success (the standard 100 000; smaller for quick demonstrations).</param>
    /// <param name="testEveryNetwork">double-pole-nv only: run the 100 000-step and generalisation tests inside every evaluation
    /// that balances the 1 000 fitness steps, instead of on each generation's fittest network only (the default, as the
    /// reference NEAT code does; <see cref="TestsGenerationChampion"/>).</param>
    /// <param name="sensorCode">How sensor values become spikes (<see cref="SensorCode.Log"/>, the default, or <see cref="SensorCode.Linear"/>:
    /// docs/evolution-pole-balancing.md, "Sensor codes").</param>
    /// <param name="memory">The most each network's engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    public PoleBalancingTask(PoleVariant variant, int successSteps = SuccessSteps, bool testEveryNetwork = false, SensorCode sensorCode = SensorCode.Log,
        MemoryBudget? memory = null)
    {
        Memory = memory ?? MemoryBudget.Default;
        SensorCode = sensorCode;
        Variant = variant;
        SuccessStepCount = successSteps;
        TestsEveryNetwork = testEveryNetwork;
        (_sensed, _scales) = variant switch
        {
            PoleVariant.SinglePole => (new[] { 0, 1, 2, 3 }, new[] { 2.4, 1.5, 0.2, 1.5 }),
            PoleVariant.DoublePole => (new[] { 0, 1, 2, 3, 4, 5 }, new[] { 2.4, 1.5, 0.2, 1.5, 0.2, 3.0 }),
            _ => (new[] { 0, 2, 4 }, new[] { 2.4, 0.2, 0.2 }),
        };
    }

    /// <summary>The benchmark.</summary>
    public PoleVariant Variant { get; }

    /// <summary>The most each network's engine may allocate.</summary>
    public MemoryBudget Memory { get; }

    /// <summary>How sensor values become sensor spikes.</summary>
    public SensorCode SensorCode { get; }

    /// <summary>Steps that count as success.</summary>
    public int SuccessStepCount { get; }

    /// <summary>double-pole-nv: whether every evaluation that balances 1 000 steps runs the success tests itself (else only each generation's fittest network gets them).</summary>
    public bool TestsEveryNetwork { get; }

    /// <summary>
    /// True for double-pole-nv unless <see cref="TestsEveryNetwork"/>: only each generation's fittest network takes the
    /// 100 000-step test and, if it holds, the generalisation test (<see cref="TestChampion"/>), as the reference NEAT code
    /// runs Gruau et al.'s protocol; <see cref="Evaluate"/> then scores the 1 000-step fitness alone.
    /// </summary>
    public bool TestsGenerationChampion => Variant == PoleVariant.DoublePoleNoVelocity && !TestsEveryNetwork;

    /// <summary>
    /// Gruau et al.'s success test (double-pole-nv): 100 000 steps balanced from the standard start, then at least
    /// <see cref="GeneralisationPass"/> of the 625 generalisation starts (stopped once decided). Other variants: the
    /// <see cref="SuccessStepCount"/> steps alone.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="cancellationToken">Stops the test.</param>
    /// <returns>Whether it passes.</returns>
    public bool TestChampion(NetworkSpec network, CancellationToken cancellationToken = default)
    {
        var controller = new SpikingController(network, InputCount, OutputCount, SensorCode, Memory);
        var start = StartState(InitialTheta1, 0, 0, 0);
        if (Variant != PoleVariant.DoublePoleNoVelocity) return Run(controller, start, SuccessStepCount, null, null, cancellationToken) >= SuccessStepCount;
        return LongAndGeneralisation(controller, start, cancellationToken).Solved;
    }

    /// <summary>double-pole-nv (when only generation champions are tested): a network that balanced the whole
    /// <see cref="ShortSteps"/>-step fitness episode, whose <see cref="TaskEvaluation.WorldSteps"/> are then its steps balanced.</summary>
    /// <param name="evaluation">The network's evaluation.</param>
    /// <returns>Whether it may take <see cref="TestChampion"/> under <see cref="EvolutionRun.TestAllCandidates"/>.</returns>
    public bool IsTestCandidate(TaskEvaluation evaluation) => TestsGenerationChampion && evaluation.WorldSteps >= ShortSteps;

    /// <summary>The chosen model with its engine step cut to at most <see cref="EngineStepMs"/> and the sensor code's sensors (docs/evolution-pole-balancing.md).</summary>
    /// <param name="model">The chosen model.</param>
    /// <returns>The model genomes decode with.</returns>
    public ControllerModel DecodingModel(ControllerModel model)
    {
        var fine = model.DtMs > EngineStepMs ? model with { DtMs = EngineStepMs } : model;
        var sensor = ControllerModel.SensorNeuronFor(SensorCode);
        return Equals(fine.Sensor, sensor) ? fine : fine with { Sensor = sensor }; // a model that already fits is kept as it is
    }

    /// <inheritdoc />
    public string Name => Variant switch
    {
        PoleVariant.SinglePole => "single-pole",
        PoleVariant.DoublePole => "double-pole",
        _ => "double-pole-nv",
    };

    /// <inheritdoc />
    public int InputCount => 2 * _sensed.Length + 1;

    /// <inheritdoc />
    public int OutputCount => 2;

    /// <summary>
    /// The seed circuit: double-pole-nv's <see cref="PoleVelocityCircuit"/> (fast and delayed paths from every sensor), in
    /// the task's sensor code; the state-feedback <see cref="PoleFeedbackCircuit"/> (one mirror-symmetric gain per sensed
    /// variable) for the others, built on the log code's sensors only (none under the linear code).
    /// </summary>
    public CircuitTemplate? Circuit => Variant switch
    {
        PoleVariant.DoublePoleNoVelocity => _cartDelayCircuit ?? PoleVelocityCircuit.TemplateFor(SensorCode),
        _ when SensorCode == SensorCode.Linear => null,
        PoleVariant.DoublePole => PoleFeedbackCircuit.DoublePole,
        _ => PoleFeedbackCircuit.SinglePole,
    };

    private CircuitTemplate? _cartDelayCircuit;

    /// <summary>
    /// double-pole-nv: the start of x's own slow-path delay, ms (<c>evolve --cart-delay</c>), which makes <see cref="Circuit"/>
    /// the nine-number <see cref="PoleVelocityCircuit.WithCartDelay"/>; null (the default) keeps the eight-number circuit.
    /// </summary>
    /// <exception cref="InvalidInputException">Another variant, or a start outside the range.</exception>
    public double? CartDelayMs
    {
        get => _cartDelayCircuit?.Parameters[^1].Start;
        set
        {
            if (value is not null && Variant != PoleVariant.DoublePoleNoVelocity)
                throw new InvalidInputException($"--cart-delay applies to task double-pole-nv (the delay-line circuit), not {Name}.");
            _cartDelayCircuit = value is { } d ? PoleVelocityCircuit.WithCartDelay(SensorCode, d) : null;
        }
    }

    /// <summary>
    /// NEAT's options for the pole tasks (docs/evolution-pole-balancing.md, "NEAT on the pole tasks"): the initial weight, the
    /// perturbation and the weight limit of <see cref="NeatOptions"/> multiplied by <see cref="NeatWeightFactor"/>, so that
    /// one of NEAT's weight units is 50 mV (the circuits' gain step) rather than the LIF model's 5 mV, and delays up to
    /// <see cref="NeatMaxDelaySteps"/>. The compatibility's weight coefficient stays 0.4 per 5 mV: weights count ten times
    /// more in the distance, which keeps the species apart (divided by ten, every genome fell into one species). A pair may
    /// hold <see cref="NeatParallelLinks"/> links (a fast and a delayed path, as the delay-line circuit has), and each genome
    /// adapts its own mutation size (<see cref="NeatOptions.AdaptiveMutation"/>). The compatibility threshold is steered by a
    /// factor of 1.1 a generation (<see cref="NeatOptions.RelativeThresholdStep"/>): with a fixed step of 0.3 the pole runs kept
    /// about 110 species of one or two genomes each for dozens of generations. A mutated weight is always perturbed, never drawn
    /// anew (<see cref="NeatOptions.WeightPerturbRate"/> 1): a redraw does not adapt, and at NEAT's 10 % per weight nearly every
    /// offspring of a 26-link genome had two or three of its weights replaced by N(0, 50 mV) draws.
    /// </summary>
    public NeatOptions NeatDefaults
    {
        get
        {
            var o = new NeatOptions();
            return o with
            {
                WeightInitScale = o.WeightInitScale * NeatWeightFactor,
                WeightPerturbPower = o.WeightPerturbPower * NeatWeightFactor,
                WeightLimit = o.WeightLimit * NeatWeightFactor,
                MaxDelaySteps = NeatMaxDelaySteps,
                MaxParallelLinks = NeatParallelLinks,
                AdaptiveMutation = true,
                RelativeThresholdStep = true,
                ThresholdStep = 0.1,
                WeightPerturbRate = 1,
                BiasSensor = InputCount - 1,
            };
        }
    }

    /// <summary>How much larger NEAT's weights are on the pole tasks than its defaults: 10, so that a unit of NEAT's (1.0 with
    /// the defaults) is 50 mV on the LIF model's 5 mV scale.</summary>
    public const double NeatWeightFactor = 10;

    /// <summary>The longest delay NEAT may give a link on the pole tasks: two control windows (40 ms) in engine steps.</summary>
    public const int NeatMaxDelaySteps = (int)(2 * WindowMs / EngineStepMs);

    /// <summary>The most links NEAT may hold from one source to one target on the pole tasks: two, a fast and a delayed path.</summary>
    public const int NeatParallelLinks = 2;

    /// <summary>One control window in engine steps (the delay of the delay-line start topology's slow links).</summary>
    public const int WindowSteps = (int)(WindowMs / EngineStepMs);

    /// <summary>
    /// double-pole-nv's NEAT start topology (<c>evolve --algorithm neat --circuit</c>; docs/evolution-pole-balancing.md, "NEAT on
    /// the pole tasks"): the delay-line circuit's links at its operating point. Every push-pull sensor reaches both motors by a
    /// fast link (lane 0, no delay) and a slow one (lane 1, one window), start weight 0 (the circuit's gains start at 0), and the
    /// bias sensor both motors at once with the circuit's start bias (<see cref="PoleVelocityCircuit.StartBiasMv"/>, or
    /// <see cref="PoleVelocityCircuit.LinearStartBiasMv"/> under the linear code) in units of the LIF model's weight scale.
    /// 26 links; NEAT's first genomes are these start weights plus its initial draws, as CMA-ES's first candidates are the
    /// circuit's start plus one step. Null for the other variants.
    /// </summary>
    public IReadOnlyList<SeedLink>? NeatStartLinks
    {
        get
        {
            if (Variant != PoleVariant.DoublePoleNoVelocity) return null;
            int inputs = InputCount, right = inputs, left = inputs + 1;
            double bias = (SensorCode == SensorCode.Linear ? PoleVelocityCircuit.LinearStartBiasMv : PoleVelocityCircuit.StartBiasMv) / ControllerModel.Lif.WeightScale;
            var links = new List<SeedLink>();
            for (int lane = 0; lane < 2; lane++)
            {
                int delay = lane == 0 ? 0 : WindowSteps;
                for (int s = 0; s < inputs - 1; s++)
                {
                    links.Add(new(s, right, delay, lane));
                    links.Add(new(s, left, delay, lane));
                }
            }
            links.Add(new(inputs - 1, right, 0, 0, bias));
            links.Add(new(inputs - 1, left, 0, 0, bias));
            return links;
        }
    }

    /// <summary>
    /// The pole tasks' mirror symmetry (<c>evolve --algorithm neat --mirror</c>; docs/evolution-neat.md, "Mirror-tied genes"): the
    /// physics is unchanged when the state and the force change sign, and a sign change swaps each push sensor v+ (id 2k) with its
    /// pull sensor v- (2k + 1) and the motor "push right" with "push left"; the bias sensor is its own image. The delay-line and
    /// state-feedback circuits have this symmetry (v+ to "push right" carries the weight of v- to "push left").
    /// </summary>
    public IReadOnlyList<int> NeatMirror
    {
        get
        {
            int inputs = InputCount;
            var m = new int[inputs + OutputCount];
            for (int k = 0; k < inputs - 1; k++) m[k] = k ^ 1;
            m[inputs - 1] = inputs - 1;
            m[inputs] = inputs + 1;
            m[inputs + 1] = inputs;
            return m;
        }
    }

    /// <inheritdoc />
    public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default) =>
        EvaluateWith(BuildController(network), random, observer, cancellationToken);

    /// <inheritdoc />
    public SpikingController BuildController(NetworkSpec network) => new(network, InputCount, OutputCount, SensorCode, Memory);

    /// <inheritdoc />
    public TaskEvaluation EvaluateWith(SpikingController controller, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var start = StartState(InitialTheta1, 0, 0, 0);
        if (Variant != PoleVariant.DoublePoleNoVelocity)
        {
            int balanced = Run(controller, start, SuccessStepCount, observer, null, cancellationToken);
            return new TaskEvaluation(balanced, balanced >= SuccessStepCount, balanced);
        }
        var wiggle = new WiggleWindow();
        int steps = Run(controller, start, ShortSteps, observer, wiggle, cancellationToken);
        double fitness = GruauFitness(steps, wiggle.Sum);
        if (steps < ShortSteps || TestsGenerationChampion) return new TaskEvaluation(fitness, false, steps);
        var (solved, cost) = LongAndGeneralisation(controller, start, cancellationToken);
        return new TaskEvaluation(fitness, solved, steps + cost);
    }

    /// <summary>The 100 000-step run and, if it holds, the generalisation test (stopped once decided: evolution needs only
    /// pass or fail; evolve reports the champion's full score).</summary>
    private (bool Solved, long WorldSteps) LongAndGeneralisation(SpikingController controller, CartPole start, CancellationToken cancellationToken)
    {
        int longRun = Run(controller, start, SuccessStepCount, null, null, cancellationToken);
        if (longRun < SuccessStepCount) return (false, longRun);
        var (score, cost) = Generalisation(controller, cancellationToken, stopWhenDecided: true);
        return (score >= GeneralisationPass, longRun + cost);
    }

    /// <summary>The steps of the episode <see cref="Evaluate"/> shows its observer: <see cref="ShortSteps"/> for double-pole-nv (its fitness episode), else <see cref="SuccessStepCount"/>.</summary>
    public int ObservedEpisodeSteps => Variant == PoleVariant.DoublePoleNoVelocity ? ShortSteps : SuccessStepCount;

    /// <summary>
    /// One episode from the standard start (pole 1 at <see cref="InitialTheta1"/>) for up to <paramref name="steps"/>
    /// control steps, every step shown to <paramref name="observer"/>: what <c>play --steps</c> runs when it asks for
    /// more than <see cref="ObservedEpisodeSteps"/>. It scores nothing (Gruau's fitness is defined over 1 000 steps).
    /// </summary>
    /// <param name="network">The controller.</param>
    /// <param name="steps">The most control steps, at least 1.</param>
    /// <param name="observer">Sees every step.</param>
    /// <param name="cancellationToken">Stops the episode.</param>
    /// <returns>The steps balanced (<paramref name="steps"/> when the poles never fell).</returns>
    public int PlayEpisode(NetworkSpec network, int steps, IWorldObserver? observer, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var controller = new SpikingController(network, InputCount, OutputCount, SensorCode, Memory);
        return Run(controller, StartState(InitialTheta1, 0, 0, 0), steps, observer, null, cancellationToken);
    }

    /// <summary>
    /// Gruau et al.'s (1996) fitness of a no-velocity episode: f = 0.1 f1 + 0.9 f2 with f1 = t / 1000 and f2 = 0 when
    /// t &lt; 100, else 0.75 / (the sum over the last 100 steps of |x| + |x'| + |theta1| + |theta1'|).
    /// </summary>
    /// <param name="steps">Steps balanced, t (at most <see cref="ShortSteps"/>).</param>
    /// <param name="wiggle">The sum over the episode's last 100 steps (ignored when t &lt; 100).</param>
    /// <returns>The fitness.</returns>
    public static double GruauFitness(int steps, double wiggle) =>
        0.1 * steps / ShortSteps + 0.9 * (steps < 100 ? 0 : 0.75 / Math.Max(wiggle, 1e-12));

    /// <summary>
    /// The generalisation test (Gruau et al. 1996): from each of 625 starts (x, x', theta1, theta1' each at 0.05,
    /// 0.25, 0.5, 0.75, 0.95 of ±2.16 m, ±1.35 m/s, ±3.6° (0.0628 rad), ±8.6°/s (0.15 rad/s); pole 2 upright), how many the network
    /// balances for 1 000 steps.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="cancellationToken">Stops the test.</param>
    /// <returns>Starts balanced, of 625.</returns>
    public int GeneralisationScore(NetworkSpec network, CancellationToken cancellationToken = default) =>
        Generalisation(new SpikingController(network, InputCount, OutputCount, SensorCode, Memory), cancellationToken).Score;

    /// <summary>The 625 starts; with <paramref name="stopWhenDecided"/> it stops once <see cref="GeneralisationPass"/> starts have
    /// passed or too few remain to reach it (the score is then a bound, not the full count).</summary>
    private (int Score, long Cost) Generalisation(SpikingController controller, CancellationToken cancellationToken, bool stopWhenDecided = false)
    {
        ReadOnlySpan<double> levels = [0.05, 0.25, 0.5, 0.75, 0.95];
        int score = 0, tried = 0;
        long cost = 0;
        foreach (double a in levels)
            foreach (double b in levels)
                foreach (double c in levels)
                    foreach (double d in levels)
                    {
                        var s = StartState(c * 0.1256 - 0.0628, a * 4.32 - 2.16, b * 2.7 - 1.35, d * 0.3 - 0.15);
                        int steps = Run(controller, s, ShortSteps, null, null, cancellationToken);
                        cost += steps;
                        if (steps >= ShortSteps) score++;
                        tried++;
                        if (stopWhenDecided && (score >= GeneralisationPass || score + 625 - tried < GeneralisationPass)) return (score, cost);
                    }
        return (score, cost);
    }

    private CartPole StartState(double theta1, double x, double xDot, double theta1Dot) => new()
    {
        X = x, XDot = xDot, Theta1 = theta1, Theta1Dot = theta1Dot, TwoPoles = Variant != PoleVariant.SinglePole,
    };

    /// <summary>Runs one episode from rest; returns the steps balanced (at most <paramref name="limit"/>).</summary>
    private int Run(SpikingController controller, CartPole cart, int limit, IWorldObserver? observer, WiggleWindow? wiggle, CancellationToken cancellationToken)
    {
        controller.Reset();
        controller.Observe(observer);
        int window = controller.StepsIn(WindowMs);
        Span<double> state = stackalloc double[6];
        Span<double> sensors = stackalloc double[InputCount];
        for (int t = 0; t < limit; t++)
        {
            if ((t & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            cart.CopyTo(state);
            for (int k = 0; k < _sensed.Length; k++)
            {
                double v = state[_sensed[k]] / _scales[k];
                sensors[2 * k] = Math.Max(0, v);
                sensors[2 * k + 1] = Math.Max(0, -v);
            }
            sensors[^1] = 0.5;
            controller.SetSensors(sensors);
            var counts = controller.Run(window);
            double action = Math.Clamp((counts[0] - counts[1]) / FullForceCount, -1, 1);
            cart.Step(action * CartPole.ForceMagnitude);
            wiggle?.Add(t, cart);
            if (observer is not null)
            {
                cart.CopyTo(state);
                observer.OnWorldStep(t, state, counts);
            }
            if (cart.Failed) return t;
        }
        return limit;
    }

    /// <summary>Gruau's denominator: the sum of |x| + |x'| + |theta1| + |theta1'| over the last 100 steps.</summary>
    private sealed class WiggleWindow
    {
        private readonly double[] _ring = new double[100];
        public double Sum => _ring.Sum();

        public void Add(int t, in CartPole s) =>
            _ring[t % 100] = Math.Abs(s.X) + Math.Abs(s.XDot) + Math.Abs(s.Theta1) + Math.Abs(s.Theta1Dot);
    }
}
