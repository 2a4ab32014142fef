using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// Saves and loads a trained (or half-trained) STDP-MNIST network as safetensors: <c>inputWeights</c>
/// F32 [inputs, neurons], <c>theta</c> F64 [neurons] (F32 in files written before theta was kept in double), optionally <c>assignments</c> I64 [neurons], with
/// <see cref="StdpMnistModelMetadata"/> as JSON. Writes are atomic (a checkpoint is never half
/// written); loads check format, version, shapes and values and name the file in every error.
/// </summary>
public static class StdpMnistModelFile
{
    /// <summary>The format name.</summary>
    public const string FormatName = "neurosharp.stdp-mnist";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The model file kind: metadata JSON, format and version, checked on every load.</summary>
    public static ModelFile<StdpMnistModelMetadata> Kind { get; } = new(StdpMnistJsonContext.Default.StdpMnistModelMetadata, CurrentVersion, "metadata", [FormatName]);

    /// <summary>A loaded network: the trainer, ready to continue or respond, and the stored assignments if any.</summary>
    /// <param name="Trainer">The trainer with the saved weights, thresholds and image count.</param>
    /// <param name="Assignments">Each neuron's class, or null.</param>
    /// <param name="Metadata">The metadata read.</param>
    public sealed record Loaded(StdpMnistTrainer Trainer, int[]? Assignments, StdpMnistModelMetadata Metadata);

    /// <summary>Saves the trainer's state (and assignments) to <paramref name="path"/>; returns the metadata JSON.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="assignments">Each neuron's class, or null.</param>
    /// <param name="labelSamples">How many labelled images made the assignments (recorded), or null.</param>
    /// <param name="sidecar">Whether to write the metadata beside it as well (model.json beside model.safetensors).</param>
    /// <returns>The metadata JSON.</returns>
    public static string Save(StdpMnistTrainer trainer, string path, int[]? assignments = null, int? labelSamples = null, bool sidecar = false)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var meta = new StdpMnistModelMetadata
        {
            Format = FormatName, Version = CurrentVersion, Seed = trainer.Seed, SamplesSeen = trainer.SamplesSeen, Options = trainer.Options,
            LabelSamples = assignments is null ? null : labelSamples,
        };
        var tensors = new List<SafetensorsTensor>
        {
            SafetensorsTensor.FromSingle("inputWeights", trainer.InputWeights(), trainer.InputCount, trainer.NeuronCount),
            SafetensorsTensor.FromDouble("theta", trainer.ThetaExact(), trainer.NeuronCount),
        };
        if (assignments is not null)
        {
            if (assignments.Length != trainer.NeuronCount) throw new ArgumentException($"Expected {trainer.NeuronCount} assignments, got {assignments.Length}.", nameof(assignments));
            tensors.Add(SafetensorsTensor.FromInt64("assignments", assignments.Select(a => (long)a).ToArray(), trainer.NeuronCount));
        }
        return Kind.Save(path, meta, tensors, sidecar);
    }

    /// <summary>Loads a saved network.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The trainer, assignments and metadata.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid STDP-MNIST network of a supported version.</exception>
    public static Loaded Load(string path)
    {
        var (content, meta) = Kind.Read(path);
        if (meta.SamplesSeen < 0) throw new InvalidInputException($"{path}: samplesSeen must be at least 0 (got {meta.SamplesSeen}).");
        try
        {
            meta.Options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}", e);
        }
        int d = meta.Options.Network.InputCount, n = meta.Options.Network.ExcitatoryCount;
        var weights = content.Require("inputWeights", SafetensorsDataType.F32, d, n).ToSingleArray();
        // F64 since theta is kept in double (files written before hold F32).
        bool oldTheta = content.Tensors.TryGetValue("theta", out var saved) && saved.DataType == SafetensorsDataType.F32;
        var theta = oldTheta
            ? Array.ConvertAll(content.Require("theta", SafetensorsDataType.F32, n).ToSingleArray(), x => (double)x)
            : content.Require("theta", SafetensorsDataType.F64, n).ToDoubleArray();
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || !float.IsFinite(weights[i])) throw new InvalidInputException($"{path}: inputWeights element {i} is {weights[i]}; weights must be finite and >= 0.");
        }
        for (int i = 0; i < theta.Length; i++)
        {
            if (!double.IsFinite(theta[i])) throw new InvalidInputException($"{path}: theta element {i} is {theta[i]}; values must be finite.");
        }
        int[]? assignments = null;
        if (content.Tensors.ContainsKey("assignments"))
        {
            var a = content.Require("assignments", SafetensorsDataType.I64, n).ToInt64Array();
            assignments = new int[n];
            for (int j = 0; j < n; j++)
            {
                if (a[j] < -1 || a[j] > int.MaxValue) throw new InvalidInputException($"{path}: assignments element {j} is {a[j]}; a class index or -1 is expected.");
                assignments[j] = (int)a[j];
            }
        }
        return new Loaded(StdpMnistTrainer.Restore(meta.Options, meta.Seed, weights, theta, meta.SamplesSeen), assignments, meta);
    }
}
