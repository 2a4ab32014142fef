using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// Decides whether an edited network can be applied to a running engine between steps, and applies it.
/// Live: a LIF, conductance-LIF, Izhikevich, AdEx or Poisson-source population's (or single neuron's) model parameters (SpikingEngine.CanSetModel), a current
/// input's amplitude, a Poisson input's rate, and a projection's constant weight. Everything else
/// (neurons, populations, links, projections or inputs added or removed, counts, connectivity, delays,
/// another model, <c>dtMs</c>, a weight drawn from a distribution) needs a rebuild from step 0.
/// </summary>
/// <remarks>
/// The test is exact: the new network with its live-changeable values put back to the old ones must
/// write the same network file as the old network. So a change this class does not know restarts.
/// </remarks>
internal static class LiveEdit
{
    /// <summary>The changes that take the running engine from <paramref name="old"/> to <paramref name="edited"/>, or null when a rebuild is needed.</summary>
    /// <param name="old">The network the engine runs.</param>
    /// <param name="edited">The edited network (already checked by the reader).</param>
    /// <param name="engine">The running engine.</param>
    /// <returns>The actions to apply between steps (maybe none), or null.</returns>
    public static List<Action<SpikingEngine>>? Plan(NetworkSpec old, NetworkSpec edited, SpikingEngine engine)
    {
        if (old.Neurons.Count != edited.Neurons.Count || old.Populations.Count != edited.Populations.Count
            || old.Inputs.Count != edited.Inputs.Count || old.Projections.Count != edited.Projections.Count)
            return null;
        var actions = new List<Action<SpikingEngine>>();
        var neurons = new SingleNeuronSpec[edited.Neurons.Count];
        for (int i = 0; i < neurons.Length; i++)
        {
            var (o, e) = (old.Neurons[i], edited.Neurons[i]);
            neurons[i] = e with { Model = Model(o.Id, o.Model, e.Id == o.Id ? e.Model : o.Model, engine, actions), X = o.X, Y = o.Y, Color = o.Color, Label = o.Label };
        }
        var populations = new PopulationSpec[edited.Populations.Count];
        for (int i = 0; i < populations.Length; i++)
        {
            var (o, e) = (old.Populations[i], edited.Populations[i]);
            populations[i] = e with { Model = Model(o.Name, o.Model, e.Name == o.Name ? e.Model : o.Model, engine, actions), X = o.X, Y = o.Y, Color = o.Color };
        }
        var inputs = new InputSpec[edited.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Input(i, old.Inputs[i], edited.Inputs[i], actions);
        var projections = new ProjectionSpec[edited.Projections.Count];
        var names = engine.ProjectionNames;
        for (int i = 0; i < projections.Length; i++) projections[i] = Projection(names[i], old.Projections[i], edited.Projections[i], actions);
        var restored = edited with
        {
            Name = old.Name, Description = old.Description,
            Neurons = neurons, Populations = populations, Inputs = inputs, Projections = projections,
        };
        return NetworkFile.ToJson(restored) == NetworkFile.ToJson(old) ? actions : null;
    }

    private static NeuronModelSpec Model(string name, NeuronModelSpec old, NeuronModelSpec edited, SpikingEngine engine, List<Action<SpikingEngine>> actions)
    {
        if (edited.Equals(old) || !engine.CanSetModel(name, edited)) return edited;
        actions.Add(e => e.SetModel(name, edited));
        return old;
    }

    private static InputSpec Input(int index, InputSpec old, InputSpec edited, List<Action<SpikingEngine>> actions)
    {
        switch (old, edited)
        {
            case (CurrentInputSpec o, CurrentInputSpec e):
                // Where the editor draws a current-step node is layout, not simulation.
                var placed = e with { X = o.X, Y = o.Y };
                if (o.Amplitude == e.Amplitude) return placed;
                actions.Add(x => x.SetCurrentAmplitude(index, e.Amplitude));
                return placed with { Amplitude = o.Amplitude };
            case (PoissonInputSpec o, PoissonInputSpec e) when o.RateHz != e.RateHz:
                actions.Add(x => x.SetPoissonInputRate(index, e.RateHz));
                return e with { RateHz = o.RateHz };
            default:
                return edited;
        }
    }

    private static ProjectionSpec Projection(string name, ProjectionSpec old, ProjectionSpec edited, List<Action<SpikingEngine>> actions)
    {
        if (old.Weight.Kind != DistributionKind.Constant || edited.Weight.Kind != DistributionKind.Constant
            || old.Weight.Value == edited.Weight.Value || !(edited.Weight.Value >= 0))
            return edited;
        float w = (float)edited.Weight.Value;
        actions.Add(x =>
        {
            var weights = new float[x.SynapseCountOf(name)];
            Array.Fill(weights, w);
            x.SetWeights(name, weights);
        });
        return edited with { Weight = old.Weight };
    }
}
