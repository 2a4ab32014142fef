using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Distributed;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Spiking.Sonata;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp simulate NETWORK.json|NETWORK.nml --duration-ms T | --steps N</c>: runs a network file (JSON, NeuroML 2 by its .nml extension, or a SONATA config) and writes
/// spikes.csv, state.csv (every transmitter neuron's state after every step, and the state monitors),
/// phases.csv (transmitter phases by name), rates.csv (rate monitors) and metrics.json; with
/// <c>--format nwb</c> the recordings go to one NWB 2 file, simulation.nwb, instead of the CSV files.
/// </summary>
public static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("simulate", "Simulate a network file (neurons, populations, projections, inputs, monitors): spikes.csv, state.csv, metrics.json.");
        var network = new Argument<string>("network") { Description = "The network file: JSON (format neurosharp.network, see docs/formats.md), NeuroML 2 (root <neuroml>, see docs/neuroml.md), a LEMS simulation file (root <Lems>: also writes its OutputFiles and EventOutputFiles), or a SONATA config (.json with networks or network, see docs/sonata.md)." };
        var duration = new Option<double?>("--duration-ms") { Description = "Simulated time in ms (rounded to whole steps of the file's dtMs)." };
        var steps = new Option<int?>("--steps") { Description = "Steps to simulate (instead of --duration-ms)." };
        var dtOption = new Option<double?>("--dt-ms") { Description = "The step in ms, instead of the file's dtMs (a LEMS file's Simulation step)." };
        var format = new Option<string>("--format") { Description = "What to write: csv (spikes.csv, state.csv, ...), nwb (simulation.nwb, NWB 2) or csv,nwb.", DefaultValueFactory = _ => "csv" };
        var partition = new Option<string>("--partition")
        {
            Description = "Under mpiexec: how neurons are dealt to ranks, round-robin (global id mod ranks, as NEST) or blocks (contiguous ranges of ids); see docs/distributed.md.",
            DefaultValueFactory = _ => "round-robin",
        };
        partition.AcceptOnlyFromAmong("round-robin", "blocks");
        var exchange = new Option<string>("--spike-exchange")
        {
            Description = "Under mpiexec: all-gather (every rank receives every spike), routed (only the spikes of neurons with a target on the rank, as NEST) or auto (routed when that saves a quarter of the bytes); see docs/distributed.md.",
            DefaultValueFactory = _ => "auto",
        };
        exchange.AcceptOnlyFromAmong("auto", "all-gather", "routed");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the engine's whole state to this file (safetensors) at the end, on Ctrl+C and every --checkpoint-every-ms; --resume continues from it (docs/formats.md, \"Simulation checkpoints\"). Under mpiexec each rank writes FILE.rank-K-of-N." };
        var checkpointEvery = new Option<double?>("--checkpoint-every-ms") { Description = "Simulated ms between checkpoints (with --checkpoint); default: only at the end." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (same network file, --seed and --dt-ms; the file may gain timed changes and inputs from the checkpoint's time on; under mpiexec the same rank count, --partition and --spike-exchange) up to --duration-ms (or --steps) from t = 0; the files written are those of one uninterrupted run." };
        var common = new CommonOptions("out/simulate");
        command.Arguments.Add(network);
        command.Options.Add(duration);
        command.Options.Add(steps);
        command.Options.Add(dtOption);
        command.Options.Add(format);
        command.Options.Add(partition);
        command.Options.Add(exchange);
        command.Options.Add(checkpoint);
        command.Options.Add(checkpointEvery);
        command.Options.Add(resume);
        common.AddTo(command);
        var device = new DeviceOption(withDelivery: true);
        device.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            using var gpu = device.Open(parse);
            string path = parse.GetValue(network)!;
            var (writeCsv, writeNwb) = Formats(parse.GetValue(format));
            // A LEMS file (root <Lems>, whatever its name) brings the run's length and step and the files jnml would write.
            double? dtMs = parse.GetValue(dtOption);
            if (dtMs is { } d && (!(d > 0) || !double.IsFinite(d)))
                throw new InvalidInputException($"--dt-ms must be a number above 0 (got {d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).");
            var lems = LemsFile.IsLems(path) ? LemsFile.Load(path, c.Memory, parse.GetValue(duration), dtMs) : null;
            var spec = lems?.Network ?? NetworkInput.Load(ctx, path, c.Memory, runLengthGiven: parse.GetValue(duration) is not null || parse.GetValue(steps) is not null);
            if (dtMs is { } step) spec = spec with { DtMs = step };
            int stepCount = StepCount(spec, path, parse.GetValue(duration), parse.GetValue(steps));
            if (lems is not null && ctx.Job is not SingleProcess && (lems.OutputFiles.Count > 0 || lems.EventFiles.Count > 0))
                throw new InvalidInputException($"{path}: a LEMS file's OutputFiles and EventOutputFiles are written by one process; run it without mpiexec.");
            // Rank 0 writes the files: it takes --out before the build, so that a folder it cannot create (read-only, under a
            // file) or one another run holds is refused with exit 2 now, not after a long run.
            using var folder = ctx.Job.Rank == 0 ? OutputFolder.Open(c.Out) : null;
            var clock = Stopwatch.StartNew();
            SpikingEngine engine = null!;
            // Under mpiexec (even of one rank) the network is split over the job's ranks; rank 0 writes the merged files.
            var job = ctx.Job is SingleProcess ? null : ctx.Job;
            var backend = device.Backend(parse, gpu);
            // Under mpiexec every rank must stop at one agreed step. A rank that Ctrl+C reaches after its build but before
            // its run listens would exit 130 while the others run on, so a job of several ranks listens from the build on:
            // a Ctrl+C during the build then stops the run at its first agreement, step 0 (docs/distributed.md).
            using var jobCtrlC = job is { Size: > 1 } ? CtrlC.Listen() : null;
            try
            {
                engine = new SpikingEngine(spec, new SimulationOptions
                {
                    Seed = c.Seed, Threads = c.Threads, Backend = backend, Communicator = job,
                    Partition = parse.GetValue(partition) == "blocks" ? PartitionScheme.Blocks : PartitionScheme.RoundRobin,
                    Exchange = parse.GetValue(exchange) switch { "all-gather" => SpikeExchange.AllGather, "routed" => SpikeExchange.Routed, _ => SpikeExchange.Auto },
                }, MemoryLimit.Read(parse));
            }
            catch (InvalidInputException e)
            {
                // Under mpiexec the ranks refuse together: a rank that refuses before the build's first collective
                // meets the others there (AgreeingCommunicator), so every rank exits 2 and rank 0 prints the sentence.
                throw new InvalidInputException($"{path}: {e.Message}", e);
            }
            double buildSeconds = clock.Elapsed.TotalSeconds;
            var lemsOutputs = lems is null ? null : new LemsOutputs(lems, engine); // their t = 0 rows: the state before the first step
            string? checkpointPath = parse.GetValue(checkpoint), resumePath = parse.GetValue(resume);
            int every = CheckpointSteps(spec, parse.GetValue(checkpointEvery), checkpointPath);
            int resumedFrom = 0;
            if ((checkpointPath ?? resumePath) is not null && !engine.CanCheckpoint)
                throw new InvalidInputException($"{(checkpointPath is null ? "--resume" : "--checkpoint")}: a run both under mpiexec and on a device (--device gpu) is not checkpointed; checkpoint it on one of the two.");
            // Under mpiexec each rank writes its part, FILE.rank-K-of-N (docs/distributed.md, "Checkpoints over ranks").
            if (checkpointPath is not null) CheckWritable(job is null ? checkpointPath : SimulationCheckpoint.PartPath(checkpointPath, job.Rank, job.Size));
            double resumeSeconds = 0;
            var checkpointWrites = new CheckpointWrites();
            if (resumePath is not null)
            {
                var resumeClock = Stopwatch.StartNew();
                engine.RestoreCheckpoint(resumePath);
                resumeSeconds = resumeClock.Elapsed.TotalSeconds;
                resumedFrom = engine.StepCount;
                if (stepCount < resumedFrom)
                    throw new InvalidInputException($"{resumePath}: the checkpoint is at step {resumedFrom} ({engine.TimeMs.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ms), past the {stepCount} steps asked for; give a longer --duration-ms.");
                stepCount -= resumedFrom;
            }
            MetricsOutput.Header(ctx, c, $"simulate {path}: {engine.NeuronCount} spiking + {engine.Transmitters?.Count ?? 0} transmitter neurons, {engine.SynapseCount} synapses, {stepCount} steps of {spec.DtMs} ms, seed {c.Seed}", c.Out);

            RunResult result;
            double communicationBefore = ctx.Job.CommunicationSeconds;
            long collectivesBefore = ctx.Job.CollectiveCount;
            using (var processCtrlC = jobCtrlC is null ? CtrlC.Listen() : null)
            {
                var ctrlC = (jobCtrlC ?? processCtrlC)!;
                try
                {
                    // Where no bar is drawn (a log, --json) a line on stderr every 10 s; rank 0's only under mpiexec (another
                    // rank's stderr is kept for its failure sentence). Its steps/s are those since the line before.
                    var runClock = Stopwatch.StartNew();
                    var rate = new IntervalRate(() => runClock.Elapsed);
                    result = ProgressDisplay.RunWithStatus(ctx, c, "simulate",
                        report => checkpointPath is null
                            ? engine.Run(stepCount, ctrlC.Token, f => report(f, () => RunStatus(engine, f, stepCount, rate, job is { Size: > 1 })))
                            : RunCheckpointed(engine, stepCount, every, checkpointPath, checkpointWrites, ctrlC.Token, f => report(f, () => RunStatus(engine, f, stepCount, rate, job is { Size: > 1 }))),
                        lines: ctx.Job.Rank == 0);
                }
                catch (InvalidInputException e) when (engine.StepCount == 0)
                {
                    // Refused before the first step (the state monitors over the run would pass the memory limit).
                    throw new InvalidInputException($"{path}: {e.Message}", e);
                }
            }

            long runCollectives = ctx.Job.CollectiveCount - collectivesBefore; // the run's, before the recordings are gathered
            engine.GatherRecordings();
            // The plastic projections' final weights for the NWB file: a collective, so every rank gathers them.
            var finalWeights = writeNwb ? SimulationNwb.PlasticWeights(engine) : null;
            var ranks = job is null ? null : RankFigures(job, engine, result, job.CommunicationSeconds - communicationBefore, runCollectives);
            // Rank 0 writes the files of the whole network; every rank of an interrupted run ends with its code.
            if (job is { Rank: > 0 }) return result.Cancelled ? NeuroSharpCli.RunFailed : NeuroSharpCli.Success;
            Directory.CreateDirectory(c.Out);
            if (writeCsv)
            {
                SimulationCsv.WriteSpikes(Path.Combine(c.Out, "spikes.csv"), engine);
                SimulationCsv.WriteState(Path.Combine(c.Out, "state.csv"), engine);
                if (engine.TransmitterState is not null) SimulationCsv.WritePhases(Path.Combine(c.Out, "phases.csv"), engine);
                if (engine.RateMonitors.Count > 0) SimulationCsv.WriteRates(Path.Combine(c.Out, "rates.csv"), engine);
            }
            if (writeNwb)
            {
                string description = $"neurosharp simulate {Path.GetFileName(path)}" + (spec.Name is { Length: > 0 } name ? $" ({name})" : "") + $", seed {c.Seed}";
                SimulationNwb.Write(Path.Combine(c.Out, "simulation.nwb"), engine, description, MemoryLimit.Read(parse), finalWeights);
            }
            // A resumed run's files and figures are those of the whole run from t = 0 (its own steps and seconds as runSteps and runSeconds).
            var whole = resumedFrom == 0 ? result : result with { Steps = engine.StepCount, BiologicalMs = engine.TimeMs, Spikes = engine.SpikeTotal, SynapticEvents = engine.SynapticEvents };
            var metrics = Metrics(engine, spec, path, c, whole, buildSeconds, engine.RunsOnDevice ? backend!.Description : "cpu");
            if (resumePath is not null)
            {
                metrics["resumedFrom"] = resumePath;
                metrics["resumeSeconds"] = Math.Round(resumeSeconds, 4); // reading and restoring the checkpoint
                metrics["resumedAtStep"] = resumedFrom;
                metrics["runSteps"] = result.Steps;
                metrics["wallPerBiologicalSecond"] = Math.Round(result.WallPerBiologicalSecond, 4); // this run's seconds over its own steps
                metrics["synapticEventsPerSecond"] = Math.Round(result.EventsPerSecond);
            }
            if (checkpointPath is not null)
            {
                metrics["checkpoint"] = checkpointPath;
                metrics["checkpointWrites"] = checkpointWrites.Count;
                metrics["checkpointSeconds"] = Math.Round(checkpointWrites.Seconds, 4); // writing them, outside runSeconds
            }
            if (lemsOutputs is not null)
            {
                // jnml writes its files relative to the LEMS file's folder (run there); an explicit --out takes them instead.
                bool explicitOut = parse.GetResult(common.Out) is { Implicit: false };
                string lemsFolder = explicitOut ? c.Out : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
                var files = new JsonArray();
                foreach (string written in lemsOutputs.Write(engine, lemsFolder, flatten: explicitOut))
                {
                    files.Add(written);
                    MetricsOutput.Info(ctx, c, $"wrote {written} (LEMS {lems!.SimulationId})");
                }
                metrics["lemsSimulation"] = lems!.SimulationId;
                metrics["lemsFiles"] = files;
            }
            if (ranks is not null)
            {
                // Absent in one process: its metrics stay as they were.
                metrics["ranks"] = job!.Size;
                metrics["partition"] = parse.GetValue(partition);
                metrics["exchangeWindowSteps"] = engine.ExchangeWindow;
                metrics["spikeExchange"] = engine.RoutesSpikes ? "routed" : "all-gather";
                metrics["rankFigures"] = ranks;
            }
            MetricsOutput.Write(ctx, c, metrics);
            if (result.Cancelled)
            {
                ctx.Error.WriteLine($"neurosharp: interrupted after {result.Steps} of {stepCount} steps; the files hold what was simulated.");
                return NeuroSharpCli.RunFailed;
            }
            return NeuroSharpCli.Success;
        });
        return command;
    }

    /// <summary>
    /// The progress status of a run: "120.0 of 1000.0 ms, 5210 steps/s, 3412 spikes" (the spikes of rank 0's neurons under
    /// mpiexec), the steps per second over the time since the status was last made (<see cref="IntervalRate"/>: on a progress
    /// line, since the line before). The steps done come from the fraction, as a device backend advances the engine's clock
    /// only at the run's end.
    /// </summary>
    internal static string RunStatus(SpikingEngine engine, double fraction, int steps, IntervalRate rate, bool partitioned)
    {
        long done = (long)Math.Round(Math.Clamp(fraction, 0, 1) * steps);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{done * engine.DtMs:F1} of {steps * engine.DtMs:F1} ms, {rate.PerSecond(done):F0} steps/s, {engine.SpikeTotal} spikes{(partitioned ? " on rank 0" : "")}");
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps in pieces of <paramref name="every"/>, writing the checkpoint after each piece, at the end
    /// and when cancelled (the pieces change nothing: the run is the one uninterrupted run).
    /// </summary>
    private static RunResult RunCheckpointed(SpikingEngine engine, int steps, int every, string path, CheckpointWrites writes, CancellationToken token, Action<double> progress)
    {
        int done = 0;
        double seconds = 0;
        long spikes = 0, events = 0;
        bool cancelled = false;
        do
        {
            int piece = Math.Min(every, steps - done);
            int before = done;
            var r = engine.Run(piece, token, f => progress(steps == 0 ? 1 : (before + f * piece) / steps));
            (done, seconds, spikes, events, cancelled) = (done + r.Steps, seconds + r.Seconds, spikes + r.Spikes, events + r.SynapticEvents, r.Cancelled);
            var clock = Stopwatch.StartNew();
            engine.SaveCheckpoint(path);
            writes.Count++;
            writes.Seconds += clock.Elapsed.TotalSeconds;
        }
        while (done < steps && !cancelled);
        return new RunResult(done, done * engine.DtMs, seconds, spikes, events, cancelled);
    }

    /// <summary>Refuses a --checkpoint file that cannot be written before the run, not after it (<see cref="OutputFile"/>).</summary>
    private static void CheckWritable(string path) => OutputFile.CheckWritable(path, $"--checkpoint {path}");

    /// <summary>The checkpoints a run wrote and the seconds it took to write them (metrics.json).</summary>
    private sealed class CheckpointWrites
    {
        public int Count { get; set; }

        public double Seconds { get; set; }
    }

    /// <summary>The steps between checkpoints: --checkpoint-every-ms on the step grid (at least one step), or every step of the run when not given.</summary>
    private static int CheckpointSteps(NetworkSpec spec, double? everyMs, string? checkpoint)
    {
        if (everyMs is not { } ms) return int.MaxValue;
        if (checkpoint is null) throw new InvalidInputException("--checkpoint-every-ms needs --checkpoint FILE.");
        if (!(ms > 0) || !double.IsFinite(ms))
            throw new InvalidInputException($"--checkpoint-every-ms must be a number above 0 (got {ms.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).");
        return (int)Math.Clamp(Math.Round(ms / spec.DtMs), 1, NetworkSpec.MaxSteps);
    }

    /// <summary>The outputs --format asks for: csv, nwb, or both separated by a comma.</summary>
    private static (bool Csv, bool Nwb) Formats(string? text)
    {
        bool csv = false, nwb = false;
        foreach (string part in (text ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            switch (part)
            {
                case "csv": csv = true; break;
                case "nwb": nwb = true; break;
                default:
                    string shown = text is { Length: > 40 } ? $"{text[..20]}... ({text.Length} characters)" : text ?? "";
                    throw new InvalidInputException($"--format is '{shown}'; give csv, nwb or csv,nwb.");
            }
        }
        return (csv, nwb);
    }

    /// <summary>
    /// The steps to run: --steps, or --duration-ms, or the file's durationMs, in that order. A duration out of
    /// range is reported where it came from: the option, or durationMs in the file.
    /// </summary>
    private static int StepCount(NetworkSpec spec, string path, double? durationMs, int? steps)
    {
        if (durationMs is not null && steps is not null) throw new InvalidInputException("Give --duration-ms or --steps, not both.");
        if (steps is { } n)
        {
            if (n < 0) throw new InvalidInputException($"--steps must be at least 0 (got {n}).");
            if (n > NetworkSpec.MaxSteps) throw new InvalidInputException($"--steps is {n}, more than the engine's limit of {NetworkSpec.MaxSteps} steps.");
            return n;
        }
        string source = durationMs is null ? $"{path}: durationMs" : "--duration-ms";
        double t = durationMs ?? spec.DurationMs
            ?? throw new InvalidInputException($"Give --duration-ms or --steps: {path} has no {DurationFieldOf(path)}.");
        return spec.StepsFor(t, source);
    }

    /// <summary>Where a network file of <paramref name="path"/>'s format states its run length, in that format's words.</summary>
    private static string DurationFieldOf(string path) =>
        NeuroMlFile.IsNeuroMl(path) || NeuroMlFile.HasNeuroMlRoot(path) ? "<property tag=\"recommended_duration_ms\"> in its <network>"
        : SonataFile.IsSonata(path) ? "run.tstop"
        : "durationMs";

    /// <summary>
    /// Each rank's share of a partitioned run (collective): the neurons and synapses it held, its peak resident
    /// memory (VmHWM), the seconds it spent in collectives during the run against the run's seconds and how many MPI collective calls it made, and its
    /// exchanges of spikes and the bytes they brought.
    /// </summary>
    private static JsonArray RankFigures(ICommunicator job, SpikingEngine engine, RunResult result, double communicationSeconds, long collectives)
    {
        var mine = new double[] { PeakResidentMiB(), communicationSeconds, result.Seconds, engine.LocalNeuronCount, engine.LocalSynapseCount, engine.ExchangeCount, engine.ExchangedBytes, engine.GapJunctionBytes,
            engine.LocalTransmitterCount, engine.TransmitterShareBytes, collectives, engine.GapJunctionExchangeCount };
        var bytes = new byte[mine.Length * sizeof(double) * job.Size];
        job.AllGather(System.Runtime.InteropServices.MemoryMarshal.AsBytes(mine.AsSpan()), bytes);
        var all = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes.AsSpan());
        var figures = new JsonArray();
        for (int r = 0; r < job.Size; r++)
        {
            var x = all.Slice(r * mine.Length, mine.Length);
            figures.Add(new JsonObject
            {
                ["rank"] = r, ["neurons"] = (long)x[3], ["synapses"] = (long)x[4], ["peakMemoryMiB"] = double.IsNaN(x[0]) ? null : Math.Round(x[0], 1),
                ["communicationSeconds"] = Math.Round(x[1], 4), ["runSeconds"] = Math.Round(x[2], 4), ["exchanges"] = (long)x[5], ["exchangedBytes"] = (long)x[6],
                ["gapJunctionBytes"] = (long)x[7], // v received for gap junctions (every step)
                ["transmitterNeurons"] = (long)x[8], ["transmitterShareBytes"] = (long)x[9], // shares received for transmitter links (every step)
                ["collectives"] = (long)x[10], // MPI collective calls during the run, before the recordings are gathered (each MPI_Allgather, MPI_Alltoallv, ... once)
                ["gapJunctionExchanges"] = (long)x[11], // steps whose v travelled in a collective of its own (not riding with the spikes)
            });
        }
        return figures;
    }

    /// <summary>The process's peak resident memory in MiB (VmHWM of /proc/self/status), or NaN where there is none.</summary>
    private static double PeakResidentMiB()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }

    private static JsonObject Metrics(SpikingEngine engine, NetworkSpec spec, string path, CommonValues c, RunResult r, double buildSeconds, string device)
    {
        var populations = new JsonArray();
        foreach (var m in engine.SpikeMonitors)
        {
            var (cv, cvNeurons) = SpikeStatistics.CvIsi(m);
            populations.Add(new JsonObject
            {
                ["target"] = m.Target, ["neurons"] = m.RecordedCount, ["spikes"] = m.Count,
                ["meanRateHz"] = Math.Round(SpikeStatistics.MeanRateHz(m, r.BiologicalMs), 4),
                ["cvIsi"] = double.IsNaN(cv) ? null : Math.Round(cv, 4), ["cvIsiNeurons"] = cvNeurons,
            });
        }
        return new JsonObject
        {
            ["command"] = "simulate", ["network"] = path, ["name"] = spec.Name, ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads),
            ["device"] = device, // "cpu", or the device that ran the steps (not --device auto's choice when it fell back)
            ["dtMs"] = spec.DtMs, ["steps"] = r.Steps, ["durationMs"] = Math.Round(r.BiologicalMs, 6),
            ["spikingNeurons"] = engine.NeuronCount, ["transmitterNeurons"] = engine.Transmitters?.Count ?? 0, ["synapses"] = engine.SynapseCount,
            ["spikes"] = r.Spikes, ["synapticEvents"] = r.SynapticEvents,
            ["buildSeconds"] = Math.Round(buildSeconds, 4), ["runSeconds"] = Math.Round(r.Seconds, 4),
            ["wallPerBiologicalSecond"] = Math.Round(r.WallPerBiologicalSecond, 4), ["synapticEventsPerSecond"] = Math.Round(r.EventsPerSecond),
            ["stepOrder"] = string.Join(" -> ", SpikingEngine.StepOrder), ["delivery"] = spec.Delivery.ToString(), ["synapseRule"] = spec.SynapseRule.ToString(),
            ["monitors"] = populations,
        };
    }
}
