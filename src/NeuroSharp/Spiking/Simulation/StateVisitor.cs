using System.Runtime.InteropServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Walks the engine's whole state, array by array and by name, for a checkpoint (docs/spiking-engine.md, "Checkpoints"): the
/// writer copies each array out, the reader copies the saved values back into it, so one method per class says what its state
/// is and serves both. Every population (<see cref="NeuronGroup.VisitModelState"/>, <see cref="IPopulation.VisitState"/>) and
/// plasticity rule (<see cref="PlasticityRule.VisitState"/>) must say it: the members are abstract, so a model added later does
/// not compile until it lists its arrays. Names are scoped (<see cref="Scope"/>): "E/v", "E->I/stdp/x_pre".
/// </summary>
internal abstract class StateVisitor
{
    private readonly List<string> _scopes = [];
    private string _prefix = "";

    /// <summary>True while a checkpoint is read back (the visited arrays are overwritten), false while it is written.</summary>
    public abstract bool Reading { get; }

    /// <summary>Names the arrays visited until the returned scope is disposed "<paramref name="name"/>/...".</summary>
    /// <param name="name">The scope: a population's or projection's name, a part of it.</param>
    /// <returns>The scope, to dispose.</returns>
    public ScopeToken Scope(string name)
    {
        _scopes.Add(name);
        _prefix = string.Join('/', _scopes) + "/";
        return new ScopeToken(this);
    }

    /// <summary>The name of <paramref name="name"/> in the current scope.</summary>
    protected string FullName(string name) => _prefix + name;

    /// <summary>A state array: written as is, or overwritten from the checkpoint (which must hold as many values of the type).</summary>
    /// <typeparam name="T">float, double, int, long, ulong, byte or bool.</typeparam>
    /// <param name="name">Its name in the current scope.</param>
    /// <param name="values">The values.</param>
    public abstract void Values<T>(string name, Span<T> values) where T : unmanaged;

    /// <summary>One state value (a counter, a step index).</summary>
    public void Value<T>(string name, ref T value) where T : unmanaged => Values(name, MemoryMarshal.CreateSpan(ref value, 1));

    /// <summary>Several state arrays of one kind (a gate per channel, a conductance per port): "name0", "name1", ...</summary>
    public void Each<T>(string name, IReadOnlyList<T[]?> arrays) where T : unmanaged
    {
        for (int k = 0; k < arrays.Count; k++)
        {
            if (arrays[k] is { } a) Values(name + k.ToString(System.Globalization.CultureInfo.InvariantCulture), a.AsSpan());
        }
    }

    /// <summary>A recording that grows during the run (a monitor's buffer): written whole, or replaced by the checkpoint's.</summary>
    public abstract void Buffer<T>(string name, GrowableBuffer<T> buffer) where T : unmanaged;

    /// <summary>Random streams, each by its key and four state words: read back, each continues where the checkpoint's stopped.</summary>
    public void Streams(string name, RandomStream[] streams)
    {
        var words = new ulong[streams.Length * 5];
        if (!Reading)
        {
            for (int k = 0; k < streams.Length; k++)
            {
                var s = streams[k].GetState();
                (words[5 * k], words[5 * k + 1], words[5 * k + 2], words[5 * k + 3], words[5 * k + 4]) = (s.Key, s.S0, s.S1, s.S2, s.S3);
            }
        }
        Values(name, words.AsSpan());
        if (!Reading) return;
        for (int k = 0; k < streams.Length; k++)
            streams[k] = new RandomStream(new RandomStreamState(words[5 * k], words[5 * k + 1], words[5 * k + 2], words[5 * k + 3], words[5 * k + 4]));
    }

    private void Leave()
    {
        _scopes.RemoveAt(_scopes.Count - 1);
        _prefix = _scopes.Count == 0 ? "" : string.Join('/', _scopes) + "/";
    }

    /// <summary>Ends a <see cref="Scope"/>.</summary>
    internal readonly struct ScopeToken(StateVisitor visitor) : IDisposable
    {
        /// <summary>Leaves the scope.</summary>
        public void Dispose() => visitor.Leave();
    }
}
