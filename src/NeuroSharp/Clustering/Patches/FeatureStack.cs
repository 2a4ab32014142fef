using NeuroSharp.Data;
using NeuroSharp.Fitting;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;

namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// A stack of 1 to 3 patch layers (docs/local-receptive-fields.md): each layer's shared prototypes are
/// learned without labels, by the competitive layer's online winner-take-all rule, on patches of the
/// previous layer's pooled map; the last pooled map, flattened, is the feature vector a teacher reads.
/// </summary>
public sealed class FeatureStack
{
    /// <summary>Images encoded per parallel block: fixed, so results do not depend on the thread count.</summary>
    private const int ImagesPerBlock = 16;

    private readonly PatchLayer[] _layers;

    /// <summary>Builds a stack from its layers (learned or restored).</summary>
    /// <param name="imageShape">The images' height and width.</param>
    /// <param name="channels">Values per image pixel.</param>
    /// <param name="layers">The layers, input first; each one's geometry must follow from the one before.</param>
    /// <param name="seed">The seed it was learned with (recorded).</param>
    /// <exception cref="ArgumentException">A layer's input map is not the previous layer's output map.</exception>
    public FeatureStack(ImageShape imageShape, int channels, IReadOnlyList<PatchLayer> layers, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var plan = Plan(imageShape, channels, layers.Select(l => l.Geometry.Spec).ToArray());
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Geometry != plan[i]) throw new ArgumentException($"Layer {i + 1} does not sit on the map of the layer before.", nameof(layers));
        }
        ImageShape = imageShape;
        Channels = channels;
        Seed = seed;
        _layers = [.. layers];
    }

    /// <summary>The images' height and width.</summary>
    public ImageShape ImageShape { get; }

    /// <summary>Values per image pixel.</summary>
    public int Channels { get; }

    /// <summary>The seed it was learned with.</summary>
    public ulong Seed { get; }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<PatchLayer> Layers => _layers;

    /// <summary>F, the values of the last layer's pooled map: the features a teacher reads.</summary>
    public int FeatureCount => _layers[^1].OutputLength;

    /// <summary>Values of one input image.</summary>
    public int InputLength => ImageShape.Height * ImageShape.Width * Channels;

    /// <summary>The geometry of every layer of a stack on images of one shape, checked.</summary>
    /// <param name="imageShape">The images' height and width.</param>
    /// <param name="channels">Values per pixel.</param>
    /// <param name="layers">The layers.</param>
    /// <returns>One geometry per layer.</returns>
    /// <exception cref="InvalidInputException">A patch, stride or pool does not fit the map it sees (the stack reduces the image to nothing).</exception>
    public static PatchGeometry[] Plan(ImageShape imageShape, int channels, IReadOnlyList<PatchLayerSpec> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var result = new PatchGeometry[layers.Count];
        int h = imageShape.Height, w = imageShape.Width, c = channels;
        for (int i = 0; i < layers.Count; i++)
        {
            var g = new PatchGeometry(h, w, c, layers[i]);
            g.Check(i + 1);
            result[i] = g;
            (h, w, c) = (g.PooledHeight, g.PooledWidth, layers[i].ClusterCount);
        }
        return result;
    }

    /// <summary>The bytes learning one layer takes beyond the stack: the sampled patch matrix.</summary>
    /// <param name="options">The options.</param>
    /// <param name="geometry">The layer.</param>
    /// <returns>The estimate.</returns>
    public static long LearnMemory(FeatureStackOptions options, PatchGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MemoryBudget.Plus(MemoryBudget.Times(options.Patches, geometry.PatchLength, sizeof(float)),
            CompetitiveLayer.MemoryEstimate(geometry.Spec.ClusterCount, geometry.PatchLength));
    }

    /// <summary>Learns a stack, layer after layer, without labels.</summary>
    /// <param name="train">Training images (rows of H x W x C values, with an image shape).</param>
    /// <param name="options">Layers and the online rule.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="maxThreads">The most threads (0: all cores); the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <param name="progress">Receives the fraction of the work done and a status text, or null.</param>
    /// <param name="cancellationToken">Stops between patches.</param>
    /// <returns>The learned stack.</returns>
    /// <exception cref="InvalidInputException">The data has no image shape, or the stack does not fit it, or memory would pass the budget.</exception>
    public static FeatureStack Learn(Dataset train, FeatureStackOptions options, ulong seed, int maxThreads = 0, MemoryBudget? memory = null,
        Action<double, string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var shape = ShapeOf(train);
        int channels = train.ColumnCount / (shape.Height * shape.Width);
        var plan = Plan(shape, channels, options.Layers);
        memory ??= MemoryBudget.Default;
        var root = new RandomStream(seed);
        var layers = new List<PatchLayer>();
        for (int l = 0; l < plan.Length; l++)
        {
            var g = plan[l];
            memory.Require($"Learning layer {l + 1} ({g.Spec}) from {options.Patches} patches of {g.PatchLength} values", LearnMemory(options, g));
            OptionChecks.FitsOneArray($"{options.Patches} patches of {g.PatchLength} values", MemoryBudget.Times(options.Patches, g.PatchLength));
            var rng = root.Fork((ulong)l);
            var patches = SamplePatches(train, layers, g, options, rng, maxThreads);
            var whitening = options.Whitening > 0 ? Whiten(patches, options.Patches, g.PatchLength, options.Whitening, maxThreads) : null;
            var data = new Dataset($"layer {l + 1} patches", patches, options.Patches, g.PatchLength);
            var learning = options.Learning with { ClusterCount = g.Spec.ClusterCount };
            if (data.RowCount < learning.ClusterCount)
                throw new InvalidInputException($"--patches {options.Patches} cannot seed the {learning.ClusterCount} prototypes of layer {l + 1}; sample at least as many patches as prototypes.");
            var prototypes = CompetitiveLayer.Create(data, learning, rng.NextUInt64(), memory);
            int layer = l;
            var fit = new FitOptions { Epochs = options.Epochs, ReportEvery = 10_000 };
            prototypes.Fit(data, fit, progress is null ? null : new ProgressCallback<FitProgress>(p =>
                progress((layer + p.SamplesSeen / (double)fit.TotalFor(data.RowCount)) / plan.Length, $"layer {layer + 1}")), cancellationToken);
            layers.Add(new PatchLayer(g, prototypes, whitening));
        }
        return new FeatureStack(shape, channels, layers, seed);
    }

    /// <summary>Encodes every row of a dataset into its features, in parallel over fixed blocks of images.</summary>
    /// <param name="data">Images of this stack's shape.</param>
    /// <param name="maxThreads">The most threads (0: all cores); the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <returns>N x F features, row-major.</returns>
    /// <exception cref="InvalidInputException">The rows are not images of this stack's size, or N x F values would pass the budget.</exception>
    public float[] Encode(Dataset data, int maxThreads = 0, MemoryBudget? memory = null) => Encode(data, ImageShifts.None, maxThreads, memory);

    /// <summary>
    /// Encodes every row of a dataset and its shifted copies: copy c of image i (<see cref="ImageShifts.Move"/>) is row
    /// c x N + i. Each copy is shifted into a buffer of the encoding thread, so no image is allocated.
    /// </summary>
    /// <param name="data">Images of this stack's shape.</param>
    /// <param name="shifts">The copies; <see cref="ImageShifts.None"/> for the images alone.</param>
    /// <param name="maxThreads">The most threads (0: all cores); the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <returns>(N x copies) x F features, row-major.</returns>
    /// <exception cref="InvalidInputException">The rows are not images of this stack's size, or the features would pass the budget or one array.</exception>
    public float[] Encode(Dataset data, ImageShifts shifts, int maxThreads = 0, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shifts);
        shifts.Validate();
        if (data.ColumnCount != InputLength)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the feature stack reads images of {InputLength} values ({ImageShape.Height}x{ImageShape.Width}x{Channels}).");
        int copies = shifts.CopiesPerImage, n = data.RowCount, f = FeatureCount;
        long rows = (long)n * copies;
        string what = copies == 1 ? $"The features of {data.Name} ({n} x {f})" : $"The features of {data.Name} and {copies - 1} shifted copies ({rows} x {f})";
        (memory ?? MemoryBudget.Default).Require(what, MemoryBudget.Times(rows, f, sizeof(float)));
        OptionChecks.FitsOneArray(what, MemoryBudget.Times(rows, f));
        var features = new float[rows * f];
        // Blocks run over images; each block encodes all copies of its images, so a thread shifts into one buffer.
        ParallelBlocks.For(n, maxThreads, (start, end) =>
        {
            var scratch = new EncodeScratch(this, _layers.Length);
            var moved = copies == 1 ? null : new float[InputLength];
            for (int i = start; i < end; i++)
            {
                var image = data.Row(i);
                for (int c = 0; c < copies; c++)
                {
                    var target = features.AsSpan((int)(((long)c * n + i) * f), f);
                    if (c == 0)
                    {
                        EncodeImage(image, target, scratch);
                        continue;
                    }
                    var (down, right) = shifts.Move(c);
                    ImageShifts.Shift(image, ImageShape, Channels, down, right, moved);
                    EncodeImage(moved, target, scratch);
                }
            }
        }, ImagesPerBlock);
        return features;
    }

    /// <summary>
    /// <see cref="Encode(Dataset, ImageShifts, int, MemoryBudget?)"/> into one byte per value (<see cref="ByteFeatureRows"/>, a quarter
    /// of the memory): the images themselves are encoded first, as floats, and give each feature's step
    /// s_j = max_i x_ij / 255; every row, shifted copies included, is then stored as round(x_ij / s_j), clipped to [0, 255].
    /// </summary>
    /// <param name="data">Images of this stack's shape.</param>
    /// <param name="shifts">The copies; <see cref="ImageShifts.None"/> for the images alone. Copy c of image i is row c x N + i.</param>
    /// <param name="maxThreads">The most threads (0: all cores); the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <returns>(N x copies) rows of F bytes.</returns>
    /// <exception cref="InvalidInputException">The rows are not images of this stack's size, or the features would pass the budget.</exception>
    public ByteFeatureRows EncodeBytes(Dataset data, ImageShifts shifts, int maxThreads = 0, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shifts);
        shifts.Validate();
        int copies = shifts.CopiesPerImage, n = data.RowCount, f = FeatureCount;
        long rows = (long)n * copies;
        if (rows > int.MaxValue) throw new InvalidInputException($"{data.Name} with {copies - 1} shifted copies is {rows} rows; at most {int.MaxValue} can be read out.");
        (memory ?? MemoryBudget.Default).Require($"The features of {data.Name} and {copies - 1} shifted copies ({rows} x {f} bytes, and the images' own as floats)",
            MemoryBudget.Plus(ByteFeatureRows.MemoryEstimate(rows, f), MemoryBudget.Times(n, f, sizeof(float))));
        var own = Encode(data, ImageShifts.None, maxThreads, memory);
        var stored = new ByteFeatureRows((int)rows, ByteFeatureRows.ScaleOf(own, f));
        ParallelBlocks.For(n, maxThreads, (start, end) =>
        {
            var scratch = new EncodeScratch(this, _layers.Length);
            var moved = new float[InputLength];
            var encoded = new float[f];
            var quantised = new float[f];
            for (int i = start; i < end; i++)
            {
                stored.Store(i, own.AsSpan(i * f, f), quantised);
                for (int c = 1; c < copies; c++)
                {
                    var (down, right) = shifts.Move(c);
                    ImageShifts.Shift(data.Row(i), ImageShape, Channels, down, right, moved);
                    EncodeImage(moved, encoded, scratch);
                    stored.Store(c * n + i, encoded, quantised);
                }
            }
        }, ImagesPerBlock);
        return stored;
    }

    /// <summary>Encodes one image through every layer.</summary>
    /// <param name="image">H x W x C values.</param>
    /// <param name="features">Receives F values.</param>
    /// <param name="scratch">Buffers from <see cref="CreateScratch"/>, one per thread.</param>
    public void EncodeImage(ReadOnlySpan<float> image, Span<float> features, EncodeScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        EncodeThrough(image, _layers.Length, features, scratch);
    }

    /// <summary>Buffers to encode images through this stack, one per thread.</summary>
    /// <returns>The buffers.</returns>
    public EncodeScratch CreateScratch() => new(this, _layers.Length);

    private void EncodeThrough(ReadOnlySpan<float> image, int layerCount, Span<float> output, EncodeScratch scratch) =>
        EncodeThrough(_layers, image, layerCount, output, scratch);

    private static void EncodeThrough(IReadOnlyList<PatchLayer> layers, ReadOnlySpan<float> image, int layerCount, Span<float> output, EncodeScratch scratch)
    {
        ReadOnlySpan<float> input = image;
        for (int l = 0; l < layerCount; l++)
        {
            var target = l == layerCount - 1 ? output : scratch.Maps[l];
            layers[l].Encode(input, target, scratch.Layers[l]);
            input = scratch.Maps[l];
            if (l == layerCount - 1) break;
        }
    }

    private static float[] SamplePatches(Dataset train, List<PatchLayer> below, PatchGeometry g, FeatureStackOptions options, RandomStream rng, int maxThreads)
    {
        int n = options.Patches, perImage = options.PatchesPerImage, d = g.PatchLength;
        int images = (n + perImage - 1) / perImage;
        // Every choice is drawn here, in order, so the patches do not depend on the thread count.
        var imageOf = new int[images];
        for (int i = 0; i < images; i++) imageOf[i] = rng.NextInt(train.RowCount);
        var position = new int[n];
        for (int i = 0; i < n; i++) position[i] = rng.NextInt(g.Positions);
        var patches = new float[n * d];
        int mapLength = g.Height * g.Width * g.Channels;
        ParallelBlocks.For(images, maxThreads, (start, end) =>
        {
            var scratch = below.Count == 0 ? null : new EncodeScratch(below, below.Count);
            var map = below.Count == 0 ? null : new float[mapLength];
            for (int i = start; i < end; i++)
            {
                ReadOnlySpan<float> input = train.Row(imageOf[i]);
                if (map is not null)
                {
                    EncodeThrough(below, input, below.Count, map, scratch!);
                    input = map;
                }
                for (int j = i * perImage; j < Math.Min(n, (i + 1) * perImage); j++)
                    g.Extract(input, position[j] / g.OutWidth, position[j] % g.OutWidth, patches.AsSpan(j * d, d));
            }
        }, ImagesPerBlock);
        return patches;
    }

    /// <summary>Fits the whitening to the sampled patches and whitens them in place, in fixed blocks (the same at any thread count).</summary>
    private static PatchWhitening Whiten(float[] patches, int count, int length, float epsilon, int maxThreads)
    {
        var whitening = PatchWhitening.Fit(patches, count, length, epsilon);
        const int rowsPerBlock = 256;
        int blocks = (count + rowsPerBlock - 1) / rowsPerBlock;
        ParallelBlocks.For(blocks, maxThreads, (start, end) =>
        {
            var scratch = new float[rowsPerBlock * length];
            for (int b = start; b < end; b++)
            {
                int first = b * rowsPerBlock, rows = Math.Min(rowsPerBlock, count - first);
                whitening.Apply(patches.AsSpan(first * length, rows * length), rows, scratch);
            }
        }, 1);
        return whitening;
    }

    private static ImageShape ShapeOf(Dataset data)
    {
        if (data.ImageShape is not { } shape)
            throw new InvalidInputException($"{data.Name}: patches need images; the data has no image shape (use MNIST or a dataset with one).");
        if (data.ColumnCount % (shape.Height * shape.Width) != 0)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns are not whole {shape.Height}x{shape.Width} images.");
        return shape;
    }

    /// <summary>The reusable buffers of one encoding thread: each layer's output map and band scratch.</summary>
    public sealed class EncodeScratch
    {
        internal EncodeScratch(IReadOnlyList<PatchLayer> layers, int count)
        {
            Maps = new float[count][];
            Layers = new PatchLayer.Scratch[count];
            for (int l = 0; l < count; l++)
            {
                Maps[l] = new float[layers[l].OutputLength];
                Layers[l] = layers[l].CreateScratch();
            }
        }

        internal EncodeScratch(FeatureStack stack, int count) : this(stack._layers, count)
        {
        }

        internal float[][] Maps { get; }

        internal PatchLayer.Scratch[] Layers { get; }
    }
}
