using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Formats;
using NeuroSharp.Reports.Images;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp evolve --task T --algorithm neat|cmaes|cosyne</c>: evolves spiking controllers for a task
/// (docs/evolution.md). Writes checkpoint.json after every generation (the state --resume continues, also on
/// Ctrl+C), champion.json (a network file runnable by <c>simulate</c> and <c>play</c>), history.csv, fitness.png
/// and metrics.json. The run ends at the first generation that solves the task.
/// </summary>
public static class EvolveCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("evolve", "Evolve spiking controllers (NEAT, CMA-ES or CoSyNE) for a task: XOR, pole balancing, the worm (klinotaxis, withdrawal) or the touch reflex.");
        var common = new CommonOptions("out/evolve");
        var task = new Option<string>("--task") { Description = $"The task: {string.Join(", ", EvolutionTasks.Names)}.", DefaultValueFactory = _ => "xor" };
        var algorithm = new Option<string>("--algorithm") { Description = "neat (topology and weights), cmaes or cosyne (weights of a fixed topology).", DefaultValueFactory = _ => "neat" };
        var population = new Option<int?>("--population") { Description = "Genomes per generation (default: NEAT 150, CMA-ES 4 + floor(3 ln n), CoSyNE 40)." };
        var generations = new Option<int>("--generations") { Description = "The most generations (the run stops at the first solution).", DefaultValueFactory = _ => 100 };
        var model = new Option<string?>("--model") { Description = "Neuron model of hidden and motor neurons: lif, conductanceLif, izhikevich, adex or transmitter (default: the task's, lif; transmitter for touch-reflex)." };
        var hidden = new Option<int>("--hidden") { Description = "Hidden neurons of the fixed topology of cmaes and cosyne.", DefaultValueFactory = _ => 4 };
        var circuit = new Option<bool>("--circuit") { Description = "cmaes or cosyne: tune the parameters of the task's documented seed circuit (single-pole, double-pole, double-pole-nv, worm-klinotaxis) instead of a fully connected network." };
        var network = new Option<string?>("--network") { Description = "Worm tasks, cmaes or cosyne: take this C. elegans connectome (NeuroML, e.g. c302's c302_A_Full.net.nml, or JSON) as the worm's network and tune only its gains (sensors, synapse classes, tonic drive, muscle readout) and a head oscillator, keeping its wiring (docs/world-worm.md)." };
        var testTrials = new Option<int>("--test-trials") { Description = "Worm tasks: run the champion on this many held-out trials (seeds evolution never draws) and report the successes in metrics.json; 0 skips.", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in --out (checkpoint.json); task, algorithm, model, population, hidden and seed must be the same." };
        var sensorCode = new Option<string>("--sensor-code") { Description = "Pole tasks: how sensor values become spikes: log (the default; LIF sensors driven by current) or linear (2 000 Hz at full scale, docs/evolution-pole-balancing.md).", DefaultValueFactory = _ => "log" };
        var restarts = new Option<int>("--restarts") { Description = "cmaes: the most IPOP-CMA-ES restarts; a run that stalls starts again with twice the population (docs/evolution-cmaes.md). 0: plain CMA-ES.", DefaultValueFactory = _ => 0 };
        var sigma = new Option<double>("--sigma") { Description = "cmaes: the initial step size of every run (and of every IPOP restart), in genome units: 1 spreads each circuit parameter by its documented step (docs/evolution-cmaes.md). neat: a factor on the first genomes' weight spread (the pole tasks: 1 is 50 mV; docs/evolution-neat.md).", DefaultValueFactory = _ => 1.0 };
        var pushPull = new Option<bool>("--push-pull") { Description = "neat with --mirror on the pole tasks: push-pull tied genes; a push sensor's link to a motor and its pull twin's link to the same motor share one gene with opposite signs, so a motor sees the pair's count difference as the delay-line circuit does (docs/evolution-neat.md)." };
        var biasStep = new Option<double>("--bias-step") { Description = "neat on the pole tasks: a factor on the start spread and mutation steps of the bias sensor's links (default 1; the delay-line circuit's own ratio is 0.033; docs/evolution-neat.md).", DefaultValueFactory = _ => 1.0 };
        var pvStep = new Option<double?>("--pv-step") { Description = "neat: mutate each fast/slow lane pair in the delay-line circuit's coordinates, position P = fast + slow and velocity V = -slow (fast += dP + dV, slow -= dV), with the P step this factor times NEAT's step (0 < F <= 100; docs/evolution-neat.md); default: one draw per weight." };
        var weightLimit = new Option<double?>("--weight-limit") { Description = "neat: the weight limit in genome units (the model's weight scale, 5 mV for lif) instead of the task's (8; 80 = 400 mV on the pole tasks; docs/evolution-neat.md)." };
        var sharedDelay = new Option<bool>("--shared-delay") { Description = "neat on the pole tasks: one delay shared by the slow lane (lane 1) of every sensor-to-motor link, moved together by the delay mutation, as the delay-line circuit's one delay (docs/evolution-neat.md)." };
        var delayStep = new Option<int>("--delay-step") { Description = "neat: the most engine steps one delay mutation moves a delay, up or down by 1 to K steps uniformly (default 1; the pole tasks' step is 0.25 ms; docs/evolution-neat.md).", DefaultValueFactory = _ => 1 };
        var minScale = new Option<double?>("--min-scale") { Description = "neat on the pole tasks: the floor of each genome's self-adapted mutation scale (default 0.01; 0.2 keeps NEAT's weight step at 5 mV or more; docs/evolution-neat.md)." };
        var mirror = new Option<bool>("--mirror") { Description = "neat on the pole tasks: mirror-tied genes; a link and its mirror image (push and pull sensors, right and left motors swapped) share one weight and delay, and new links and neurons come in mirror pairs (docs/evolution-neat.md)." };
        var growth = new Option<int>("--restart-growth") { Description = "cmaes with --restarts: the factor by which each restart multiplies the population: 2 (the default) is IPOP-CMA-ES, 1 restarts at the first run's population (docs/evolution-cmaes.md).", DefaultValueFactory = _ => 2 };
        var maxEvaluations = new Option<long>("--max-evaluations") { Description = "Start no generation once this many evaluations are done (the run ends there, saved); 0: only --generations bounds the run.", DefaultValueFactory = _ => 0 };
        var testAllBalanced = new Option<bool>("--test-all-balanced") { Description = "double-pole-nv: give the 100 000-step test to every network of a generation that balanced the whole 1 000-step episode, in genome order, not only to the fittest; each such extra test counts as one evaluation (docs/evolution-pole-balancing.md)." };
        var cartDelay = new Option<double?>("--cart-delay") { Description = "double-pole-nv with --circuit (cmaes or cosyne): give x's slow path its own delay, a ninth tuned number starting at this many ms (1 to 1000), so the cart's velocity is a difference over a longer span (docs/evolution-pole-balancing.md); default: one delay for every path." };
        var trials = new Option<int?>("--trials") { Description = "Worm tasks: random starts per evaluation, each from its own fork of the evaluation's stream; the fitness is their mean (default: worm-klinotaxis 8, worm-withdrawal 4)." };
        var checkTrials = new Option<int>("--check-trials") { Description = "Worm tasks: the stricter stop: the run ends only when a generation's fittest genome also succeeds in at least 95 % of this many held-in trials (a fixed set apart from evolution's draws and the held-out set); 0 (default): an evaluation's own trials decide.", DefaultValueFactory = _ => 0 };
        // NEAT's reproduction (docs/evolution-neat.md, "Elitism, survival and sparse weight mutation"); each left out keeps the task's default.
        var elitism = new Option<double?>("--elitism") { Description = "neat: the fraction of each species copied unchanged into the next generation (its best round(f x members), SharpNEAT's elitism proportion; default: NEAT's one champion of each species of more than 5; docs/evolution-neat.md)." };
        var survival = new Option<double?>("--survival") { Description = "neat: the fraction of each species that breeds (default 0.2; docs/evolution-neat.md)." };
        var weightGeneRate = new Option<double?>("--weight-gene-rate") { Description = "neat: the probability that each weight gene of an offspring whose weights mutate is perturbed, at least one (NEAT-Python's weight_mutate_rate; default 1: every weight; docs/evolution-neat.md)." };
        var cauchy = new Option<bool>("--cauchy") { Description = "neat: perturb weights by Cauchy noise of the genome's step instead of Gaussian (CoSyNE's heavy tail; docs/evolution-neat.md)." };
        var addNeuronRate = new Option<double?>("--add-neuron-rate") { Description = "neat: the probability of the add-neuron mutation per offspring (default 0.03; docs/evolution-neat.md)." };
        var addLinkRate = new Option<double?>("--add-link-rate") { Description = "neat: the probability of the add-link mutation per offspring (default 0.05; docs/evolution-neat.md)." };
        foreach (var o in new Option[] { elitism, survival, weightGeneRate, cauchy, addNeuronRate, addLinkRate }) command.Options.Add(o);
        foreach (var o in new Option[] { task, sensorCode, algorithm, population, generations, model, hidden, circuit, network, testTrials, trials, checkTrials, resume, restarts, growth, sigma, mirror, pushPull, biasStep, pvStep, weightLimit, sharedDelay, delayStep, minScale, maxEvaluations, testAllBalanced, cartDelay }) command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var theTask = EvolutionTasks.Create(parse.GetValue(task)!, parse.GetValue(sensorCode)!, c.Memory);
            string algo = parse.GetValue(algorithm)!;
            if (!EvolverFactory.Algorithms.Contains(algo))
                throw new InvalidInputException($"--algorithm must be one of {string.Join(", ", EvolverFactory.Algorithms)} (got '{algo}').");
            int pop = parse.GetValue(population) ?? 0;
            if (parse.GetValue(population) is { } p && p < (algo == "cosyne" ? 4 : 2))
                throw new InvalidInputException($"--population must be at least {(algo == "cosyne" ? 4 : 2)} for {algo} (got {p}).");
            int gens = parse.GetValue(generations);
            if (gens < 1) throw new InvalidInputException($"--generations must be at least 1 (got {gens}).");
            int restartCount = parse.GetValue(restarts);
            int growthFactor = parse.GetValue(growth);
            double sigma0 = parse.GetValue(sigma);
            // --restarts, --restart-growth, --sigma, --mirror, --push-pull, --bias-step, the genome options (--pv-step ...), the
            // reproduction options (--elitism ...) and --cart-delay are checked below, with the settings, by the checks the studio
            // shares (EvolveOptionChecks); --max-evaluations and --test-all-balanced here, by the same.
            long evaluationBudget = parse.GetValue(maxEvaluations);
            EvolveOptionChecks.CheckMaxEvaluations(evaluationBudget);
            bool testAll = parse.GetValue(testAllBalanced);
            EvolveOptionChecks.CheckTestAllBalanced(testAll, theTask);
            int hid = parse.GetValue(hidden);
            if (hid < 0) throw new InvalidInputException($"--hidden must be 0 or more (got {hid}).");
            var controller = parse.GetValue(model) is { } modelName ? ControllerModel.Named(modelName) : theTask.DefaultModel;
            int held = parse.GetValue(testTrials);
            if (held < 0 || held > 10_000) throw new InvalidInputException($"--test-trials must be between 0 and 10000 (got {held}).");
            if (held > 0 && theTask is not WormTaskBase) throw new InvalidInputException($"--test-trials applies to the worm tasks, which have a held-out trial set; task {theTask.Name} has none.");
            theTask = WithTrials(theTask, parse.GetValue(trials), parse.GetValue(checkTrials));
            string? networkPath = parse.GetValue(network), networkDigest = null;
            if (networkPath is not null)
            {
                if (theTask is not WormTaskBase wormTask) throw new InvalidInputException($"--network applies to the worm tasks (a C. elegans connectome as the worm's network); task {theTask.Name} is not one.");
                if (algo == "neat") throw new InvalidInputException("--network tunes a connectome's gains: use it with --algorithm cmaes or cosyne, not neat.");
                networkPath = Path.GetFullPath(networkPath);
                var connectome = NetworkInput.Load(ctx, networkPath, c.Memory);
                // Each thread evaluates its genome on an engine of its own, delay rings and all: --memory-limit bounds them together.
                int engines = Math.Max(1, Math.Min(ParallelBlocks.ThreadCount(c.Threads), pop > 0 ? pop : int.MaxValue));
                try
                {
                    SpikingEngine.CheckMemory(connectome, c.Memory, engines);
                }
                catch (InvalidInputException e)
                {
                    throw new InvalidInputException($"{networkPath}: {e.Message}", e);
                }
                networkDigest = EvolutionCheckpoint.DigestOf(connectome);
                wormTask.CircuitOverride = WormConnectomeCircuit.Create(connectome,
                    oscillatorSpanMs: Math.Max(WormConnectomeCircuit.DefaultOscillatorSpanMs, wormTask.Options.EpisodeSeconds * 1000));
            }
            var breeding = new NeatBreeding(parse.GetValue(elitism), parse.GetValue(survival), parse.GetValue(weightGeneRate), parse.GetValue(cauchy),
                parse.GetValue(addNeuronRate), parse.GetValue(addLinkRate));
            double? cartDelayMs = parse.GetValue(cartDelay);
            var settings = new EvolverSettings(algo, pop, hid, c.Seed, parse.GetValue(circuit) || networkPath is not null, networkPath, restartCount, sigma0, growthFactor, networkDigest,
                parse.GetValue(mirror), cartDelayMs, parse.GetValue(pushPull), parse.GetValue(biasStep), parse.GetValue(pvStep), parse.GetValue(weightLimit),
                parse.GetValue(sharedDelay), parse.GetValue(delayStep), parse.GetValue(minScale), breeding.IsDefault ? null : breeding);
            // The checks the studio's evolution request shares, in the CLI's words (docs/evolution-neat.md).
            EvolveOptionChecks.Check(settings, theTask);
            if (cartDelayMs is not null) ((PoleBalancingTask)theTask).CartDelayMs = cartDelayMs;

            // Under mpiexec every rank evolves the same population and evaluates its share; rank 0 alone writes.
            bool writer = ctx.Job.Rank == 0;
            using var folder = writer ? OutputFolder.Open(c.Out) : null;
            string checkpointPath = Path.Combine(c.Out, "checkpoint.json");
            if (writer) OutputFile.CheckWritable(checkpointPath); // before the evolution, not after it
            void Save(EvolutionRun r)
            {
                if (!writer) return;
                EvolutionCheckpoint.Save(checkpointPath, r, settings);
                // history.csv follows every checkpoint, so a long run's curve can be read (or plotted) while it runs.
                WriteHistory(c.Out, r.History);
            }
            EvolutionRun run;
            if (parse.GetValue(resume) && File.Exists(checkpointPath))
            {
                var checkpoint = EvolutionCheckpoint.Load(checkpointPath);
                checkpoint.CheckMatches(checkpointPath, theTask.Name, controller.Name, settings, SensorCodeOf(theTask));
                if (theTask is WormTaskBase wormTrials) checkpoint.CheckTrialsMatch(checkpointPath, wormTrials.Options.Trials, wormTrials.Options.CheckTrials);
                run = checkpoint.Restore(theTask, controller, settings, gens, c.Threads, Save, checkpointPath);
                MetricsOutput.Info(ctx, c, $"Resuming {checkpointPath} at generation {run.History.Count} of {gens}.");
            }
            else
            {
                run = new EvolutionRun(theTask, controller, EvolverFactory.Create(settings, theTask), c.Seed, gens, c.Threads, Save);
            }
            run.Job = ctx.Job;
            run.MaxEvaluations = evaluationBudget;
            run.TestAllCandidates = testAll;
            MetricsOutput.Header(ctx, c, $"evolve {theTask.Name} with {algo}: {run.Evolver.Population.Count} genomes per generation, model {controller.Name}, seed {c.Seed}, {ParallelBlocks.ThreadCount(c.Threads)} threads{(ctx.Job.Size > 1 ? $" on each of {ctx.Job.Size} ranks" : "")}", c.Out);

            // Ctrl+C stays caught until the last file is written: a Ctrl+C after the last generation (during the champion's
            // long tests) then ends those tests, and the run still writes its champion and metrics and says how to finish.
            using var ctrlC = CtrlC.Listen();
            var started = DateTime.UtcNow;
            var outcome = CheckpointedRun.Run(ctx, c, $"evolve {theTask.Name}", run, 1, ctrlC);
            double seconds = (DateTime.UtcNow - started).TotalSeconds;
            ctrlC.Point("evolve outputs");
            var written = writer ? WriteOutputs(ctx, c, run, settings, seconds, held, outcome.Interrupted, ctrlC) : OutputsWritten.Complete;
            if (outcome.Interrupted)
            {
                ctx.Error.WriteLine($"neurosharp: interrupted at generation {run.History.Count}; the checkpoint is saved. Run again with --resume to continue.");
                return NeuroSharpCli.RunFailed;
            }
            if (written != OutputsWritten.Complete || ctrlC.Requested)
            {
                string when = written == OutputsWritten.TestsCut ? "before the champion's tests ended" : "while its files were written";
                ctx.Error.WriteLine($"neurosharp: interrupted after the run's last generation ({run.History.Count}), {when}; the champion, the checkpoint and metrics.json (marked interrupted) are saved. Run again with --resume to finish.");
                return NeuroSharpCli.RunFailed;
            }
            return NeuroSharpCli.Success;
        });
        return command;
    }

    /// <summary>A worm task with <c>--trials</c> and <c>--check-trials</c> applied; other tasks refuse them.</summary>
    private static IEvolutionTask WithTrials(IEvolutionTask task, int? trials, int checkTrials)
    {
        if (trials is null && checkTrials == 0) return task;
        if (task is not WormTaskBase worm)
            throw new InvalidInputException($"--{(trials is not null ? "trials" : "check-trials")} applies to the worm tasks (worm-klinotaxis, worm-withdrawal), which draw random starts; task {task.Name} has none.");
        if (trials is < 1 or > 1000) throw new InvalidInputException($"--trials must be between 1 and 1000 (got {trials}).");
        if (checkTrials is < 0 or > 10_000) throw new InvalidInputException($"--check-trials must be between 0 and 10000 (got {checkTrials}).");
        return worm.WithOptions(worm.Options with { Trials = trials ?? worm.Options.Trials, CheckTrials = checkTrials });
    }

    /// <summary>The task's sensor code by its command-line name (log for every task but a linear-coded pole task).</summary>
    private static string SensorCodeOf(IEvolutionTask task) => SensorCodes.NameOf(task is PoleBalancingTask pole ? pole.SensorCode : SensorCode.Log);

    /// <summary>Writes history.csv: one row per generation run so far.</summary>
    private static void WriteHistory(string folder, IReadOnlyList<GenerationRecord> history)
    {
        var csv = new StringBuilder("generation,best,mean,species,evaluations,evaluations_per_second,solved\n");
        foreach (var r in history)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Generation},{r.BestFitness:R},{r.MeanFitness:R},{r.Species},{r.Evaluations},{r.EvaluationsPerSecond:F1},{(r.Solved ? 1 : 0)}\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "history.csv"), csv.ToString());
    }

    /// <summary>
    /// Writes history.csv, fitness.png, champion.json, then runs the champion's tests (generalisation, held-out trials) and
    /// writes metrics.json. Ctrl+C during the tests (or before them) skips them: metrics.json then says interrupted.
    /// </summary>
    /// <returns>Whether everything was written, the tests were cut by Ctrl+C, or Ctrl+C came while writing.</returns>
    private static OutputsWritten WriteOutputs(CliContext ctx, CommonValues c, EvolutionRun run, EvolverSettings settings, double seconds, int testTrials,
        bool interrupted, CtrlC ctrlC)
    {
        var h = run.History;
        WriteHistory(c.Out, h);
        if (h.Count > 0)
        {
            var x = h.Select(r => (double)r.Generation).ToArray();
            Png.Save(Path.Combine(c.Out, "fitness.png"), Reports.Charts.Charts.Lines($"{run.Task.Name}, {settings.Algorithm}: fitness per generation", "generation", "fitness",
                [("best", x, h.Select(r => r.BestFitness).ToArray()), ("mean", x, h.Select(r => r.MeanFitness).ToArray())]));
        }
        int? generalisation = null;
        WormTestSummary? heldOut = null, withoutSmell = null;
        bool testsCut = false;
        if (run.Best is { } champ)
        {
            var net = run.Decode(champ.Genome, $"{run.Task.Name}-champion") with { DurationMs = 1000 };
            NetworkFile.Save(Path.Combine(c.Out, "champion.json"), net);
            ctrlC.Point("evolve champion tests");
            try
            {
                // After a Ctrl+C the long tests are skipped: the user asked to stop, and --resume runs them.
                // Solved two-pole champions (with and without velocities) get the 625-start generalisation score.
                bool hasTests = (run.Task is PoleBalancingTask { Variant: not PoleVariant.SinglePole } && champ.Solved)
                    || (run.Task is WormTaskBase && testTrials > 0);
                if (hasTests) ctrlC.Token.ThrowIfCancellationRequested();
                if (run.Task is PoleBalancingTask { Variant: not PoleVariant.SinglePole } pole && champ.Solved)
                    generalisation = pole.GeneralisationScore(net, ctrlC.Token);
                if (run.Task is WormTaskBase worm && testTrials > 0)
                {
                    heldOut = worm.RunTestSet(net, testTrials, ctrlC.Token);
                    // The control: the same trials with the smell cut off; the difference is what the champion finds by smell.
                    if (worm is WormKlinotaxisTask)
                    {
                        worm.SmellCutOff = true;
                        try
                        {
                            withoutSmell = worm.RunTestSet(net, testTrials, ctrlC.Token);
                        }
                        finally
                        {
                            worm.SmellCutOff = false;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ctrlC.Token.IsCancellationRequested)
            {
                generalisation = null;
                heldOut = null;
                withoutSmell = null;
                testsCut = true;
            }
        }
        // A seed circuit's genome carries only its parameters; its hidden neurons are the circuit's, not --hidden.
        // NEAT with --circuit starts from a topology and grows real genomes, whose hidden neurons are their own.
        bool tuned = settings.Circuit && settings.Algorithm != "neat";
        int hidden = tuned && run.Task.Circuit is { } circuit ? circuit.HiddenCount : settings.Hidden;
        int? championHidden = run.Best is null ? null : tuned && run.Task.Circuit is { } c2 ? c2.HiddenCount : run.Best.Genome.HiddenCount;
        var metrics = new JsonObject
        {
            ["command"] = "evolve", ["task"] = run.Task.Name, ["algorithm"] = settings.Algorithm, ["model"] = run.Model.Name,
            ["population"] = run.Evolver.Population.Count, ["hidden"] = hidden, ["seed"] = settings.Seed,
            ["threads"] = ParallelBlocks.ThreadCount(c.Threads), ["ranks"] = ctx.Job.Size, ["generations"] = h.Count, ["evaluations"] = run.Evaluations,
            ["solved"] = run.Solved, ["solvedAtGeneration"] = run.Solved ? run.Best!.Generation : null,
            ["evaluationsToSolve"] = run.Solved ? run.Best!.Evaluations : null,
            ["championFitness"] = run.Best?.Fitness, ["championHidden"] = championHidden,
            ["championLinks"] = run.Best?.Genome.Links.Count(l => l.Enabled), ["generalisation"] = generalisation,
            ["trials"] = run.Task is WormTaskBase wt ? wt.Options.Trials : null, ["checkTrials"] = run.Task is WormTaskBase wc ? wc.Options.CheckTrials : null,
            ["circuit"] = settings.Circuit, ["sensorCode"] = SensorCodeOf(run.Task), ["network"] = settings.Network, ["testTrials"] = heldOut?.Trials, ["testSuccesses"] = heldOut?.Successes, ["testMeanFitness"] = heldOut?.MeanFitness,
            ["testSuccessesSmellCutOff"] = withoutSmell?.Successes, ["testMeanFitnessSmellCutOff"] = withoutSmell?.MeanFitness,
            ["restarts"] = run.Evolver is CmaEsEvolver cma ? cma.Restarts : null, ["maxRestarts"] = settings.Restarts,
            ["sigma"] = settings.Algorithm == "cmaes" || settings.Algorithm == "neat" && settings.Sigma != 1.0 ? settings.Sigma : null, ["mirror"] = settings.Mirror ? true : null, ["pushPull"] = settings.PushPull ? true : null, ["biasStep"] = settings.BiasStep != 1 ? settings.BiasStep : null, ["restartGrowth"] = settings.Algorithm == "cmaes" ? settings.Growth : null,
            ["maxEvaluations"] = run.MaxEvaluations > 0 ? run.MaxEvaluations : null,
            ["testAllBalanced"] = run.TestAllCandidates ? true : null, ["candidateTests"] = run.TestAllCandidates ? run.CandidateTests : null,
            ["bestFitness"] = h.Count > 0 ? h.Max(r => r.BestFitness) : null,
            ["evaluationsPerSecond"] = h.Count > 0 && h.Any(r => r.EvaluationsPerSecond > 0) ? Math.Round(h.Where(r => r.EvaluationsPerSecond > 0).Average(r => r.EvaluationsPerSecond), 1) : null,
            ["seconds"] = Math.Round(seconds, 3),
            ["interrupted"] = interrupted || testsCut || ctrlC.Requested,
        };
        if (settings.Breeding is { } b)
        {
            // Only the options a run set: other runs' metrics.json stay as they were.
            if (b.Elitism is { } e) metrics["elitism"] = e;
            if (b.Survival is { } sv) metrics["survival"] = sv;
            if (b.WeightGeneRate is { } g) metrics["weightGeneRate"] = g;
            if (b.Cauchy) metrics["cauchy"] = true;
            if (b.AddNeuronRate is { } an) metrics["addNeuronRate"] = an;
            if (b.AddLinkRate is { } al) metrics["addLinkRate"] = al;
        }
        if (settings.CartDelayMs is { } cartDelayMs) metrics["cartDelayMs"] = cartDelayMs; // only when set: other runs' metrics.json stay as they were
        if (settings.PositionStep is { } pvStep) metrics["pvStep"] = pvStep; // the genome options below also only when set
        if (settings.WeightLimit is { } weightLimit) metrics["weightLimit"] = weightLimit;
        if (settings.SharedDelay) metrics["sharedDelay"] = true;
        if (settings.DelayStep != 1) metrics["delayStep"] = settings.DelayStep;
        if (settings.MinScale is { } scaleFloor) metrics["minScale"] = scaleFloor;
        MetricsOutput.Write(ctx, c, metrics);
        return testsCut ? OutputsWritten.TestsCut : ctrlC.Requested ? OutputsWritten.Interrupted : OutputsWritten.Complete;
    }

    /// <summary>How <see cref="WriteOutputs"/> ended.</summary>
    private enum OutputsWritten
    {
        /// <summary>Every file, the champion's tests included, with no Ctrl+C.</summary>
        Complete,

        /// <summary>Ctrl+C came while the files were written; they are, but metrics.json says interrupted.</summary>
        Interrupted,

        /// <summary>Ctrl+C skipped or ended the champion's tests; metrics.json has no test figures and says interrupted.</summary>
        TestsCut,
    }
}
