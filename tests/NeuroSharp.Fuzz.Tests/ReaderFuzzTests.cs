using System.Globalization;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// Mutated and truncated files for every reader: IDX (plain and gzip), .npy, .csv, network JSON,
/// safetensors and model JSON, and checkpoints resumed by cluster and train. Each case runs the real
/// command on the mutated file; the property is in <see cref="Property"/>. Slow: a process per case.
/// </summary>
[Trait("Category", Categories.Slow)]
public class ReaderFuzzTests(FuzzCorpus corpus) : IClassFixture<FuzzCorpus>
{
    /// <summary>How a seed file is mutated: as bytes, as text, or in the JSON metadata of a safetensors header.</summary>
    private enum Kind { Binary, Text, Metadata }

    /// <summary>A reader: the seed files to copy into the case folder, the one to mutate, how, and the command that reads it.</summary>
    private sealed record Reader(string Name, string[] Copy, string Mutated, Kind Kind, Func<string, string[]> Command);

    private static readonly Reader[] Readers =
    [
        new("idx", ["images-ubyte"], "images-ubyte", Kind.Binary, d => Cluster(d, "images-ubyte")),
        new("idx.gz", ["images-ubyte.gz"], "images-ubyte.gz", Kind.Binary, d => Cluster(d, "images-ubyte.gz")),
        new("npy", ["data.npy"], "data.npy", Kind.Binary, d => Cluster(d, "data.npy")),
        new("csv", ["data.csv"], "data.csv", Kind.Text, d => Cluster(d, "data.csv")),
        new("network-json", ["reflex-arc.json"], "reflex-arc.json", Kind.Text, d => ["simulate", P(d, "reflex-arc.json"), "--duration-ms", "20", "--out", P(d, "out")]),
        new("network-json-ei", ["ei-network.json"], "ei-network.json", Kind.Text, d => ["simulate", P(d, "ei-network.json"), "--duration-ms", "20", "--out", P(d, "out")]),
        // model.json beside a model is a copy for people; the readers take the metadata inside the safetensors header.
        new("safetensors", ["meta/model.safetensors", "meta/model.json"], "meta/model.safetensors", Kind.Binary, Readout),
        new("model-metadata", ["meta/model.safetensors", "meta/model.json"], "meta/model.safetensors", Kind.Metadata, Readout),
        new("checkpoint-cluster", ["cluster/model.safetensors", "cluster/model.json"], "cluster/model.safetensors", Kind.Binary, ResumeCluster),
        new("checkpoint-cluster-metadata", ["cluster/model.safetensors", "cluster/model.json"], "cluster/model.safetensors", Kind.Metadata, ResumeCluster),
        new("checkpoint-train", ["train/model.safetensors", "train/model.json"], "train/model.safetensors", Kind.Binary, ResumeTrain),
        new("checkpoint-train-metadata", ["train/model.safetensors", "train/model.json"], "train/model.safetensors", Kind.Metadata, ResumeTrain),
    ];

    public static TheoryData<string> ReaderNames()
    {
        var data = new TheoryData<string>();
        foreach (var r in Readers) data.Add(r.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void MutatedFiles_EveryRun_ExitsCleanlyOrRefusesInOneSentence(string readerName)
    {
        var reader = Readers.Single(r => r.Name == readerName);
        int cases = FuzzSettings.CasesPerReader;
        var root = new RandomStream(FuzzSettings.Seed).Fork((ulong)Array.IndexOf(Readers, reader) + 1);
        using var work = new TempDirectory();
        var verdicts = new string?[cases];
        var exits = new int[cases];
        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = FuzzSettings.Parallelism }, i =>
        {
            string dir = Path.Combine(work.Path, i.ToString(CultureInfo.InvariantCulture));
            foreach (string f in reader.Copy)
            {
                string to = Path.Combine(dir, Folder(f), Path.GetFileName(f));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(corpus.PathOf(f), to);
            }
            string target = Path.Combine(dir, Folder(reader.Mutated), Path.GetFileName(reader.Mutated));
            var rng = root.Fork((ulong)i);
            byte[] seed = File.ReadAllBytes(target);
            File.WriteAllBytes(target, reader.Kind switch
            {
                Kind.Text => Mutator.MutateText(seed, rng),
                Kind.Metadata => Mutator.MutateSafetensorsMetadata(seed, rng),
                _ => Mutator.MutateBytes(seed, rng),
            });
            var result = CliProcess.Run([.. reader.Command(dir), "--quiet", "--threads", "1", "--memory-limit", CliProcess.MemoryLimit], FuzzSettings.Timeout, dir);
            exits[i] = result.Exit;
            string? v = Property.Violation(result);
            verdicts[i] = v is null ? null : $"case {i} (seed {FuzzSettings.Seed}, input kept at {target}): {v}";
        });
        int refused = exits.Count(e => e == 2), accepted = exits.Count(e => e == 0);
        var failures = verdicts.Where(v => v is not null).ToList();
        FuzzReport.Append(reader.Name, cases, accepted, refused, failures.Count);
        if (failures.Count == 0) return; // the folder goes; a failure keeps its inputs for a replay
        work.Keep();
        Assert.Fail($"{failures.Count} of {cases} mutated {reader.Name} inputs broke the property:\n" + string.Join("\n", failures));
    }

    private static string Folder(string seedPath) => Path.GetDirectoryName(seedPath) is { Length: > 0 } d ? d : "";

    private static string P(string dir, string name) => Path.Combine(dir, name);

    private static string[] Cluster(string d, string file) =>
        ["cluster", "--data", P(d, file), "--clusters", "3", "--samples", "60", "--out", P(d, "out")];

    private static string[] Readout(string d) =>
        ["readout", "--model", P(d, "meta/model.safetensors"), "--data", "mnist", "--test", "mnist:test", "--meta", "2", "--out", P(d, "out")];

    private static string[] ResumeCluster(string d) =>
        ["cluster", "--data", "mnist", "--clusters", "3", "--samples", "400", "--resume", "--out", P(d, "cluster")];

    private static string[] ResumeTrain(string d) =>
        ["train", "--layers", "784,8,10", "--data", "mnist", "--test", "mnist:test", "--rows", "100", "--epochs", "2", "--resume", "--out", P(d, "train")];
}
