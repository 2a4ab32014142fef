// Evolving a controller: NEAT (Stanley and Miikkulainen 2002) grows spiking networks, topology and weights,
// until one solves a task (docs/evolution.md). The default task is XOR with spikes (docs/evolution-xor.md);
// any name from EvolutionTasks.Names works, e.g. touch-reflex or single-pole. The champion is saved as a network file that
// `neurosharp simulate` and `neurosharp play` run. Usage: EvolveController [TASK] [SEED] [GENERATIONS]
using System.Globalization;
using NeuroSharp.Evolution;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

string taskName = args.Length > 0 ? args[0] : "xor";
ulong seed = args.Length > 1 ? ulong.Parse(args[1], CultureInfo.InvariantCulture) : 1;
int generations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;

IEvolutionTask task = EvolutionTasks.Create(taskName);
// NEAT with the task's own options (population 150) and neurons: LIF for XOR, transmitter neurons for touch-reflex.
IEvolver neat = EvolverFactory.Create(new EvolverSettings("neat", Population: 0, Hidden: 0, seed), task);
var run = new EvolutionRun(task, task.DefaultModel, neat, seed, generations, threads: 0);

// One generation per chunk: evaluate every genome in parallel, keep the champion, breed the next generation.
// The run stops at the first generation with a genome that meets the task's criterion.
CheckpointRunner.Run(run, chunkUnits: 1, new ProgressCallback<RunProgress>(p => Console.WriteLine(p.Status)));

Champion champion = run.Best!;
Console.WriteLine(run.Solved
    ? $"solved {task.Name} in generation {champion.Generation} after {champion.Evaluations} evaluations: fitness {champion.Fitness:F2}"
    : $"did not solve {task.Name} in {generations} generations: best fitness {champion.Fitness:F2}");
Console.WriteLine($"champion: {champion.Genome.HiddenCount} hidden neurons, {champion.Genome.Links.Count(l => l.Enabled)} enabled links");

// The champion as a network file, then once more through its world, watching each world step.
NetworkSpec network = GenomeDecoder.Decode(champion.Genome, run.Model, $"{task.Name}-champion");
NetworkFile.Save("champion.json", network);
Console.WriteLine("wrote champion.json");
TaskEvaluation again = task.Evaluate(network, new RandomStream(seed).Fork(1), new PrintSteps(task.Name));
Console.WriteLine($"replayed: fitness {again.Fitness:F2}, solved {again.Solved}");
return run.Solved ? 0 : 1;

/// <summary>Prints each world step: for XOR the pattern, target and answer (docs/evolution-xor.md), else the state's first values.</summary>
internal sealed class PrintSteps(string task) : IWorldObserver
{
    public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts)
    {
        if (task == "xor")
            Console.WriteLine($"  {state[0]} xor {state[1]} = {state[2]}: {outputSpikeCounts[0]} motor spikes, answer {state[3]:F2}");
        else if (step % 1000 == 0)
            Console.WriteLine($"  step {step}: {string.Join(' ', state[..Math.Min(4, state.Length)].ToArray().Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
    }
}
