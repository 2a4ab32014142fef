namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// One plasticity rule owned by a <see cref="Projection"/>, as Nengo has one operator per learning rule.
/// A rule declares the state it reads and the state it updates (<see cref="Reads"/>, <see cref="Updates"/>),
/// binds its arrays once when the projection is built (in its constructor: the projection's CSR arrays,
/// the target channel, its own traces), and exposes tight step methods over spans. The projection calls
/// each rule once per phase of a step, never per synapse or per spike: the rule's loop is inside.
/// </summary>
/// <remarks>
/// Step points (docs/concepts.md, <see cref="StepPhase"/>): in <see cref="StepPhase.Deliver"/> the projection
/// asks its short-term rule for the scale of the spikes it delivers and lets its STDP rule deliver and depress
/// the rows that arrive; in <see cref="StepPhase.Plasticity"/> it calls <see cref="Plasticity"/> on its learning
/// rules in build order (STDP, then normalisation), and not at all while learning is off.
/// </remarks>
internal abstract class PlasticityRule
{
    /// <summary>The state the rule reads (names as in docs/spiking-*.md).</summary>
    public abstract IReadOnlyList<string> Reads { get; }

    /// <summary>The state the rule writes.</summary>
    public abstract IReadOnlyList<string> Updates { get; }

    /// <summary>True for long-term learning, which <c>LearningEnabled = false</c> freezes; false for short-term plasticity, which always acts.</summary>
    public virtual bool Learns => true;

    /// <summary>Back to the built state of the rule's own dynamics (traces, short-term state, queues); weights are the projection's.</summary>
    public abstract void Reset();

    /// <summary>
    /// Visits the rule's state arrays (traces, short-term state, queued arrivals) for a checkpoint (<see cref="StateVisitor"/>); the
    /// weights are the projection's. Abstract, so a rule added later says what it keeps.
    /// </summary>
    /// <param name="visitor">The checkpoint's writer or reader.</param>
    public abstract void VisitState(StateVisitor visitor);

    /// <summary>The Plasticity phase of step <paramref name="step"/> (called only while learning is on).</summary>
    public virtual void Plasticity(int step)
    {
    }
}
