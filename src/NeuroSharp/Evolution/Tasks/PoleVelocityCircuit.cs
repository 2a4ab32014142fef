using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Tasks;

/// <summary>
/// The seed circuit of double-pole-nv (docs/evolution-pole-balancing.md, "The delay-line circuit"), whose parameters
/// CMA-ES or CoSyNE tune (<c>evolve --task double-pole-nv --algorithm cmaes --circuit</c>). The task senses x, theta1 and
/// theta2 but not their velocities, so the network must estimate them: every sensor reaches both motor neurons by a fast
/// path (no delay) and a slow path (delayed by about one 20 ms control window), which carries the previous window's
/// spikes. For each sensed variable v the circuit has a position gain P and a velocity gain V: the fast path has weight
/// P + V and the slow path -V, so a motor's drive is (P + V) v(t) - V v(t - 1) = P v(t) + V (v(t) - v(t - 1)), a
/// position term and a finite-difference velocity term, as a linear full-state controller needs. The circuit is
/// push-pull and mirror-symmetric, as the physics is: v+ excites "push right" and inhibits "push left" with the same
/// weight, v- the opposite; the bias sensor drives both motors alike.
/// </summary>
public static class PoleVelocityCircuit
{
    /// <summary>The circuit's name.</summary>
    public const string Name = "double-pole-nv-delay-lines";

    /// <summary>The sensed variables, in the task's sensor order.</summary>
    private static readonly string[] Variables = ["x", "theta1", "theta2"];

    private static readonly string[] Paths = ["fast", "slow"];

    /// <summary>
    /// The gain one genome unit moves, mV per spike. A sensor at 300 Hz through a 50 mV synapse (tau 5 ms) holds a
    /// motor 75 mV above rest, far past its 10 mV threshold, so one unit spans the motors' range (full force is a
    /// 1 000 Hz difference); evolved gains on theta2 are several units.
    /// </summary>
    public const double GainStepMv = 50;

    /// <summary>The bias weight at the search's start, mV: the bias sensor (about 330 Hz) then holds both motors near 100 Hz,
    /// inside their range, so that a sensor can move either motor up or down.</summary>
    public const double StartBiasMv = 10;

    /// <summary>The slow path's delay at the search's start, ms: one control window.</summary>
    public const double StartDelayMs = PoleBalancingTask.WindowMs;

    /// <summary>
    /// The free numbers: for each sensed variable (x, theta1, theta2) its position gain and velocity gain in mV (start 0,
    /// <see cref="GainStepMv"/> per genome unit; the sign chooses excitation or inhibition), then the bias weight onto
    /// both motors (start <see cref="StartBiasMv"/>, 5 mV per unit), then the slow path's delay (start 20 ms, a factor
    /// e^0.5 per unit).
    /// </summary>
    public static IReadOnlyList<CircuitParameter> Parameters { get; } = MakeParameters(StartBiasMv, 5);

    /// <summary>The template evolution searches (component k of a genome moves parameter k).</summary>
    public static CircuitTemplate Template { get; } = new(Name, Parameters, Build);

    /// <summary>
    /// The bias weight at the search's start under <see cref="SensorCode.Linear"/>, mV: the bias sensor then fires at
    /// 1 000 Hz rather than about 330 Hz, so its weight is cut by the same factor to hold the motors near 100 Hz again.
    /// </summary>
    public const double LinearStartBiasMv = StartBiasMv * 330 / (0.5 * SpikingController.LinearMaxRateHz);

    /// <summary>The circuit built with <see cref="SensorCode.Linear"/>'s sensors (<see cref="ControllerModel.LinearSensorNeuron"/>)
    /// and a start bias of <see cref="LinearStartBiasMv"/>; otherwise as <see cref="Template"/>.</summary>
    public static CircuitTemplate LinearTemplate { get; } = new(Name + "-linear", MakeParameters(LinearStartBiasMv, 5 * LinearStartBiasMv / StartBiasMv),
        p => Build(p, SensorCode.Linear));

    /// <summary>The template for a sensor code.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see cref="LinearTemplate"/> or <see cref="Template"/>.</returns>
    public static CircuitTemplate TemplateFor(SensorCode code) => code == SensorCode.Linear ? LinearTemplate : Template;

    /// <summary>The model the circuit is built of: the controllers' LIF at the pole tasks' 0.25 ms step.</summary>
    public static ControllerModel Model => PoleCircuitNetwork.Model;

    /// <summary>The shortest and longest start of the cart's own slow-path delay (<see cref="WithCartDelay"/>), ms; the longest
    /// is also the most that delay becomes, whatever the genome says.</summary>
    public const double MinCartDelayMs = 1, MaxCartDelayMs = 1000;

    /// <summary>
    /// The circuit with a ninth number: the delay of x's slow path, apart from the angles' (docs/evolution-pole-balancing.md,
    /// "A slower difference for the cart"). x's velocity term is then V_x (x(t) - x(t - D_x)); a D_x of k windows counts k
    /// times as many x sensor spikes per cart velocity as one window does, so the slow cart drift is resolved k times finer
    /// (at a lag of about D_x / 2, small beside the drift's period of seconds). The ninth parameter starts at
    /// <paramref name="startMs"/> and moves a factor e^0.5 per genome unit, at most to <see cref="MaxCartDelayMs"/>; the other eight are <see cref="TemplateFor"/>'s.
    /// At a start of <see cref="StartDelayMs"/> the start network equals the eight-number circuit's.
    /// </summary>
    /// <param name="code">The sensor code.</param>
    /// <param name="startMs">The start of x's slow-path delay, <see cref="MinCartDelayMs"/> to <see cref="MaxCartDelayMs"/> ms.</param>
    /// <returns>The nine-number template, named with a "-cart-delay" suffix.</returns>
    /// <exception cref="InvalidInputException">A start outside the range.</exception>
    public static CircuitTemplate WithCartDelay(SensorCode code, double startMs)
    {
        if (!(startMs >= MinCartDelayMs && startMs <= MaxCartDelayMs))
            throw new InvalidInputException($"--cart-delay must be between {MinCartDelayMs} and {MaxCartDelayMs} ms (got {startMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        var eight = TemplateFor(code);
        var parameters = eight.Parameters.Append(new CircuitParameter("x slow path delay (ms)", startMs, 0.5, true)).ToArray();
        return new CircuitTemplate(eight.Name + "-cart-delay", parameters, p => BuildWithCartDelay(p, code));
    }

    /// <summary>Builds <see cref="WithCartDelay"/>'s circuit: <see cref="Build(double[], SensorCode)"/>'s network with x's slow
    /// path delayed by the ninth value instead of the eighth.</summary>
    /// <param name="p">The eight values in <see cref="Parameters"/> order, then x's slow-path delay in ms.</param>
    /// <param name="code">The sensor code.</param>
    /// <returns>The network, named with a "-cart-delay" suffix.</returns>
    public static NetworkSpec BuildWithCartDelay(double[] p, SensorCode code)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length != Parameters.Count + 1) throw new ArgumentException($"The delay-line circuit with a cart delay has {Parameters.Count + 1} parameters, got {p.Length}.", nameof(p));
        var net = Build(p[..^1], code, p[^1]);
        return net with { Name = net.Name + "-cart-delay" };
    }

    private static CircuitParameter[] MakeParameters(double startBiasMv, double biasStepMv)
    {
        var list = new List<CircuitParameter>();
        foreach (var v in Variables)
        {
            list.Add(new($"{v} position gain (mV)", 0, GainStepMv, false));
            list.Add(new($"{v} velocity gain (mV)", 0, GainStepMv, false));
        }
        list.Add(new("bias weight (mV)", startBiasMv, biasStepMv, false));
        list.Add(new("slow path delay (ms)", StartDelayMs, 0.5, true));
        return [.. list];
    }

    /// <summary>
    /// Builds the circuit: sensors 0..6 (x+, x-, theta1+, theta1-, theta2+, theta2-, bias), motors "push right" (0) and
    /// "push left" (1), no hidden neurons; two links per sensor and motor (fast and slow) for the six push-pull sensors,
    /// one per motor for the bias. Projections are split by path and receptor, so none holds a pair twice.
    /// </summary>
    /// <param name="p">The values in <see cref="Parameters"/> order.</param>
    /// <returns>The network (populations "input" 7 and "output" 2, as double-pole-nv binds).</returns>
    public static NetworkSpec Build(double[] p) => Build(p, SensorCode.Log);

    /// <summary>Builds the circuit as <see cref="Build(double[])"/> does, with a sensor code's sensors (<see cref="ControllerModel.SensorNeuronFor"/>);
    /// the linear code's network is named with a "-linear" suffix.</summary>
    /// <param name="p">The values in <see cref="Parameters"/> order.</param>
    /// <param name="code">The sensor code.</param>
    /// <returns>The network.</returns>
    public static NetworkSpec Build(double[] p, SensorCode code) => Build(p, code, null);

    private static NetworkSpec Build(double[] p, SensorCode code, double? cartDelayMs)
    {
        var sensor = ControllerModel.SensorNeuronFor(code);
        string name = code == SensorCode.Linear ? Name + "-linear" : Name;
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length != Parameters.Count) throw new ArgumentException($"The delay-line circuit has {Parameters.Count} parameters, got {p.Length}.", nameof(p));
        const int inputs = 7, right = 0, left = 1;
        double delayMs = Math.Max(0, Math.Round(p[^1] / Model.DtMs)) * Model.DtMs;
        // x's own delay is held to MaxCartDelayMs: the search drives it up freely (a delay longer than the episode switches the
        // x velocity term off), and a delay of minutes gave every synapse a delay ring of millions of steps (gigabytes).
        double xDelayMs = cartDelayMs is { } d ? Math.Min(Math.Max(0, Math.Round(d / Model.DtMs)) * Model.DtMs, MaxCartDelayMs) : delayMs;
        // One projection per (path, receptor), so that no projection holds the same pair twice.
        var groups = new SortedDictionary<(int Path, int Receptor), List<(int S, int T, double W, double D)>>();
        void Link(int path, int source, int target, double mv)
        {
            var key = (path, mv < 0 ? 1 : 0);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            // x's sensors are 0 and 1; their slow path may have its own delay (WithCartDelay).
            list.Add((source, target, Math.Abs(mv), path == 0 ? 0.0 : source < 2 ? xDelayMs : delayMs));
        }
        for (int v = 0; v < Variables.Length; v++)
        {
            int plus = 2 * v, minus = 2 * v + 1;
            double position = p[2 * v], velocity = p[2 * v + 1];
            for (int path = 0; path < 2; path++)
            {
                double w = path == 0 ? position + velocity : -velocity;
                Link(path, plus, right, w);
                Link(path, minus, left, w);
                Link(path, plus, left, -w);
                Link(path, minus, right, -w);
            }
        }
        Link(0, inputs - 1, right, p[^2]);
        Link(0, inputs - 1, left, p[^2]);
        var projections = new List<ProjectionSpec>();
        foreach (var ((path, receptor), list) in groups)
        {
            list.Sort((a, b) => a.S != b.S ? a.S.CompareTo(b.S) : a.T.CompareTo(b.T));
            projections.Add(new ProjectionSpec
            {
                Name = $"input->output:{Paths[path]}:{(receptor == 1 ? "inh" : "exc")}",
                Source = IEvolutionTask.InputPopulation,
                Target = IEvolutionTask.OutputPopulation,
                Receptor = receptor == 1 ? Receptor.Inhibitory : Receptor.Excitatory,
                Connectivity = new ExplicitConnectivity
                {
                    Sources = [.. list.Select(x => x.S)],
                    Targets = [.. list.Select(x => x.T)],
                    Weights = [.. list.Select(x => x.W)],
                    DelaysMs = [.. list.Select(x => x.D)],
                },
            });
        }
        string delays = cartDelayMs is null ? $"{delayMs:G4} ms" : $"{delayMs:G4} ms ({xDelayMs:G4} ms for x)";
        return PoleCircuitNetwork.Build(name, $"The double-pole-nv delay-line circuit (docs/evolution-pole-balancing.md): each sensor reaches both motors by a fast path and a path delayed {delays}.", sensor, inputs, projections);
    }
}
