using System.Numerics.Tensors;

namespace NeuroSharp.Learning;

/// <summary>f and f' of <see cref="Activation"/> over spans (TensorPrimitives underneath, no allocation).</summary>
internal static class ActivationFunctions
{
    /// <summary>h = f(z).</summary>
    public static void Apply(Activation activation, ReadOnlySpan<float> z, Span<float> h)
    {
        switch (activation)
        {
            case Activation.Relu: TensorPrimitives.Max(z, 0f, h); break;
            case Activation.Tanh: TensorPrimitives.Tanh(z, h); break;
            default: TensorPrimitives.Sigmoid(z, h); break;
        }
    }

    /// <summary>d = f'(z), computed from the output h = f(z).</summary>
    public static void Derivative(Activation activation, ReadOnlySpan<float> h, Span<float> d)
    {
        switch (activation)
        {
            case Activation.Relu:
                // h = max(0, z) is 0 or positive; ceil(min(h, 1)) is then exactly 0 or 1, the step function of z > 0.
                TensorPrimitives.Min(h, 1f, d);
                TensorPrimitives.Ceiling(d, d);
                break;
            case Activation.Tanh:
                TensorPrimitives.Multiply(h, h, d);
                TensorPrimitives.Subtract(1f, d, d);
                break;
            default:
                TensorPrimitives.Subtract(1f, h, d);
                TensorPrimitives.Multiply(h, d, d);
                break;
        }
    }

    /// <summary>Row-wise softmax of an m x n matrix, stable (subtracts each row's maximum).</summary>
    public static void Softmax(ReadOnlySpan<float> z, Span<float> p, int rows, int columns)
    {
        for (int i = 0; i < rows; i++)
        {
            var zi = z.Slice(i * columns, columns);
            var pi = p.Slice(i * columns, columns);
            float max = TensorPrimitives.Max(zi);
            TensorPrimitives.Subtract(zi, max, pi);
            TensorPrimitives.Exp(pi, pi);
            float sum = TensorPrimitives.Sum(pi);
            TensorPrimitives.Divide(pi, sum, pi);
        }
    }
}
