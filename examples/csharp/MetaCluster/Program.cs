// Meta-clustering: which inputs belong together? Five planted groups of five one-hot inputs (every
// example lights exactly one input of each group); five meta-clusters learn masks over the inputs and
// the partition they give recovers the planted groups. Usage: MetaCluster [SEED]
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Fitting;
using NeuroSharp.Numerics.Random;

ulong seed = args.Length > 0 ? ulong.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
const int groups = 5, size = 5;

PlantedDataset planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(groups, size), 20_000, new RandomStream(seed).Fork(1));
var model = MetaClusterer.Create(planted.Dataset, new MetaClustererOptions
{
    MetaCount = groups, ClusterCount = size, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.02f, Init = CentreInit.Zeros,
}, seed);
RecoveryResult result = PlantedRecovery.Fit(model, planted, new FitOptions { Shuffle = false, ReportEvery = 1000 });

int[] partition = model.Partition();
Console.WriteLine($"input -> meta-cluster: {string.Join(' ', partition)}");
Console.WriteLine($"planted groups:        {string.Join(' ', planted.InputGroups)}");
Console.WriteLine(result.Recovered
    ? $"recovered the {groups} planted groups (settled after {result.SettledAt} examples)"
    : $"did not recover the {groups} planted groups in {result.Fit.Samples} examples");
return result.Recovered ? 0 : 1;
