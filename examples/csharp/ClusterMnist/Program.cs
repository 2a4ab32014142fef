// Clustering MNIST with one group of competing neurons (online k-means), then reading the clusters
// out as digit labels. Usage: ClusterMnist [MNIST_DIR] [CLUSTERS]
//   MNIST_DIR: a folder with the four IDX files (.gz or not); without it MNIST is fetched, verified
//   and cached on first use (~/.cache/neurosharp).
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Fitting;

string? mnistDir = args.Length > 0 ? args[0] : null;
int clusters = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;

var mnist = new MnistRepository(dataDirectory: mnistDir);
Dataset train = mnist.Load(MnistSplit.Train, log: Console.Error.WriteLine);
Dataset test = mnist.Load(MnistSplit.Test, log: Console.Error.WriteLine);

var layer = CompetitiveLayer.Create(train, new CompetitiveLayerOptions { ClusterCount = clusters }, seed: 1);
FitResult fit = layer.Fit(train, new FitOptions { Epochs = 3 });

// Each cluster takes the most common label of the training digits it wins; test digits get their cluster's label.
int[] trainClusters = layer.Predict(train);
var readout = ClusterReadout.Fit(trainClusters, train.Labels, layer.ClusterCount);
int[] testClusters = layer.Predict(test);
double purity = ClusteringQuality.Purity(trainClusters, train.Labels, layer.ClusterCount);
double accuracy = readout.Accuracy(testClusters, test.Labels);

Console.WriteLine($"clustered {train.RowCount} digits into {layer.ClusterCount} clusters ({fit.Samples} samples)");
Console.WriteLine($"purity {purity:P1}, test accuracy of the cluster labels {accuracy:P1} ({test.RowCount} digits)");
ClusteringModelFile.Save(layer, "cluster-mnist.safetensors", seed: 1, imageShape: train.ImageShape);
Console.WriteLine("model: cluster-mnist.safetensors");
