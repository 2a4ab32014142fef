// Training a dense network on MNIST without backpropagation: direct feedback alignment (DFA) sends the
// output error straight to every hidden layer through fixed random matrices (docs/learning-direct-feedback-alignment.md).
// Usage: TrainDfa [MNIST_DIR] [EPOCHS]
//   MNIST_DIR: a folder with the four IDX files; without it MNIST is fetched, verified and cached.
using NeuroSharp.Data;
using NeuroSharp.Learning;

string? mnistDir = args.Length > 0 ? args[0] : null;
int epochs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;

var mnist = new MnistRepository(dataDirectory: mnistDir);
Dataset train = mnist.Load(MnistSplit.Train, log: Console.Error.WriteLine);
Dataset test = mnist.Load(MnistSplit.Test, log: Console.Error.WriteLine);

var spec = new MlpSpec { LayerSizes = [train.ColumnCount, 256, 10] };
var options = new TrainingOptions { Rule = TrainingRuleKind.DirectFeedbackAlignment, Epochs = epochs, BatchSize = 20, LearningRate = 0.01f };
MlpTrainer trainer = MlpTrainer.Create(spec, options, seed: 1);
trainer.MaxThreads = Environment.ProcessorCount;

foreach (EpochRecord epoch in trainer.Fit(train, test))
    Console.WriteLine($"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F3}, test errors {epoch.TestErrors} of {test.RowCount}");

MlpFile.Save(trainer, "dfa-mnist.safetensors");
Console.WriteLine("model: dfa-mnist.safetensors");
