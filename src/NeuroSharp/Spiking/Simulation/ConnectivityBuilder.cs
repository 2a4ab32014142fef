using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Draws the synapses of a projection from a <see cref="ConnectivitySpec"/>. Every builder is
/// sequential over one stream, so the pattern depends only on the build seed.
/// </summary>
public static class ConnectivityBuilder
{
    /// <summary>Builds the pattern and returns (row starts, targets) in CSR by source, targets ascending in each row.</summary>
    /// <param name="spec">The rule.</param>
    /// <param name="sourceCount">Neurons in the source population.</param>
    /// <param name="targetCount">Neurons in the target population.</param>
    /// <param name="recurrent">True when source and target are the same population (self-connections are then excluded unless allowed).</param>
    /// <param name="rng">The build stream of this projection.</param>
    /// <returns>Row starts (length sourceCount + 1) and targets.</returns>
    public static (int[] RowStart, int[] Targets) Build(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng)
    {
        var p = BuildPattern(spec, sourceCount, targetCount, recurrent, rng);
        return (p.RowStart, p.Targets);
    }

    internal static CsrPattern BuildPattern(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        return spec switch
        {
            AllToAllConnectivity a => AllToAll(sourceCount, targetCount, recurrent && !a.AllowSelf),
            FixedProbabilityConnectivity f => FixedProbability(sourceCount, targetCount, f.Probability, recurrent && !f.AllowSelf, rng),
            FixedInDegreeConnectivity k => FixedInDegree(sourceCount, targetCount, k.InDegree, recurrent && !k.AllowSelf, rng),
            OneToOneConnectivity => OneToOne(sourceCount),
            ExplicitConnectivity e => Explicit(sourceCount, e),
            _ => throw new ArgumentException($"Unknown connectivity {spec.GetType().Name}.", nameof(spec)),
        };
    }

    private static CsrPattern AllToAll(int sources, int targets, bool noSelf)
    {
        var rowStart = new int[sources + 1];
        for (int s = 0; s < sources; s++) rowStart[s + 1] = rowStart[s] + targets - (noSelf && s < targets ? 1 : 0);
        var t = new int[rowStart[sources]];
        int e = 0;
        for (int s = 0; s < sources; s++)
        {
            for (int j = 0; j < targets; j++)
            {
                if (noSelf && j == s) continue;
                t[e++] = j;
            }
        }
        return new CsrPattern(rowStart, t, null);
    }

    /// <summary>Geometric skipping: the gap to the next chosen target is floor(ln U / ln(1 - p)), which is exactly one Bernoulli(p) per pair.</summary>
    private static CsrPattern FixedProbability(int sources, int targets, double p, bool noSelf, RandomStream rng)
    {
        var rowStart = new int[sources + 1];
        var buffer = new int[Math.Max(16, (int)Math.Min(int.MaxValue / 2, (long)(sources * (double)targets * p * 1.1) + 16))];
        int e = 0;
        double logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
        for (int s = 0; s < sources; s++)
        {
            if (p > 0)
            {
                long j = -1;
                while (true)
                {
                    if (p >= 1) j++;
                    else
                    {
                        double u = 1.0 - rng.NextDouble(); // (0, 1]
                        j += 1 + (long)Math.Floor(Math.Log(u) / logQ);
                    }
                    if (j >= targets) break;
                    if (noSelf && j == s) continue;
                    if (e == buffer.Length) Array.Resize(ref buffer, checked(buffer.Length * 2));
                    buffer[e++] = (int)j;
                }
            }
            rowStart[s + 1] = e;
        }
        return new CsrPattern(rowStart, buffer[..e], null);
    }

    /// <summary>Each target draws K distinct sources (rejection with a stamp array when K is small against the pool, partial Fisher-Yates otherwise); then the pattern is transposed to rows by source.</summary>
    private static CsrPattern FixedInDegree(int sources, int targets, int k, bool noSelf, RandomStream rng)
    {
        var chosen = new int[checked((long)targets * k) <= int.MaxValue ? targets * k : throw new InvalidInputException($"fixedInDegree: {targets} x {k} synapses is too many.")];
        var stamp = new int[sources];
        int[]? pool = null;
        for (int t = 0; t < targets; t++)
        {
            int exclude = noSelf && t < sources ? t : -1;
            int eligible = exclude >= 0 ? sources - 1 : sources;
            var row = chosen.AsSpan(t * k, k);
            if (k * 2 <= eligible)
            {
                int mark = t + 1;
                for (int c = 0; c < k;)
                {
                    int s = rng.NextInt(sources);
                    if (s == exclude || stamp[s] == mark) continue;
                    stamp[s] = mark;
                    row[c++] = s;
                }
            }
            else
            {
                pool ??= new int[sources];
                int m = 0;
                for (int s = 0; s < sources; s++)
                {
                    if (s != exclude) pool[m++] = s;
                }
                for (int c = 0; c < k; c++)
                {
                    int j = c + rng.NextInt(m - c);
                    (pool[c], pool[j]) = (pool[j], pool[c]);
                    row[c] = pool[c];
                }
            }
        }
        // Transpose: counting sort by source; targets come out ascending because t runs ascending.
        var rowStart = new int[sources + 1];
        foreach (int s in chosen) rowStart[s + 1]++;
        for (int s = 0; s < sources; s++) rowStart[s + 1] += rowStart[s];
        var fill = rowStart[..sources];
        var result = new int[chosen.Length];
        for (int t = 0; t < targets; t++)
        {
            foreach (int s in chosen.AsSpan(t * k, k)) result[fill[s]++] = t;
        }
        return new CsrPattern(rowStart, result, null);
    }

    private static CsrPattern OneToOne(int count)
    {
        var rowStart = new int[count + 1];
        var t = new int[count];
        for (int i = 0; i < count; i++)
        {
            rowStart[i + 1] = i + 1;
            t[i] = i;
        }
        return new CsrPattern(rowStart, t, null);
    }

    private static CsrPattern Explicit(int sources, ExplicitConnectivity e)
    {
        int m = e.Sources.Count;
        var order = new int[m];
        for (int k = 0; k < m; k++) order[k] = k;
        // Sort by (source, target, list position): a stable, deterministic row order.
        Array.Sort(order, (x, y) =>
        {
            int c = e.Sources[x].CompareTo(e.Sources[y]);
            if (c != 0) return c;
            c = e.Targets[x].CompareTo(e.Targets[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var rowStart = new int[sources + 1];
        for (int k = 0; k < m; k++) rowStart[e.Sources[k] + 1]++;
        for (int s = 0; s < sources; s++) rowStart[s + 1] += rowStart[s];
        var t = new int[m];
        for (int k = 0; k < m; k++) t[k] = e.Targets[order[k]];
        return new CsrPattern(rowStart, t, order);
    }
}
