using System.Globalization;
using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The checkpoint of a partitioned run (docs/distributed.md, "Checkpoints over ranks"): one file per rank, FILE.rank-K-of-N,
/// each the rank's own state (its neurons, the synapses onto them, the window's spikes not yet exchanged) with the
/// partition in its metadata, resumed only by a job of the same N ranks, partition and spike exchange. Every rank writes
/// its part beside the old one (FILE.rank-K-of-N.next), the ranks meet, and only then does each replace its part: a rank
/// that cannot write stops the job before any part is replaced.
/// </summary>
public static partial class SimulationCheckpoint
{
    /// <summary>The file of rank <paramref name="rank"/>'s part of checkpoint <paramref name="path"/> in a job of <paramref name="ranks"/>.</summary>
    /// <param name="path">The checkpoint as named on the command line.</param>
    /// <param name="rank">The rank.</param>
    /// <param name="ranks">The job's size.</param>
    /// <returns><c>path.rank-K-of-N</c>.</returns>
    public static string PartPath(string path, int rank, int ranks) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}.rank-{rank}-of-{ranks}");

    /// <summary>Writes this rank's part (collective: every rank of the job calls it at the same step).</summary>
    internal static void SavePart(SpikingEngine engine, string path, PartOfJob part, ICommunicator comm)
    {
        string mine = part.Path(path), next = mine + ".next";
        Save(engine, next, part);
        // A rank that could not write its part has stopped with its sentence and told the others (docs/distributed.md,
        // "When a rank fails"): they end in this barrier, before any part is replaced.
        Span<long> written = [1];
        comm.AllReduce(written, ReductionOperation.Min);
        File.Move(next, mine, overwrite: true);
    }

    /// <summary>Reads this rank's part and checks that every rank's part is of one step (collective).</summary>
    internal static (NeuroSharp.Formats.SafetensorsContent Content, SimulationCheckpointMetadata Metadata) ReadPart(SpikingEngine engine, string path, PartOfJob part, ICommunicator comm)
    {
        var read = Read(engine, path, part);
        Span<long> least = [read.Metadata.Step], most = [read.Metadata.Step];
        comm.AllReduce(least, ReductionOperation.Min);
        comm.AllReduce(most, ReductionOperation.Max);
        if (least[0] != most[0])
            throw new InvalidInputException($"{PartPath(path, 0, part.Ranks)} ... {PartPath(path, part.Ranks - 1, part.Ranks)}: the parts are of steps {least[0]} to {most[0]}, not one step; "
                + "the job that wrote them stopped while it replaced them (each rank's part of the newer step may be left as its .next file).");
        return read;
    }

    /// <summary>A file that is not there: when it was written by a job of another shape, the sentence says how to resume it.</summary>
    private static void RefuseMissing(string path, PartOfJob? part)
    {
        string wanted = part is null ? path : part.Path(path);
        if (File.Exists(wanted)) return;
        int? ranks = PartsFound(path);
        if (part is null && ranks is { } n)
            throw new InvalidInputException($"{path} was written by an MPI job of {n} ranks ({PartPath(path, 0, n)} ...): resume it under mpiexec -n {n}.");
        if (part is null) return; // the reader's own sentence: no such file
        if (ranks is { } m && m != part.Ranks)
            throw new InvalidInputException($"{path} was written by an MPI job of {m} ranks ({PartPath(path, 0, m)} ...), but this job has {part.Ranks}: resume it under mpiexec -n {m}.");
        if (ranks is null && File.Exists(path))
            throw new InvalidInputException($"{path} was written by one process, not by an MPI job: resume it without mpiexec.");
        throw new InvalidInputException($"{wanted}: no such file (rank {part.Rank}'s part of the checkpoint {path} for {part.Ranks} ranks).");
    }

    /// <summary>The rank count of the parts of <paramref name="path"/> found beside it (by their rank 0's file), or null.</summary>
    private static int? PartsFound(string path)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) return null;
        string prefix = Path.GetFileName(full) + ".rank-0-of-";
        foreach (string f in Directory.EnumerateFiles(folder, Path.GetFileName(full) + ".rank-0-of-*"))
        {
            if (int.TryParse(Path.GetFileName(f).AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0) return n;
        }
        return null;
    }

    /// <summary>Refuses a file of another job's shape: a part read by one process, one process's file or another rank's part read by a rank.</summary>
    private static void RefuseOtherJob(string file, SimulationCheckpointMetadata meta, PartOfJob? part)
    {
        if (part is null)
        {
            if (meta.Ranks is { } n)
                throw new InvalidInputException($"{file}: ranks is {n}: it is rank {meta.Rank}'s part of an MPI job's checkpoint; resume it under mpiexec -n {n}.");
            return;
        }
        if (meta.Ranks is null)
            throw new InvalidInputException($"{file}: has no ranks: it is one process's checkpoint; resume it without mpiexec.");
        if (meta.Ranks != part.Ranks || meta.Rank != part.Rank)
            throw new InvalidInputException($"{file}: rank is {meta.Rank} of {meta.Ranks}, but this is rank {part.Rank} of {part.Ranks}; the file was renamed or copied.");
        if (meta.Partition != part.Partition)
            throw new InvalidInputException($"{file}: partition is {meta.Partition}, but this run's is {part.Partition}; resume with --partition {meta.Partition}.");
        if (meta.SpikeExchange != part.SpikeExchange)
            throw new InvalidInputException($"{file}: spikeExchange is {meta.SpikeExchange}, but this run's is {part.SpikeExchange}; resume with --spike-exchange {meta.SpikeExchange}.");
    }
}

/// <summary>Which part of a partitioned run's checkpoint a rank writes and reads.</summary>
/// <param name="Rank">The rank.</param>
/// <param name="Ranks">The job's size.</param>
/// <param name="Partition">"round-robin" or "blocks".</param>
/// <param name="SpikeExchange">"routed" or "all-gather" (what the run uses, not the option).</param>
internal sealed record PartOfJob(int Rank, int Ranks, string Partition, string SpikeExchange)
{
    /// <summary>This rank's file of checkpoint <paramref name="checkpoint"/>.</summary>
    public string Path(string checkpoint) => SimulationCheckpoint.PartPath(checkpoint, Rank, Ranks);
}
