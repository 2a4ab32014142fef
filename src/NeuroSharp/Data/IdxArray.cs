namespace NeuroSharp.Data;

/// <summary>An array read from an IDX file (the MNIST format): dimensions and elements as float32.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Dimensions">The dimensions, outermost first.</param>
/// <param name="Values">The elements in row-major order, converted to float32 without scaling.</param>
public sealed record IdxArray(string Source, int[] Dimensions, float[] Values);
