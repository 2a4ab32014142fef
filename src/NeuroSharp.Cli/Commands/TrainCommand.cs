using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Learning;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp train</c>: a dense network trained by backpropagation or by one of the rules that
/// do without it (articles 001 and 004, docs/articles.md). Writes model.safetensors + model.json after every epoch (the
/// checkpoint that --resume continues, also on Ctrl+C mid-epoch), curve.png and metrics.json with the
/// test errors of every epoch.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("train", "Train a dense network with backpropagation (bp), feedback alignment (fa), direct feedback alignment (dfa), adaptive top-down weights (adaptive) or temporal-derivative learning (temporal).");
        var common = new CommonOptions("out/train");
        var rule = new Option<string>("--rule") { Description = "How the error reaches the hidden layers: bp, fa, dfa, adaptive or temporal.", DefaultValueFactory = _ => "bp" };
        rule.AcceptOnlyFromAmong([.. TrainingRuleNames.All]);
        var layers = new Option<string>("--layers") { Description = "Unit counts from input to output, comma-separated.", DefaultValueFactory = _ => "784,800,800,10" };
        var activation = new Option<string>("--activation") { Description = "Hidden non-linearity: relu, tanh or logistic.", DefaultValueFactory = _ => "relu" };
        activation.AcceptOnlyFromAmong("relu", "tanh", "logistic");
        var init = new Option<string>("--init") { Description = "Weight initialisation: uniform (1/sqrt(fan-in)), glorot or he.", DefaultValueFactory = _ => "he" };
        init.AcceptOnlyFromAmong("uniform", "glorot", "he");
        var dropout = new Option<float>("--dropout") { Description = "Probability a hidden unit is dropped during training, in [0, 1).", DefaultValueFactory = _ => 0f };
        var inputDropout = new Option<float>("--input-dropout") { Description = "Probability an input is dropped during training, in [0, 1).", DefaultValueFactory = _ => 0f };
        var spikes = new Option<float>("--spikes") { Description = "Hidden units send Poisson spike counts, T per unit of activity (0: real values).", DefaultValueFactory = _ => 0f };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "Examples per minibatch.", DefaultValueFactory = _ => 100 };
        var rate = new Option<float>("--rate") { Description = "Learning rate eta at the first epoch (0.01 is stable for every rule with ReLU units).", DefaultValueFactory = _ => 0.01f };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, exponential (times --rate-decay per epoch) or cosine (to 0 at the end).", DefaultValueFactory = _ => "cosine" };
        schedule.AcceptOnlyFromAmong("constant", "exponential", "cosine");
        var rateDecay = new Option<float>("--rate-decay") { Description = "Factor per epoch of --schedule exponential.", DefaultValueFactory = _ => 0.98f };
        var momentum = new Option<float>("--momentum") { Description = "Momentum mu in [0, 1).", DefaultValueFactory = _ => 0.9f };
        var weightDecay = new Option<float>("--weight-decay") { Description = "L2 weight decay lambda.", DefaultValueFactory = _ => 0f };
        var maxNorm = new Option<float>("--max-norm") { Description = "Largest norm of a unit's incoming weights (0: none).", DefaultValueFactory = _ => 0f };
        var feedbackRate = new Option<float>("--feedback-rate") { Description = "Normalised step of the top-down weights of adaptive and temporal (0: fixed).", DefaultValueFactory = _ => 0.01f };
        var feedbackScale = new Option<float>("--feedback-scale") { Description = "Scale of the random feedback matrices (1: that of the forward weights).", DefaultValueFactory = _ => 1f };
        var nudge = new Option<float>("--nudge") { Description = "beta of temporal: how far the top moves towards the target, in (0, 1].", DefaultValueFactory = _ => 0.1f };
        var pretrain = new Option<bool>("--pretrain") { Description = "Pre-train each hidden layer as a denoising autoencoder first (the \"smart\" initialisation)." };
        var pretrainEpochs = new Option<int>("--pretrain-epochs") { Description = "Autoencoder epochs per hidden layer with --pretrain.", DefaultValueFactory = _ => 1 };
        var pretrainRate = new Option<float>("--pretrain-rate") { Description = "Learning rate of the autoencoder pre-training.", DefaultValueFactory = _ => 0.01f };
        var data = new Option<string>("--data") { Description = "Training data spec (labelled): mnist, or a .npy/.csv/IDX path.", DefaultValueFactory = _ => "mnist" };
        var test = new Option<string>("--test") { Description = "Test data spec evaluated after each epoch, or none.", DefaultValueFactory = _ => "mnist:test" };
        var rows = new Option<int>("--rows") { Description = "Use only the first N training rows (0: all).", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in --out (model.safetensors); every setting must be the same, except --epochs, which may raise the total." };
        foreach (var o in new Option[] { rule, layers, activation, init, dropout, inputDropout, spikes, epochs, batch, rate, schedule, rateDecay, momentum,
                     weightDecay, maxNorm, feedbackRate, feedbackScale, nudge, pretrain, pretrainEpochs, pretrainRate, data, test, rows, resume })
        {
            command.Options.Add(o);
        }
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var spec = new MlpSpec
            {
                LayerSizes = ParseLayers(parse.GetValue(layers)!),
                HiddenActivation = parse.GetValue(activation) switch { "tanh" => Activation.Tanh, "logistic" => Activation.Logistic, _ => Activation.Relu },
                Init = parse.GetValue(init) switch { "uniform" => WeightInit.UniformFanIn, "glorot" => WeightInit.Glorot, _ => WeightInit.He },
                HiddenDropout = parse.GetValue(dropout), InputDropout = parse.GetValue(inputDropout), SpikeCount = parse.GetValue(spikes),
            };
            spec.Validate();
            var options = new TrainingOptions
            {
                Rule = TrainingRuleNames.FromFlag(parse.GetValue(rule)!), Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate), LearningRateDecay = parse.GetValue(rateDecay), Momentum = parse.GetValue(momentum),
                Schedule = parse.GetValue(schedule) switch { "constant" => LearningRateSchedule.Constant, "exponential" => LearningRateSchedule.Exponential, _ => LearningRateSchedule.Cosine },
                WeightDecay = parse.GetValue(weightDecay), MaxNorm = parse.GetValue(maxNorm), FeedbackLearningRate = parse.GetValue(feedbackRate),
                FeedbackScale = parse.GetValue(feedbackScale), NudgeStrength = parse.GetValue(nudge),
                PretrainEpochs = parse.GetValue(pretrain) ? parse.GetValue(pretrainEpochs) : 0, PretrainLearningRate = parse.GetValue(pretrainRate),
            };
            options.Validate();
            int rowLimit = parse.GetValue(rows);
            if (rowLimit < 0) throw new InvalidInputException($"--rows must be 0 (all) or more (got {rowLimit}).");
            if (parse.GetValue(pretrain) && parse.GetValue(pretrainEpochs) < 1)
                throw new InvalidInputException($"--pretrain-epochs must be at least 1 with --pretrain (got {parse.GetValue(pretrainEpochs)}).");

            string dataSpec = parse.GetValue(data)!, testSpec = parse.GetValue(test)!;
            var load = new DataLoadOptions(c.Seed, Log: l => ctx.Error.WriteLine(l), Memory: c.Memory); // a resume keeps the seed (checked below)
            var train = DataSources.Load(dataSpec, load).Dataset;
            if (rowLimit > 0 && rowLimit < train.RowCount) train = train.Take(rowLimit);
            Dataset? testSet = testSpec == "none" ? null : DataSources.Load(testSpec, load).Dataset;

            using var folder = OutputFolder.Open(c.Out); // one run per folder, held until the end
            string modelPath = Path.Combine(c.Out, "model.safetensors");
            OutputFile.CheckWritable(modelPath); // before the training, not after it
            MlpTrainer trainer;
            bool resumed = parse.GetValue(resume) && File.Exists(modelPath);
            if (resumed)
            {
                trainer = MlpFile.LoadTrainer(modelPath);
                ResumeCheck.SameSeed(c.Out, trainer.Seed, c.Seed);
                ResumeCheck.Same(c.Out, trainer.Network.Spec, spec);
                ResumeCheck.Same(c.Out, trainer.Options, options, nameof(TrainingOptions.Epochs));
                if (trainer.Options.Epochs != options.Epochs) trainer.ExtendEpochs(options.Epochs);
                MetricsOutput.Info(ctx, c, $"Resuming {modelPath} at epoch {trainer.EpochsDone} (+{trainer.BatchesDone} batches) of {trainer.Options.Epochs}.");
            }
            else
            {
                trainer = MlpTrainer.Create(spec, options, c.Seed, c.Memory);
            }
            trainer.MaxThreads = c.Threads;
            spec = trainer.Network.Spec;
            options = trainer.Options;
            CheckData(trainer.Network, train, dataSpec);
            if (testSet is not null) CheckData(trainer.Network, testSet, testSpec);
            MetricsOutput.Header(ctx, c, $"train {options.Rule.ToFlag()} {string.Join("-", spec.LayerSizes)} on {train.Name} ({train.RowCount} rows), " +
                $"{options.Epochs} epochs, seed {trainer.Seed}, GEMM {Gemm.InstructionSet}, {ParallelBlocks.ThreadCount(c.Threads)} threads", c.Out);

            bool saved = resumed; // whether model.safetensors holds a checkpoint of this run
            void Save()
            {
                MlpFile.Save(trainer, modelPath, sidecar: true);
                saved = true;
            }

            bool interrupted = RunTraining(ctx, c, trainer, train, testSet, Save);
            if (trainer.History.Count > 0 && trainer.History[^1].TestErrors is not null)
            {
                var h = trainer.History;
                Png.Save(Path.Combine(c.Out, "curve.png"), Reports.Charts.Charts.Lines($"{options.Rule.ToFlag()}: test errors per epoch", "epoch", "test errors",
                    [(options.Rule.ToFlag(), h.Select(r => (double)r.Epoch).ToArray(), h.Select(r => (double)r.TestErrors!.Value).ToArray())]));
            }
            var metrics = Metrics(trainer, dataSpec, testSpec, train, testSet, c);
            if (trainer.Divergence is { } d)
            {
                metrics["diverged"] = true;
                metrics["divergedAtEpoch"] = d.Epoch;
                metrics["divergedLoss"] = LossText(d.Loss);
            }
            MetricsOutput.Write(ctx, c, metrics);
            if (trainer.Divergence is { } divergence)
            {
                string kept = saved ? $"the last good checkpoint is {modelPath}" : "no checkpoint was saved before it";
                ctx.Error.WriteLine($"neurosharp: training diverged at epoch {divergence.Epoch} (loss = {LossText(divergence.Loss)}); lower --rate; {kept}.");
                return NeuroSharpCli.RunFailed;
            }
            if (interrupted)
            {
                ctx.Error.WriteLine($"neurosharp: interrupted at epoch {trainer.EpochsDone} + {trainer.BatchesDone} batches; the checkpoint is saved. Run again with --resume to continue.");
                return NeuroSharpCli.RunFailed;
            }
            return NeuroSharpCli.Success;
        });
        return command;
    }

    private static bool RunTraining(CliContext ctx, CommonValues c, MlpTrainer trainer, Dataset train, Dataset? test, Action save)
    {
        var work = new MlpTrainingWork(trainer, train, test, save, r =>
        {
            if (!ctx.Interactive)
            {
                MetricsOutput.Info(ctx, c, string.Create(CultureInfo.InvariantCulture,
                    $"  epoch {r.Epoch,4}/{trainer.Options.Epochs}  rate {r.LearningRate:G4}  train loss {r.TrainLoss:F4}  train errors {r.TrainErrors,6}  test errors {(r.TestErrors?.ToString(CultureInfo.InvariantCulture) ?? "-"),5}  {r.Seconds:F1} s"));
            }
        });
        // One epoch per chunk: a checkpoint after every epoch, and on Ctrl+C mid-epoch; a diverged trainer is never saved.
        return CheckpointedRun.Run(ctx, c, $"train {trainer.Options.Rule.ToFlag()}", work, 1).Interrupted;
    }

    private static JsonObject Metrics(MlpTrainer trainer, string dataSpec, string testSpec, Dataset train, Dataset? test, CommonValues c)
    {
        var spec = trainer.Network.Spec;
        var o = trainer.Options;
        var history = trainer.History;
        var epochs = new JsonArray();
        foreach (var r in history)
        {
            epochs.Add(new JsonObject
            {
                ["epoch"] = r.Epoch, ["learningRate"] = r.LearningRate, ["trainLoss"] = Math.Round(r.TrainLoss, 6), ["trainErrors"] = r.TrainErrors,
                ["testErrors"] = r.TestErrors, ["testLoss"] = r.TestLoss is { } l ? Math.Round(l, 6) : null,
                ["seconds"] = r.Seconds > 0 ? Math.Round(r.Seconds, 3) : null, // null: trained by an earlier run (checkpoints hold no times)
            });
        }
        var timed = history.Where(r => r.Seconds > 0).ToList();
        double totalSeconds = timed.Sum(r => r.Seconds);
        var last = history.Count > 0 ? history[^1] : null;
        return new JsonObject
        {
            ["command"] = "train", ["rule"] = o.Rule.ToFlag(), ["layers"] = string.Join(",", spec.LayerSizes),
            ["activation"] = spec.HiddenActivation.ToString().ToLowerInvariant(), ["init"] = spec.Init.ToString(),
            ["dropout"] = spec.HiddenDropout, ["inputDropout"] = spec.InputDropout, ["spikes"] = spec.SpikeCount,
            ["epochs"] = o.Epochs, ["epochsDone"] = trainer.EpochsDone, ["batchSize"] = o.BatchSize, ["learningRate"] = o.LearningRate,
            ["schedule"] = o.Schedule.ToString(), ["momentum"] = o.Momentum, ["weightDecay"] = o.WeightDecay, ["maxNorm"] = o.MaxNorm,
            ["feedbackRate"] = o.FeedbackLearningRate, ["feedbackScale"] = o.FeedbackScale, ["nudge"] = o.NudgeStrength,
            ["pretrainEpochs"] = o.PretrainEpochs, ["data"] = dataSpec, ["test"] = testSpec, ["trainRows"] = train.RowCount, ["testRows"] = test?.RowCount,
            ["seed"] = trainer.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads), ["gemm"] = Gemm.InstructionSet, ["parameters"] = trainer.Network.ParameterCount,
            ["testErrors"] = last?.TestErrors, ["testErrorRate"] = last?.TestErrors is { } e && test is not null ? (double)e / test.RowCount : null,
            ["testLoss"] = last?.TestLoss, ["trainLoss"] = last?.TrainLoss,
            ["secondsPerEpoch"] = timed.Count > 0 ? Math.Round(totalSeconds / timed.Count, 3) : null, ["trainSeconds"] = Math.Round(totalSeconds, 3),
            ["history"] = epochs,
        };
    }

    private static string LossText(double loss) =>
        double.IsNaN(loss) ? "nan" : double.IsPositiveInfinity(loss) ? "inf" : double.IsNegativeInfinity(loss) ? "-inf" : loss.ToString("G4", CultureInfo.InvariantCulture);

    private static void CheckData(Mlp network, Dataset data, string spec)
    {
        if (data.ColumnCount != network.InputCount)
            throw new InvalidInputException($"Data '{spec}' has {data.ColumnCount} columns but --layers starts with {network.InputCount} inputs.");
        if (!data.HasLabels) throw new InvalidInputException($"Data '{spec}' has no labels; train needs a label per row.");
        int max = data.Labels.Length == 0 ? 0 : data.Labels.ToArray().Max();
        if (max >= network.OutputCount)
            throw new InvalidInputException($"Data '{spec}' has label {max} but --layers ends with {network.OutputCount} outputs.");
    }

    private static int[] ParseLayers(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new InvalidInputException($"--layers must be positive integers separated by commas, e.g. 784,800,800,10 (got '{text}').");
        }
        if (sizes.Length < 2) throw new InvalidInputException($"--layers needs at least an input and an output size (got '{text}').");
        return sizes;
    }
}
