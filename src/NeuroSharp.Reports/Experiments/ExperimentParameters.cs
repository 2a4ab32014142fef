namespace NeuroSharp.Reports.Experiments;

/// <summary>
/// What a user asked of an experiment on the command line (<c>experiment run NAME --neurons 400 --samples
/// 60000 --param maxRateHz=70</c>); null or absent: the experiment's own default. Only experiments that
/// implement <see cref="IParameterizedExperiment"/> take any, and only the ones they list.
/// </summary>
public sealed record ExperimentParameters
{
    /// <summary>No parameters (every experiment's defaults).</summary>
    public static ExperimentParameters None { get; } = new();

    /// <summary>Network size (--neurons).</summary>
    public int? Neurons { get; init; }

    /// <summary>Training samples per epoch (--samples).</summary>
    public int? Samples { get; init; }

    /// <summary>Passes over the samples (--epochs).</summary>
    public int? Epochs { get; init; }

    /// <summary>Continue from the checkpoint in the output folder (--resume).</summary>
    public bool Resume { get; init; }

    /// <summary>Samples between checkpoints (--checkpoint-every).</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>Experiment-specific settings (--param KEY=VALUE), by key.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The names of the parameters given: "neurons", "samples", "epochs", "resume", "checkpoint-every", then the keys of <see cref="Values"/>.</summary>
    /// <returns>The names.</returns>
    public IEnumerable<string> GivenNames() => Given().Select(g => g.Name);

    /// <summary>The parameters given, each with its name and how the command line spells it (<c>--neurons</c>, <c>--param KEY</c>).</summary>
    /// <returns>The names and spellings, in the order of <see cref="GivenNames"/>.</returns>
    public IEnumerable<(string Name, string Flag)> Given()
    {
        if (Neurons is not null) yield return ("neurons", "--neurons");
        if (Samples is not null) yield return ("samples", "--samples");
        if (Epochs is not null) yield return ("epochs", "--epochs");
        if (Resume) yield return ("resume", "--resume");
        if (CheckpointEvery is not null) yield return ("checkpoint-every", "--checkpoint-every");
        foreach (string key in Values.Keys) yield return (key, $"--param {key}");
    }
}
