namespace NeuroSharp.Spiking;

/// <summary>
/// A two-component quantity of neurotransmitter in the transmitter neuron of article 002 (docs/articles.md#article-002-transmitter-neuron):
/// [activator, inhibitor]. Activators are positive amounts and inhibitors negative ones, so that
/// <c>Activator + Inhibitor</c> is the net level compared with the threshold.
/// </summary>
/// <param name="Activator">The excitatory component (the article's index 0).</param>
/// <param name="Inhibitor">The inhibitory component (the article's index 1), zero or negative by convention.</param>
public readonly record struct TransmitterAmount(double Activator, double Inhibitor)
{
    /// <summary>No transmitter: [0, 0].</summary>
    public static TransmitterAmount Zero => default;

    /// <summary>The net level, activator plus inhibitor.</summary>
    public double Net => Activator + Inhibitor;

    /// <summary>Component-wise sum.</summary>
    /// <param name="a">The first amount.</param>
    /// <param name="b">The second amount.</param>
    /// <returns>[a0 + b0, a1 + b1].</returns>
    public static TransmitterAmount operator +(TransmitterAmount a, TransmitterAmount b) =>
        new(a.Activator + b.Activator, a.Inhibitor + b.Inhibitor);

    /// <summary>Both components times a factor.</summary>
    /// <param name="a">The amount.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>[a0 * factor, a1 * factor].</returns>
    public static TransmitterAmount operator *(TransmitterAmount a, double factor) =>
        new(a.Activator * factor, a.Inhibitor * factor);

    /// <summary>Component-wise sum (the named alternative of <c>+</c>).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    public static TransmitterAmount Add(TransmitterAmount left, TransmitterAmount right) => left + right;

    /// <summary>Both components times a factor (the named alternative of <c>*</c>).</summary>
    /// <param name="left">The amount.</param>
    /// <param name="right">The factor.</param>
    /// <returns>The scaled amount.</returns>
    public static TransmitterAmount Multiply(TransmitterAmount left, double right) => left * right;
}
