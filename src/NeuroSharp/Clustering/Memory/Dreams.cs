using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering.Memory;

/// <summary>
/// Dreams (article 000, docs/articles.md#article-000-clusterizers): learning only from today's examples forgets yesterday's ("winter" and
/// "summer"). During a dream the senses are off (no new input) and the layers learn from examples
/// replayed from memory, so that old clusters are refreshed alongside new ones.
/// </summary>
public static class Dreams
{
    /// <summary>A dream: <paramref name="replays"/> memories, drawn at random, are presented to the model as if sensed.</summary>
    /// <param name="model">The model that sleeps.</param>
    /// <param name="memory">What it remembers.</param>
    /// <param name="replays">How many memories to replay.</param>
    /// <param name="rng">The dream's stream.</param>
    public static void Dream(MetaClusterer model, ExampleMemory memory, int replays, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.Count == 0) return;
        for (int i = 0; i < replays; i++) model.Present(memory.Sample(rng), Span<int>.Empty);
    }

    /// <summary>
    /// Learns a day of new examples with sleep: every <paramref name="awakeExamples"/> sensed examples
    /// (each offered to memory with its error as importance) are followed by a dream of
    /// <paramref name="dreamReplays"/> memories; <paramref name="dreamReplays"/> = 0 learns without dreams.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="day">The new examples, presented in order.</param>
    /// <param name="memory">The memory (offered every sensed example), or null for none.</param>
    /// <param name="awakeExamples">Examples sensed between dreams, at least 1.</param>
    /// <param name="dreamReplays">Memories replayed per dream, at least 0.</param>
    /// <param name="rng">The stream of the dreams.</param>
    /// <param name="afterEach">Called after every awake period with the examples sensed so far, or null.</param>
    public static void LiveDay(MetaClusterer model, Dataset day, ExampleMemory? memory, int awakeExamples, int dreamReplays, RandomStream rng,
        Action<long>? afterEach = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(day);
        OptionChecks.AtLeast(nameof(Dreams), "AwakeExamples", awakeExamples, 1);
        OptionChecks.AtLeast(nameof(Dreams), "DreamReplays", dreamReplays, 0);
        for (int i = 0; i < day.RowCount; i++)
        {
            var x = day.Row(i);
            float error = model.Present(x, Span<int>.Empty);
            memory?.Offer(x, error, day.HasLabels ? day.Labels[i] : -1);
            if ((i + 1) % awakeExamples != 0 && i + 1 != day.RowCount) continue;
            if (dreamReplays > 0 && memory is not null) Dream(model, memory, dreamReplays, rng);
            afterEach?.Invoke(i + 1);
        }
    }
}
