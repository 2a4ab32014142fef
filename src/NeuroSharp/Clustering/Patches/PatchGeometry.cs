namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// Where the patches of one layer lie on its input map (height x width x channels, channels innermost) and
/// how its per-position outputs pool: OH = (H + 2P - h) / S + 1 positions down (W likewise), pooled into
/// ceil(OH / Q) regions (the last region may be partial).
/// </summary>
/// <param name="Height">H, rows of the input map.</param>
/// <param name="Width">W, columns of the input map.</param>
/// <param name="Channels">C, values per input pixel.</param>
/// <param name="Spec">The layer (patch, stride, padding, pool).</param>
public readonly record struct PatchGeometry(int Height, int Width, int Channels, PatchLayerSpec Spec)
{
    /// <summary>OH, rows of patch positions.</summary>
    public int OutHeight => (Height + 2 * Spec.Padding - Spec.PatchHeight) / Spec.Stride + 1;

    /// <summary>OW, columns of patch positions.</summary>
    public int OutWidth => (Width + 2 * Spec.Padding - Spec.PatchWidth) / Spec.Stride + 1;

    /// <summary>D = h w C, the values of one patch.</summary>
    public int PatchLength => Spec.PatchHeight * Spec.PatchWidth * Channels;

    /// <summary>OH x OW positions.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>Rows of the pooled map, ceil(OH / Q).</summary>
    public int PooledHeight => (OutHeight + Spec.Pool - 1) / Spec.Pool;

    /// <summary>Columns of the pooled map, ceil(OW / Q).</summary>
    public int PooledWidth => (OutWidth + Spec.Pool - 1) / Spec.Pool;

    /// <summary>Values of the pooled map: PooledHeight x PooledWidth x K.</summary>
    public int OutputLength => PooledHeight * PooledWidth * Spec.ClusterCount;

    /// <summary>Checks that the patch fits the padded map (so at least one position exists).</summary>
    /// <param name="layer">The layer's 1-based number, for the message.</param>
    /// <exception cref="InvalidInputException">The patch or the stride does not fit the map.</exception>
    public void Check(int layer)
    {
        int h = Height + 2 * Spec.Padding, w = Width + 2 * Spec.Padding;
        if (Spec.PatchHeight > h || Spec.PatchWidth > w)
            throw new InvalidInputException($"--layers layer {layer} ({Spec}): a {Spec.PatchHeight}x{Spec.PatchWidth} patch does not fit its {Height}x{Width} input map (padding {Spec.Padding}).");
        if (Spec.Stride > Math.Max(h, w))
            throw new InvalidInputException($"--layers layer {layer} ({Spec}): stride {Spec.Stride} is larger than its {Height}x{Width} input map.");
        if (Spec.Pool > Math.Max(OutHeight, OutWidth))
            throw new InvalidInputException($"--layers layer {layer} ({Spec}): pool {Spec.Pool} is larger than its {OutHeight}x{OutWidth} map of positions.");
    }

    /// <summary>Copies the patch at one position (zeros outside the map) into <paramref name="patch"/>, row by row, channels innermost.</summary>
    /// <param name="map">The input map, H x W x C.</param>
    /// <param name="row">The position's row, in [0, OH).</param>
    /// <param name="column">The position's column, in [0, OW).</param>
    /// <param name="patch">D values.</param>
    public void Extract(ReadOnlySpan<float> map, int row, int column, Span<float> patch)
    {
        int ph = Spec.PatchHeight, pw = Spec.PatchWidth, c = Channels;
        int top = row * Spec.Stride - Spec.Padding, left = column * Spec.Stride - Spec.Padding;
        int lineLength = pw * c;
        for (int dy = 0; dy < ph; dy++)
        {
            var line = patch.Slice(dy * lineLength, lineLength);
            int y = top + dy;
            if ((uint)y >= (uint)Height)
            {
                line.Clear();
                continue;
            }
            if (left >= 0 && left + pw <= Width)
            {
                // The whole line lies inside: one contiguous copy of pw x C values.
                map.Slice((y * Width + left) * c, lineLength).CopyTo(line);
                continue;
            }
            for (int dx = 0; dx < pw; dx++)
            {
                int x = left + dx;
                var cell = line.Slice(dx * c, c);
                if ((uint)x >= (uint)Width) cell.Clear();
                else map.Slice((y * Width + x) * c, c).CopyTo(cell);
            }
        }
    }
}
