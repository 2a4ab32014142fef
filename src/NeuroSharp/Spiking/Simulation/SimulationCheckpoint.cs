using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The checkpoint of a <see cref="SpikingEngine"/> (docs/formats.md, "Simulation checkpoints"): one safetensors file whose
/// tensors are the engine's state arrays by name (what <see cref="StateVisitor"/> walks: every population's, projection's,
/// delay ring's, input's and monitor's), with <see cref="SimulationCheckpointMetadata"/> as JSON under <c>neurosharp</c>
/// (format, version, the network's hash, the seeds, the step and a hash of the data). Written atomically; read back only
/// into an engine of the same seeds and network, or of one that only gained timed changes, inputs or spike times from the
/// checkpoint's step on (SimulationCheckpoint.Resume.cs), so that resuming gives, bit for bit, what one longer run gives.
/// </summary>
public static partial class SimulationCheckpoint
{
    /// <summary>The format name.</summary>
    public const string FormatName = "neurosharp.simulation-checkpoint";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The file kind: metadata JSON, format and version, checked on every load.</summary>
    public static ModelFile<SimulationCheckpointMetadata> Kind { get; } =
        new(SimulationCheckpointJsonContext.Default.SimulationCheckpointMetadata, CurrentVersion, "checkpoint metadata", [FormatName]);

    /// <summary>
    /// The network's fingerprint: SHA-256 of the network as <c>neurosharp.network</c> JSON (every parameter explicit, whatever
    /// file it was read from), without its durationMs, which a resumed run may lengthen.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <returns>64 lowercase hexadecimal digits.</returns>
    public static string NetworkHash(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NetworkFileWriter.Write(spec with { DurationMs = null }))));
    }

    /// <summary>Writes the engine's state (the writer side of <see cref="StateVisitor"/>).</summary>
    internal static void Save(SpikingEngine engine, string path, PartOfJob? part = null)
    {
        var writer = new Writer();
        engine.VisitState(writer);
        var meta = new SimulationCheckpointMetadata
        {
            Format = FormatName, Version = CurrentVersion, NetworkSha256 = ResumeHash(engine.Spec, engine.StepCount),
            ChangesSha256 = ChangeHashes(engine.Spec, engine.StepCount),
            Seed = engine.Options.Seed, BuildSeed = engine.Options.BuildSeed ?? engine.Options.Seed,
            Step = engine.StepCount, DtMs = engine.DtMs, DataSha256 = DataHash(writer.Tensors),
            Rank = part?.Rank, Ranks = part?.Ranks, Partition = part?.Partition, SpikeExchange = part?.SpikeExchange,
        };
        Kind.Save(path, meta, writer.Tensors);
    }

    /// <summary>Reads a checkpoint, checks it belongs to this engine's network and seeds, and returns its tensors (nothing restored yet).</summary>
    internal static (SafetensorsContent Content, SimulationCheckpointMetadata Metadata) Read(SpikingEngine engine, string path, PartOfJob? part = null)
    {
        RefuseMissing(path, part);
        if (part is not null) path = part.Path(path);
        var (content, meta) = Kind.Read(path);
        RefuseOtherJob(content.Path, meta, part);
        if (meta.Step < 0 || meta.Step > NetworkSpec.MaxSteps)
            throw new InvalidInputException($"{path}: step is {meta.Step}, outside [0, {NetworkSpec.MaxSteps}].");
        string hash = ResumeHash(engine.Spec, meta.Step);
        if (meta.NetworkSha256 != hash)
            throw new InvalidInputException($"{path}: networkSha256 is {Short(meta.NetworkSha256)}..., but this network's is {Short(hash)}...: the checkpoint is of another network file (or another dtMs), "
                + "or of one that differs before the checkpoint's step in more than its timed changes and current inputs (a structural change: run from t = 0).");
        if (meta.Seed != engine.Options.Seed)
            throw new InvalidInputException($"{path}: seed is {meta.Seed}, but this run's seed is {engine.Options.Seed}; resume with --seed {meta.Seed}.");
        ulong buildSeed = engine.Options.BuildSeed ?? engine.Options.Seed;
        if (meta.BuildSeed != buildSeed)
            throw new InvalidInputException($"{path}: buildSeed is {meta.BuildSeed}, but this run's build seed is {buildSeed}.");
        if (meta.DtMs != engine.DtMs)
            throw new InvalidInputException($"{path}: dtMs is {meta.DtMs}, but this run's step is {engine.DtMs} ms.");
        CheckChangesMade(engine.Spec, meta, path);
        if (DataHash(content.Tensors.Values) != meta.DataSha256)
            throw new InvalidInputException($"{path}: dataSha256 does not match the tensors' bytes; the file is damaged.");
        CheckSameState(engine, content, path);
        return (content, meta);
    }

    /// <summary>Overwrites the engine's state with the checkpoint's (the reader side of <see cref="StateVisitor"/>).</summary>
    internal static void Restore(SpikingEngine engine, SafetensorsContent content, SimulationCheckpointMetadata meta)
    {
        var reader = new Reader(content);
        engine.VisitState(reader);
        if (reader.Visited != content.Tensors.Count)
        {
            string extra = content.Tensors.Keys.Order(StringComparer.Ordinal).First(k => !reader.Names.Contains(k));
            throw new InvalidInputException($"{content.Path}: tensor '{extra}' is not part of this network's state; the checkpoint is of another build.");
        }
        if (engine.StepCount != meta.Step)
            throw new InvalidInputException($"{content.Path}: tensor 'step' is {engine.StepCount}, but the metadata's step is {meta.Step}; the file is damaged.");
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    /// <summary>SHA-256 over the tensors in name order: each name, its type, then its bytes.</summary>
    private static string DataHash(IEnumerable<SafetensorsTensor> tensors)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(t.Name + "\0" + t.DataType + "\0"));
            sha.AppendData(t.Data);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The safetensors type a state array is stored as (ulong as I64 and bool as U8, bit for bit).</summary>
    private static SafetensorsDataType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? SafetensorsDataType.F32
        : typeof(T) == typeof(double) ? SafetensorsDataType.F64
        : typeof(T) == typeof(int) ? SafetensorsDataType.I32
        : typeof(T) == typeof(long) || typeof(T) == typeof(ulong) ? SafetensorsDataType.I64
        : typeof(T) == typeof(byte) || typeof(T) == typeof(bool) ? SafetensorsDataType.U8
        : throw new NotSupportedException($"A checkpoint stores no {typeof(T).Name} arrays.");

    private sealed class Writer : StateVisitor
    {
        public List<SafetensorsTensor> Tensors { get; } = [];

        public override bool Reading => false;

        public override void Values<T>(string name, Span<T> values) =>
            Tensors.Add(new SafetensorsTensor(FullName(name), TypeOf<T>(), [values.Length], MemoryMarshal.AsBytes(values).ToArray()));

        public override void Buffer<T>(string name, GrowableBuffer<T> buffer)
        {
            var items = buffer.AsSpan();
            Tensors.Add(new SafetensorsTensor(FullName(name), TypeOf<T>(), [items.Length], MemoryMarshal.AsBytes(items).ToArray()));
        }
    }

    private sealed class Reader(SafetensorsContent content) : StateVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public int Visited => Names.Count;

        public override bool Reading => true;

        public override void Values<T>(string name, Span<T> values)
        {
            var t = content.Require(Take(name), TypeOf<T>(), values.Length);
            t.Data.AsSpan().CopyTo(MemoryMarshal.AsBytes(values));
        }

        public override void Buffer<T>(string name, GrowableBuffer<T> buffer)
        {
            string full = Take(name);
            if (!content.Tensors.TryGetValue(full, out var t)) throw new InvalidInputException($"{content.Path}: tensor '{full}' is missing.");
            if (t.DataType != TypeOf<T>() || t.Shape.Length != 1)
                throw new InvalidInputException($"{content.Path}: tensor '{full}' is {t.DataType} of shape [{string.Join(", ", t.Shape)}], expected a list of {TypeOf<T>()}.");
            buffer.Clear();
            buffer.AddRange(MemoryMarshal.Cast<byte, T>(t.Data.AsSpan()));
        }

        private string Take(string name)
        {
            string full = FullName(name);
            if (!Names.Add(full)) throw new InvalidOperationException($"State '{full}' is visited twice.");
            return full;
        }
    }
}

/// <summary>The JSON metadata of a simulation checkpoint (in the safetensors header under <c>neurosharp</c>). Version 1.</summary>
public sealed record SimulationCheckpointMetadata : IModelMetadata
{
    /// <summary>"neurosharp.simulation-checkpoint".</summary>
    public required string Format { get; init; }

    /// <summary>The format version, 1.</summary>
    public required int Version { get; init; }

    /// <summary>
    /// SHA-256 of the network as the steps before <see cref="Step"/> saw it (<see cref="SimulationCheckpoint.ResumeHash"/>: without
    /// its timed changes and the inputs and spike times that only matter later), in hexadecimal.
    /// </summary>
    public required string NetworkSha256 { get; init; }

    /// <summary>SHA-256 of each timed change made before <see cref="Step"/>, in order (<see cref="SimulationCheckpoint.ChangeHashes"/>); empty when none.</summary>
    public string[] ChangesSha256 { get; init; } = [];

    /// <summary>The run seed (Poisson sources and drive).</summary>
    public required ulong Seed { get; init; }

    /// <summary>The build seed (connectivity, weights, delays, initial values).</summary>
    public required ulong BuildSeed { get; init; }

    /// <summary>Steps taken when the checkpoint was written: the resumed run's next step.</summary>
    public required int Step { get; init; }

    /// <summary>The step length in ms.</summary>
    public required double DtMs { get; init; }

    /// <summary>SHA-256 over the tensors (each name, type and bytes, in name order), in hexadecimal: a damaged file is refused.</summary>
    public required string DataSha256 { get; init; }

    /// <summary>A part of a partitioned run's checkpoint (FILE.rank-K-of-N): the rank K whose neurons it holds; absent in one process's file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Rank { get; init; }

    /// <summary>A part's job size N (the rank count it can be resumed with); absent in one process's file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Ranks { get; init; }

    /// <summary>A part's partition of the neurons over the ranks, "round-robin" or "blocks"; absent in one process's file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    /// <summary>A part's spike exchange, "routed" or "all-gather" (the window's unsent spikes are kept in its layout); absent in one process's file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SpikeExchange { get; init; }
}

/// <summary>Source-generated JSON for <see cref="SimulationCheckpointMetadata"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SimulationCheckpointMetadata))]
internal sealed partial class SimulationCheckpointJsonContext : JsonSerializerContext;
