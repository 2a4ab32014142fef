namespace NeuroSharp.Learning;

/// <summary>The non-linearity of a hidden layer, h = f(z).</summary>
public enum Activation
{
    /// <summary>f(z) = max(0, z); f'(z) = 1 for z &gt; 0, else 0 (Nair and Hinton 2010).</summary>
    Relu,

    /// <summary>f(z) = tanh(z); f'(z) = 1 - h^2.</summary>
    Tanh,

    /// <summary>f(z) = 1 / (1 + e^-z); f'(z) = h (1 - h).</summary>
    Logistic,
}
