using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>
/// Saves and loads a dense network with its training state as safetensors: <c>weight.l</c>
/// [n_{l-1}, n_l], <c>bias.l</c> [n_l], the momentum buffers <c>velocity.weight.l</c> and
/// <c>velocity.bias.l</c>, and the rule's feedback matrices by name, with <see cref="MlpFileMetadata"/>
/// as JSON. The same file is the checkpoint (<see cref="LoadTrainer"/> resumes it) and the model
/// (<see cref="LoadNetwork"/>). Writes are atomic; loads check format, version, shapes, ranges and
/// finiteness, and name the file in every error.
/// </summary>
public static class MlpFile
{
    /// <summary>The format name.</summary>
    public const string Format = "neurosharp.mlp";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The model file kind: metadata JSON, format and version, checked on every load.</summary>
    public static ModelFile<MlpFileMetadata> Kind { get; } = new(LearningJsonContext.Default.MlpFileMetadata, CurrentVersion, "network metadata", [Format]);

    /// <summary>
    /// Saves a trainer (network, momentum, feedback matrices, progress and random stream states). Wall-clock
    /// times are left out (a loaded trainer's earlier epochs have 0 seconds), so identical runs write identical bytes.
    /// </summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="sidecar">Whether to write the metadata beside it as well (model.json beside model.safetensors).</param>
    /// <returns>The metadata JSON.</returns>
    public static string Save(MlpTrainer trainer, string path, bool sidecar = false)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var net = trainer.Network;
        var meta = new MlpFileMetadata
        {
            Format = Format, Version = CurrentVersion, Network = net.Spec, Training = trainer.Options, Seed = trainer.Seed,
            Pretrained = trainer.IsPretrained, EpochsDone = trainer.EpochsDone, BatchesDone = trainer.BatchesDone,
            // No wall-clock times: the same run must give the same bytes (timings go to the run's metrics).
            EpochLossSum = trainer.EpochLossSum, EpochErrors = trainer.EpochErrors, EpochSeconds = 0,
            DropoutStream = trainer.BatchesDone > 0 ? trainer.DropoutState?.ToHex() : null,
            SpikeStream = trainer.BatchesDone > 0 ? trainer.SpikeState?.ToHex() : null,
            History = [.. trainer.History.Select(r => r with { Seconds = 0 })],
        };
        var tensors = new List<SafetensorsTensor>();
        for (int l = 1; l <= net.WeightLayerCount; l++)
        {
            long nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            tensors.Add(SafetensorsTensor.FromSingle($"weight.{l}", net.WeightArray(l), nIn, nOut));
            tensors.Add(SafetensorsTensor.FromSingle($"bias.{l}", net.BiasArray(l), nOut));
            tensors.Add(SafetensorsTensor.FromSingle($"velocity.weight.{l}", trainer.WeightVelocity(l), nIn, nOut));
            tensors.Add(SafetensorsTensor.FromSingle($"velocity.bias.{l}", trainer.BiasVelocity(l), nOut));
        }
        foreach (var b in trainer.Rule.FeedbackMatrices) tensors.Add(SafetensorsTensor.FromSingle(b.Name, b.Array, b.Rows, b.Columns));
        return Kind.Save(path, meta, tensors, sidecar);
    }

    /// <summary>Reads only the metadata.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The validated metadata.</returns>
    /// <exception cref="InvalidInputException">The file is missing or not a valid network of a supported version.</exception>
    public static MlpFileMetadata ReadMetadata(string path) => Read(path).Metadata;

    /// <summary>Loads the network alone, for inference.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid network of a supported version.</exception>
    public static Mlp LoadNetwork(string path)
    {
        var (content, meta) = Read(path);
        return ReadNetwork(content, meta);
    }

    /// <summary>Loads a trainer to continue exactly where it was saved.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid checkpoint of a supported version.</exception>
    public static MlpTrainer LoadTrainer(string path)
    {
        var (content, meta) = Read(path);
        var net = ReadNetwork(content, meta);
        var rule = MlpTrainer.CreateRule(net, meta.Training, meta.Seed);
        foreach (var b in rule.FeedbackMatrices) Finite(path, b.Name, content.Require(b.Name, SafetensorsDataType.F32, b.Rows, b.Columns).ToSingleArray()).CopyTo(b.Values);
        var trainer = MlpTrainer.Restore(net, meta.Training, rule, meta.Seed);
        for (int l = 1; l <= net.WeightLayerCount; l++)
        {
            long nIn = net.LayerSize(l - 1), nOut = net.LayerSize(l);
            Finite(path, $"velocity.weight.{l}", content.Require($"velocity.weight.{l}", SafetensorsDataType.F32, nIn, nOut).ToSingleArray()).CopyTo(trainer.WeightVelocity(l), 0);
            Finite(path, $"velocity.bias.{l}", content.Require($"velocity.bias.{l}", SafetensorsDataType.F32, nOut).ToSingleArray()).CopyTo(trainer.BiasVelocity(l), 0);
        }
        RandomStreamState? dropout = meta.DropoutStream is null ? null : State(path, "dropoutStream", meta.DropoutStream);
        RandomStreamState? spikes = meta.SpikeStream is null ? null : State(path, "spikeStream", meta.SpikeStream);
        if (meta.BatchesDone > 0 && (dropout is null || spikes is null))
            throw new InvalidInputException($"{path}: batchesDone is {meta.BatchesDone} but dropoutStream or spikeStream is missing.");
        trainer.RestoreProgress(meta.Pretrained, meta.EpochsDone, meta.BatchesDone, meta.EpochLossSum, meta.EpochErrors, meta.EpochSeconds, meta.History, dropout, spikes);
        return trainer;
    }

    private static Mlp ReadNetwork(SafetensorsContent content, MlpFileMetadata meta)
    {
        string path = content.Path;
        var spec = meta.Network;
        int layers = spec.WeightLayerCount;
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 1; l <= layers; l++)
        {
            long nIn = spec.LayerSizes[l - 1], nOut = spec.LayerSizes[l];
            weights[l - 1] = Finite(path, $"weight.{l}", content.Require($"weight.{l}", SafetensorsDataType.F32, nIn, nOut).ToSingleArray());
            biases[l - 1] = Finite(path, $"bias.{l}", content.Require($"bias.{l}", SafetensorsDataType.F32, nOut).ToSingleArray());
        }
        return new Mlp(spec, weights, biases);
    }

    /// <summary>Reads the file, checks format and version (<see cref="Kind"/>), then the fields of a network.</summary>
    private static (SafetensorsContent Content, MlpFileMetadata Metadata) Read(string path)
    {
        var (content, meta) = Kind.Read(path);
        if (meta.Network is null) throw new InvalidInputException($"{path}: metadata field 'network' is missing.");
        if (meta.Training is null) throw new InvalidInputException($"{path}: metadata field 'training' is missing.");
        try
        {
            meta.Network.Validate();
            meta.Training.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}", e);
        }
        if (meta.EpochsDone < 0 || meta.EpochsDone > meta.Training.Epochs)
            throw new InvalidInputException($"{path}: epochsDone must be in [0, {meta.Training.Epochs}] (got {meta.EpochsDone}).");
        if (meta.BatchesDone < 0) throw new InvalidInputException($"{path}: batchesDone must be at least 0 (got {meta.BatchesDone}).");
        if (!double.IsFinite(meta.EpochLossSum) || !double.IsFinite(meta.EpochSeconds))
            throw new InvalidInputException($"{path}: epochLossSum and epochSeconds must be finite.");
        if (meta.History is null || meta.History.Count != meta.EpochsDone)
            throw new InvalidInputException($"{path}: history must hold one record per completed epoch ({meta.EpochsDone}, got {meta.History?.Count ?? 0}).");
        for (int i = 0; i < meta.History.Count; i++)
        {
            if (meta.History[i] is null) throw new InvalidInputException($"{path}: history[{i}] is null; each completed epoch needs a record.");
        }
        return (content, meta);
    }

    private static RandomStreamState State(string path, string field, string[] words)
    {
        try
        {
            return RandomStreamState.FromHex(words);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"{path}: {field}: {e.Message}", e);
        }
    }

    private static float[] Finite(string path, string tensor, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new InvalidInputException($"{path}: tensor '{tensor}' element {i} is {values[i]}; values must be finite.");
        }
        return values;
    }

}
