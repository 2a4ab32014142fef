using PureHDF;
using PureHDF.VOL.Native;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// Reading SONATA's HDF5 files with PureHDF (pure .NET): every failure becomes one sentence that names the file and
/// the HDF5 path, and integer datasets of any width and sign are read as <see cref="long"/>.
/// </summary>
internal sealed class SonataHdf5 : IDisposable
{
    private readonly NativeFile _file;

    private SonataHdf5(string path, NativeFile file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The file as the messages name it.</summary>
    public string Path { get; }

    /// <summary>Opens a file.</summary>
    /// <exception cref="InvalidInputException">It is missing or not HDF5.</exception>
    public static SonataHdf5 Open(string path, string namedBy)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{namedBy} names '{path}', which does not exist.");
        try
        {
            return new SonataHdf5(path, H5File.OpenRead(path));
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw new InvalidInputException($"{path}: not a readable HDF5 file ({FirstSentence(e.Message)}).", e);
        }
    }

    /// <summary>The root group.</summary>
    public IH5Group Root => _file;

    /// <summary>Whether a link exists (false also where a parent is missing).</summary>
    public bool Exists(string path)
    {
        try
        {
            return _file.LinkExists(path);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>A group that must exist.</summary>
    public IH5Group Group(string path, string why)
    {
        if (!Exists(path)) throw new InvalidInputException($"{Path}: {path} is missing ({why}).");
        try
        {
            return _file.Group(path);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>The names of a group's children that are groups, and those that are datasets.</summary>
    public (List<string> Groups, List<string> Datasets) Children(string path)
    {
        var groups = new List<string>();
        var datasets = new List<string>();
        try
        {
            foreach (var child in _file.Group(path).Children())
            {
                if (child is IH5Group) groups.Add(child.Name);
                else if (child is IH5Dataset) datasets.Add(child.Name);
            }
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
        return (groups, datasets);
    }

    /// <summary>The length of a one-dimensional dataset (without reading it), for the memory estimate.</summary>
    public long Length(string path)
    {
        var ds = Dataset(path);
        try
        {
            var dims = ds.Space.Dimensions;
            if (dims.Length != 1) throw new InvalidInputException($"{Path}: {path} has {dims.Length} dimensions; SONATA stores it as a one-dimensional array.");
            return (long)dims[0];
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>An integer dataset (any width, signed or not) as longs.</summary>
    public long[] Integers(string path)
    {
        var ds = Dataset(path);
        try
        {
            var type = ds.Type;
            if (type.Class != H5DataTypeClass.FixedPoint)
                throw new InvalidInputException($"{Path}: {path} holds {type.Class} values, not integers.");
            bool signed = type.FixedPoint.IsSigned;
            return (type.Size, signed) switch
            {
                (1, false) => Array.ConvertAll(ds.Read<byte[]>(), x => (long)x),
                (1, true) => Array.ConvertAll(ds.Read<sbyte[]>(), x => (long)x),
                (2, false) => Array.ConvertAll(ds.Read<ushort[]>(), x => (long)x),
                (2, true) => Array.ConvertAll(ds.Read<short[]>(), x => (long)x),
                (4, false) => Array.ConvertAll(ds.Read<uint[]>(), x => (long)x),
                (4, true) => Array.ConvertAll(ds.Read<int[]>(), x => (long)x),
                (8, false) => Array.ConvertAll(ds.Read<ulong[]>(), x => x > long.MaxValue ? -1 : (long)x),
                (8, true) => ds.Read<long[]>(),
                _ => throw new InvalidInputException($"{Path}: {path} holds {type.Size}-byte integers, which SONATA does not use."),
            };
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>A numeric dataset (floating point or integer) as doubles.</summary>
    public double[] Numbers(string path)
    {
        var ds = Dataset(path);
        try
        {
            var type = ds.Type;
            if (type.Class == H5DataTypeClass.FixedPoint) return Array.ConvertAll(Integers(path), x => (double)x);
            if (type.Class != H5DataTypeClass.FloatingPoint)
                throw new InvalidInputException($"{Path}: {path} holds {type.Class} values, not numbers.");
            return type.Size switch
            {
                4 => Array.ConvertAll(ds.Read<float[]>(), x => (double)x),
                8 => ds.Read<double[]>(),
                _ => throw new InvalidInputException($"{Path}: {path} holds {type.Size}-byte floating-point numbers, which SONATA does not use."),
            };
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>A string dataset (fixed or variable length), each value without its padding.</summary>
    public string[] Strings(string path)
    {
        var ds = Dataset(path);
        try
        {
            if (ds.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
                throw new InvalidInputException($"{Path}: {path} holds {ds.Type.Class} values, not strings.");
            return Array.ConvertAll(ds.Read<string[]>(), x => (x ?? "").TrimEnd('\0', ' '));
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    /// <summary>A string attribute of an object, or null when it has none.</summary>
    public string? StringAttribute(string path, string name)
    {
        try
        {
            var obj = _file.Get(path);
            if (!obj.AttributeExists(name)) return null;
            var attribute = obj.Attribute(name);
            return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength ? attribute.Read<string>() : null;
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed($"{path} (attribute {name})", e);
        }
    }

    private IH5Dataset Dataset(string path)
    {
        if (!Exists(path)) throw new InvalidInputException($"{Path}: {path} is missing.");
        try
        {
            return _file.Dataset(path);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw Malformed(path, e);
        }
    }

    private InvalidInputException Malformed(string path, Exception e) =>
        new($"{Path}: {path} cannot be read; the HDF5 file is malformed there ({FirstSentence(e.Message)}).", e);

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return (dot > 0 ? message[..dot] : message).TrimEnd('.');
    }

    public void Dispose() => _file.Dispose();
}
