using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What a checkpoint must agree on with the network it resumes into (docs/formats.md, "Simulation checkpoints", "Resuming a
/// network that changed later"): the network as the steps before the checkpoint's step saw it. Timed changes due from that step
/// on, current inputs that switch on from then on (off, at 0, before), a constant or sine input's stop from then on, and the
/// spike times of a spikeTimes source from then on cannot have touched the state, so a network that adds or moves only those
/// resumes, bit for bit as one run of it from 0; the changes made before the step must be the checkpoint's, one by one.
/// </summary>
public static partial class SimulationCheckpoint
{
    /// <summary>
    /// The network's fingerprint as seen by the steps before <paramref name="step"/>: SHA-256 of <see cref="SeenBefore"/> as
    /// <c>neurosharp.network</c> JSON (timed changes apart: <see cref="ChangeHashes"/>).
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="step">The checkpoint's step (the resumed run's first).</param>
    /// <returns>64 lowercase hexadecimal digits.</returns>
    public static string ResumeHash(NetworkSpec spec, int step)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Sha256(NetworkFileWriter.Write(SeenBefore(spec, step)));
    }

    /// <summary>
    /// The network less what only matters from <paramref name="step"/> on: no durationMs and no timed changes; no current input
    /// that switches on at or after the step with a baseline of 0; a constant or sine input that stops at or after the step as
    /// one that never stops (a ramp's stop shapes it all along); a spikeTimes source without its spikes at or after the step.
    /// </summary>
    internal static NetworkSpec SeenBefore(NetworkSpec spec, int step)
    {
        var inputs = new List<InputSpec>(spec.Inputs.Count);
        foreach (var input in spec.Inputs)
        {
            if (input is CurrentInputSpec c)
            {
                if (c.Baseline == 0 && StepOf(c.StartMs, spec.DtMs) >= step) continue;
                if (c.Waveform != CurrentWaveform.Ramp && c.StopMs is { } stop && StepOf(stop, spec.DtMs) >= step)
                {
                    inputs.Add(c with { StopMs = null });
                    continue;
                }
            }
            inputs.Add(input);
        }
        var populations = new List<PopulationSpec>(spec.Populations.Count);
        foreach (var p in spec.Populations)
            populations.Add(p.Model is SpikeTimesSourceSpec s ? p with { Model = SpikesBefore(s, step, spec.DtMs) } : p);
        return spec with { DurationMs = null, Changes = [], Inputs = inputs, Populations = populations };
    }

    /// <summary>SHA-256 of each timed change due before <paramref name="step"/> (made by then), in order: its atMs, population and whole model.</summary>
    /// <param name="spec">The network.</param>
    /// <param name="step">The checkpoint's step.</param>
    /// <returns>One hash per change made, in hexadecimal.</returns>
    public static string[] ChangeHashes(NetworkSpec spec, int step)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hashes = new List<string>();
        foreach (var c in spec.Changes)
        {
            if (StepOf(c.AtMs, spec.DtMs) >= step) break; // in order of time: the rest are later still
            hashes.Add(ChangeHash(c));
        }
        return [.. hashes];
    }

    /// <summary>
    /// Refuses, in one sentence naming the change, a network whose timed changes before the checkpoint's step are not those it
    /// made: one changed, added before the step, or removed (or moved past it).
    /// </summary>
    private static void CheckChangesMade(NetworkSpec spec, SimulationCheckpointMetadata meta, string path)
    {
        var now = ChangeHashes(spec, meta.Step);
        var made = meta.ChangesSha256;
        string at = (meta.Step * spec.DtMs).ToString("R", CultureInfo.InvariantCulture);
        const string Hint = "only the changes from then on may differ; run from t = 0 (without --resume) to change an earlier one.";
        for (int k = 0; k < Math.Min(now.Length, made.Length); k++)
        {
            if (now[k] != made[k])
                throw new InvalidInputException($"{path}: the network's $.changes[{k}] ({Describe(spec.Changes[k])}) is not the change the checkpoint made there, before its t = {at} ms; {Hint}");
        }
        if (now.Length > made.Length)
            throw new InvalidInputException($"{path}: the network's $.changes[{made.Length}] ({Describe(spec.Changes[made.Length])}) falls before the checkpoint's t = {at} ms, but the run it continues made no such change; {Hint}");
        if (now.Length < made.Length)
            throw new InvalidInputException($"{path}: the checkpoint made {made.Length} timed changes before its t = {at} ms, but the network's $.changes has {now.Length} before then; {Hint}");
    }

    /// <summary>
    /// Refuses, before anything is restored, a network with state arrays the checkpoint lacks (a population, projection, input,
    /// rule or monitor added or reshaped before the checkpoint's step is caught by the hash; this is the one added later).
    /// </summary>
    private static void CheckSameState(SpikingEngine engine, SafetensorsContent content, string path)
    {
        var names = new NameCollector();
        engine.VisitState(names);
        foreach (string name in names.Names)
        {
            if (!content.Tensors.ContainsKey(name))
                throw new InvalidInputException($"{path}: the network has state '{name}' that the checkpoint lacks (a population, projection, input or monitor added: a structural change); run from t = 0 (without --resume).");
        }
    }

    private static string Describe(ModelChangeSpec c) =>
        $"atMs {c.AtMs.ToString("R", CultureInfo.InvariantCulture)}, population '{c.Population}'";

    private static string ChangeHash(ModelChangeSpec c)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("atMs", c.AtMs);
            w.WriteString("population", c.Population);
            w.WriteString("model", NeuronModels.NameOf(c.Model));
            w.WriteStartObject("params");
            NeuronModels.DescriptorOf(c.Model).Write(w, c.Model);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static SpikeTimesSourceSpec SpikesBefore(SpikeTimesSourceSpec s, int step, double dtMs)
    {
        var indices = new List<int>(s.Indices.Count);
        var times = new List<double>(s.TimesMs.Count);
        for (int k = 0; k < s.TimesMs.Count; k++)
        {
            if (StepOf(s.TimesMs[k], dtMs) >= step) continue;
            indices.Add(s.Indices[k]);
            times.Add(s.TimesMs[k]);
        }
        return s with { Indices = indices, TimesMs = times };
    }

    /// <summary>The step a time falls in, as the engine rounds it (changes, current inputs, spike times).</summary>
    private static long StepOf(double ms, double dtMs) => (long)Math.Round(ms / dtMs);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Collects the names of the state arrays (visits as a writer does, copying nothing).</summary>
    private sealed class NameCollector : StateVisitor
    {
        public List<string> Names { get; } = [];

        public override bool Reading => false;

        public override void Values<T>(string name, Span<T> values) => Names.Add(FullName(name));

        public override void Buffer<T>(string name, GrowableBuffer<T> buffer) => Names.Add(FullName(name));
    }
}
