using NeuroSharp.Numerics.Bits;

namespace NeuroSharp.Stochastic;

/// <summary>
/// A correlation (cluster) neuron of article 003 (docs/articles.md#article-003-correlation-neuron): a multiplier neuron whose synaptic map is the binary code
/// of the image it stores, so that its activity measures how much an input's code correlates with it.
/// </summary>
/// <remarks>
/// <para>activity = countOnes(h AND s) / N for an input code h and the stored map s, both N bits of density
/// rho. For unrelated codes the ones fall independently and the activity is rho^2 (0.25 at rho = 0.5); for
/// identical codes it is rho. The normalised correlation (activity - rho^2) / (rho - rho^2) is therefore
/// 0 for unrelated and 1 for identical codes, whatever rho.</para>
/// <para>The neuron also inhibits the hash layer: its output code is h AND s, the input's code kept only on
/// the hash neurons of its map.</para>
/// </remarks>
public sealed class CorrelationNeuron
{
    /// <summary>Creates a neuron storing a map.</summary>
    /// <param name="map">The stored code s (kept, not copied).</param>
    /// <param name="density">rho, the code density, in (0, 1).</param>
    public CorrelationNeuron(BitVector map, double density)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!(density > 0 && density < 1)) throw new ArgumentOutOfRangeException(nameof(density), $"The code density must be in (0, 1) (got {density}).");
        Map = map;
        Density = density;
    }

    /// <summary>The stored code s.</summary>
    public BitVector Map { get; }

    /// <summary>rho, the density of codes.</summary>
    public double Density { get; }

    /// <summary>countOnes(h AND s) / N.</summary>
    /// <param name="code">The input code h.</param>
    /// <returns>The activity in [0, 1].</returns>
    public double Activity(BitVector code) => MultiplierNeuron.Multiply(code, Map);

    /// <summary>The normalised correlation of an input code with the map.</summary>
    /// <param name="code">The input code h.</param>
    /// <returns>(activity - rho^2) / (rho - rho^2): 0 for unrelated codes, 1 for the stored one.</returns>
    public double Correlation(BitVector code) => Normalise(Activity(code), Density);

    /// <summary>The inhibited code h AND s.</summary>
    /// <param name="code">The input code h.</param>
    /// <param name="output">Receives h AND s.</param>
    public void Inhibit(BitVector code, BitVector output) => BitVector.And(code, Map, output);

    /// <summary>(activity - rho^2) / (rho - rho^2).</summary>
    /// <param name="activity">countOnes(h AND s) / N.</param>
    /// <param name="density">rho in (0, 1).</param>
    /// <returns>The normalised correlation.</returns>
    public static double Normalise(double activity, double density) => (activity - density * density) / (density - density * density);
}
