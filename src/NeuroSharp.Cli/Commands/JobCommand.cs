using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Distributed;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp job</c>: says which MPI job this process belongs to (ranks, hosts) and checks every
/// collective NeuroSharp uses against known answers, so a user can try a cluster set-up
/// (<c>mpiexec -n 4 neurosharp job</c>, or <c>srun</c>) before a long run. docs/distributed.md.
/// </summary>
public static class JobCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("job", "Show the MPI job of this process (ranks and hosts) and check its collectives; run it under mpiexec or srun.");
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        command.Options.Add(json);
        command.SetAction(parse => Run(ctx, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext ctx, bool json)
    {
        var job = ctx.Job;
        int size = job.Size, rank = job.Rank;
        var hosts = Gather(job, Environment.MachineName);
        var failures = new List<string>();

        // Broadcast: rank 0's bytes everywhere.
        var b = new byte[16];
        if (rank == 0) for (int i = 0; i < b.Length; i++) b[i] = (byte)(i * 7 + 3);
        job.Broadcast(b, 0);
        for (int i = 0; i < b.Length; i++) if (b[i] != (byte)(i * 7 + 3)) { failures.Add("broadcast"); break; }

        // All-to-all: rank r sends r+s+1 bytes of value (r*16+s) to rank s.
        var counts = new int[size];
        var send = new List<byte>();
        for (int s = 0; s < size; s++)
        {
            counts[s] = rank + s + 1;
            send.AddRange(Enumerable.Repeat((byte)(rank * 16 + s), counts[s]));
        }
        var received = new int[size];
        byte[] got = job.AllToAllVariable(send.ToArray(), counts, received);
        int at = 0;
        for (int r = 0; r < size; r++)
        {
            bool ok = received[r] == r + rank + 1;
            for (int k = 0; ok && k < received[r]; k++) ok = got[at + k] == (byte)(r * 16 + rank);
            if (!ok) { failures.Add($"all-to-all from rank {r}"); break; }
            at += received[r];
        }

        // The same all-to-all into a kept buffer (what the partitioned simulate's exchanges use), twice: grown, then reused.
        var buffer = new byte[1];
        for (int pass = 0; pass < 2; pass++)
        {
            int length = job.AllToAllVariable(send.ToArray(), counts, received, ref buffer);
            if (length != got.Length || !buffer.AsSpan(0, length).SequenceEqual(got)) { failures.Add("all-to-all into a buffer"); break; }
        }

        // Gather to rank 0 only: rank r sends r + 1 bytes of value 3r + 1.
        var gathered = job.GatherVariable(Enumerable.Repeat((byte)(3 * rank + 1), rank + 1).ToArray(), received, 0);
        if (rank == 0)
        {
            var expected = Enumerable.Range(0, size).SelectMany(r => Enumerable.Repeat((byte)(3 * r + 1), r + 1)).ToArray();
            if (gathered is null || !gathered.AsSpan().SequenceEqual(expected)) failures.Add("gather");
        }
        else if (gathered is not null) failures.Add("gather (a rank other than the root received)");

        // Reductions: the sum of ranks, the min and max.
        Span<long> sum = [rank, 1];
        job.AllReduce(sum, ReductionOperation.Sum);
        if (sum[0] != (long)size * (size - 1) / 2 || sum[1] != size) failures.Add("sum");
        Span<double> max = [rank + 0.5];
        job.AllReduce(max, ReductionOperation.Max);
        if (max[0] != size - 0.5) failures.Add("max");
        Span<double> min = [rank + 0.5];
        job.AllReduce(min, ReductionOperation.Min);
        if (min[0] != 0.5) failures.Add("min");

        // Everyone agrees on every rank's failures.
        var all = Gather(job, string.Join(';', failures));
        job.Barrier();
        var bad = all.Select((f, r) => (f, r)).Where(t => t.f.Length > 0).Select(t => $"rank {t.r}: {t.f}").ToList();
        if (json)
        {
            var o = new JsonObject
            {
                ["ranks"] = size, ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)h!)]), ["collectives"] = bad.Count == 0 ? "ok" : string.Join("; ", bad),
                ["communicationSeconds"] = Math.Round(job.CommunicationSeconds, 6),
            };
            ctx.Out.WriteLine(o.ToJsonString());
        }
        else
        {
            ctx.Out.WriteLine(job is SingleProcess ? "one process (not started by mpiexec or srun)" : $"MPI job of {size} rank{(size == 1 ? "" : "s")}");
            for (int r = 0; r < size; r++) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rank {r}: {hosts[r]}"));
            ctx.Out.WriteLine(bad.Count == 0 ? "  collectives: broadcast, all-gather, all-to-all, gather, sum/min/max reductions all give the known answers" : $"  collectives FAILED: {string.Join("; ", bad)}");
        }
        if (bad.Count == 0) return NeuroSharpCli.Success;
        ctx.Error.WriteLine($"neurosharp: the job's collectives gave wrong answers ({string.Join("; ", bad)}): check the MPI installation on those hosts.");
        return NeuroSharpCli.RunFailed;
    }

    private static string[] Gather(ICommunicator job, string mine)
    {
        var counts = new int[job.Size];
        byte[] all = job.AllGatherVariable(Encoding.UTF8.GetBytes(mine), counts);
        var result = new string[job.Size];
        int offset = 0;
        for (int r = 0; r < job.Size; r++)
        {
            result[r] = Encoding.UTF8.GetString(all, offset, counts[r]);
            offset += counts[r];
        }
        return result;
    }
}
