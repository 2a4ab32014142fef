using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Tasks;

/// <summary>
/// The seed circuit of single-pole and double-pole, the tasks that sense every state variable (docs/evolution-pole-balancing.md,
/// "The state-feedback circuit"), whose gains CMA-ES or CoSyNE tune (<c>evolve --task double-pole --algorithm cmaes
/// --circuit</c>). With the velocities sensed, a linear full-state feedback F = sum_v G_v v balances the poles, so
/// the circuit is that controller in spikes: every push-pull sensor reaches both motor neurons directly, v+ exciting
/// "push right" and inhibiting "push left" with the same weight G_v (v- the opposite; the sign of G_v chooses
/// excitation or inhibition), and the bias sensor drives both motors alike. The mirror symmetry is the physics' own
/// (the cart-pole mirrored is a cart-pole), so the search has one gain per state variable and a bias weight: 5
/// numbers for one pole, 7 for two, against the 26 weights of the fully connected network with no hidden neurons.
/// </summary>
public static class PoleFeedbackCircuit
{
    /// <summary>The gain one genome unit moves, mV per spike (as <see cref="PoleVelocityCircuit.GainStepMv"/>: one unit spans the motors' range).</summary>
    public const double GainStepMv = 50;

    /// <summary>The bias weight at the search's start, mV: both motors near 100 Hz at rest, inside their range.</summary>
    public const double StartBiasMv = 10;

    /// <summary>The model the circuit is built of: the controllers' LIF at the pole tasks' 0.25 ms step.</summary>
    public static ControllerModel Model => PoleCircuitNetwork.Model;

    /// <summary>single-pole's circuit: gains on x, x', theta1, theta1' and the bias weight.</summary>
    public static CircuitTemplate SinglePole { get; } = Create("single-pole-state-feedback", ["x", "x'", "theta1", "theta1'"]);

    /// <summary>double-pole's circuit: gains on x, x', theta1, theta1', theta2, theta2' and the bias weight.</summary>
    public static CircuitTemplate DoublePole { get; } = Create("double-pole-state-feedback", ["x", "x'", "theta1", "theta1'", "theta2", "theta2'"]);

    private static CircuitTemplate Create(string name, string[] variables)
    {
        var parameters = variables.Select(v => new CircuitParameter($"{v} gain (mV)", 0, GainStepMv, false)).ToList();
        parameters.Add(new CircuitParameter("bias weight (mV)", StartBiasMv, 5, false));
        return new CircuitTemplate(name, parameters, p => Build(name, variables.Length, p));
    }

    /// <summary>
    /// Builds the circuit: sensors 0 .. 2n - 1 (v+ and v- of each of the n state variables, in the task's order) and the
    /// bias sensor 2n; motors "push right" (0) and "push left" (1); no hidden neurons. One projection per receptor.
    /// </summary>
    /// <param name="name">The network's name.</param>
    /// <param name="variables">The state variables sensed, n.</param>
    /// <param name="p">n gains, then the bias weight, mV.</param>
    /// <returns>The network (populations "input" 2n + 1 and "output" 2, as the pole tasks bind).</returns>
    public static NetworkSpec Build(string name, int variables, double[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length != variables + 1) throw new ArgumentException($"The state-feedback circuit of {variables} variables has {variables + 1} parameters, got {p.Length}.", nameof(p));
        int inputs = 2 * variables + 1;
        const int right = 0, left = 1;
        var links = new List<(int S, int T, double W)>();
        for (int v = 0; v < variables; v++)
        {
            int plus = 2 * v, minus = 2 * v + 1;
            double g = p[v];
            links.Add((plus, right, g));
            links.Add((plus, left, -g));
            links.Add((minus, right, -g));
            links.Add((minus, left, g));
        }
        links.Add((inputs - 1, right, p[^1]));
        links.Add((inputs - 1, left, p[^1]));
        var projections = new List<ProjectionSpec>();
        foreach (var receptor in new[] { Receptor.Excitatory, Receptor.Inhibitory })
        {
            var chosen = links.Where(l => l.W != 0 && (l.W < 0) == (receptor == Receptor.Inhibitory)).ToList();
            if (chosen.Count == 0) continue;
            projections.Add(new ProjectionSpec
            {
                Name = $"input->output:{(receptor == Receptor.Inhibitory ? "inh" : "exc")}",
                Source = IEvolutionTask.InputPopulation,
                Target = IEvolutionTask.OutputPopulation,
                Receptor = receptor,
                Connectivity = new ExplicitConnectivity
                {
                    Sources = [.. chosen.Select(l => l.S)],
                    Targets = [.. chosen.Select(l => l.T)],
                    Weights = [.. chosen.Select(l => Math.Abs(l.W))],
                },
            });
        }
        return PoleCircuitNetwork.Build(name, $"The pole tasks' state-feedback circuit (docs/evolution-pole-balancing.md): each of {variables} sensed variables pushes the cart through both motors with one mirror-symmetric gain.", ControllerModel.SensorNeuron, inputs, projections);
    }
}
