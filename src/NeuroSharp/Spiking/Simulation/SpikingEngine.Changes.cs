namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The network file's timed parameter changes (<see cref="NetworkSpec.Changes"/>): before step round(atMs / dt) the
/// population takes the change's model in place, as <see cref="SetModel"/> does, its state and random streams going on, so
/// every step before the change is what the network without it gives, bit for bit. A reset returns to the built models.
/// </summary>
public sealed partial class SpikingEngine
{
    private (int Step, NeuronGroup Group, NeuronModelSpec Model)[] _changes = [];
    private (NeuronGroup Group, NeuronModelSpec Model)[] _builtModels = [];
    private int _nextChange;

    /// <summary>Checks that each change applies in place (tried in order on the built groups, then undone) and lists them by step.</summary>
    private void BuildChanges()
    {
        var changes = Spec.Changes;
        if (changes.Count == 0) return;
        if (_part is not null)
            throw new InvalidInputException($"$.changes: the network has {changes.Count} timed parameter change{(changes.Count == 1 ? "" : "s")}, which a partitioned run does not apply; run it in one process.");
        _changes = new (int, NeuronGroup, NeuronModelSpec)[changes.Count];
        var built = new List<(NeuronGroup, NeuronModelSpec)>();
        for (int k = 0; k < changes.Count; k++)
        {
            var c = changes[k];
            var g = GroupOf(c.Population)!;
            if (!built.Exists(b => ReferenceEquals(b.Item1, g))) built.Add((g, g.Model));
            if (!CanSetModel(c.Population, c.Model) || !g.TryRetune(c.Model))
                throw new InvalidInputException($"$.changes[{k}].params change what '{c.Population}' ({NeuronModels.NameOf(g.Model)}) cannot take in place during a run "
                    + "(a rise time, an adaptive threshold appearing or going, another shape of ports or channels); only values the model recomputes between steps can change.");
            _changes[k] = ((int)Math.Min(int.MaxValue, Math.Round(c.AtMs / DtMs)), g, c.Model);
        }
        _builtModels = [.. built];
        RestoreBuiltModels();
    }

    /// <summary>Applies the changes due at or before <paramref name="step"/> (called before the step).</summary>
    private void ApplyChanges(int step)
    {
        while (_nextChange < _changes.Length && _changes[_nextChange].Step <= step)
        {
            var (_, g, model) = _changes[_nextChange++];
            g.TryRetune(model);
        }
    }

    /// <summary>Back to the models the groups were built with, before any change.</summary>
    private void RestoreBuiltModels()
    {
        foreach (var (g, model) in _builtModels)
        {
            if (!ReferenceEquals(g.Model, model)) g.TryRetune(model);
        }
        _nextChange = 0;
    }
}
