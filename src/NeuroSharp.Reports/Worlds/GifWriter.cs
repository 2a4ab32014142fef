using SkiaSharp;

namespace NeuroSharp.Reports.Worlds;

/// <summary>
/// A small animated-GIF encoder (GIF89a: one global palette of at most 256 colours, LZW-compressed frames, a
/// looping NETSCAPE2.0 block). Pixels take the nearest palette colour, which is exact for drawings made in the
/// palette's colours (world frames draw without anti-aliasing).
/// </summary>
public sealed class GifWriter
{
    private readonly MemoryStream _out = new();
    private readonly SKColor[] _palette;
    private readonly int _bits;
    private readonly int _delay;
    private readonly Dictionary<uint, byte> _nearest = [];
    private int _width, _height;
    private bool _finished;

    /// <summary>Starts a GIF.</summary>
    /// <param name="palette">1 to 256 colours.</param>
    /// <param name="delayCentiseconds">Display time of each frame in 1/100 s, 1 to 65535.</param>
    public GifWriter(IReadOnlyList<SKColor> palette, int delayCentiseconds = 10)
    {
        ArgumentNullException.ThrowIfNull(palette);
        if (palette.Count is < 1 or > 256) throw new ArgumentException($"A GIF palette has 1 to 256 colours (got {palette.Count}).", nameof(palette));
        if (delayCentiseconds is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(delayCentiseconds), delayCentiseconds, "The delay must be 1 to 65535 centiseconds.");
        _bits = 2;
        while ((1 << _bits) < palette.Count) _bits++;
        _palette = new SKColor[1 << _bits];
        for (int i = 0; i < _palette.Length; i++) _palette[i] = i < palette.Count ? palette[i] : palette[^1];
        _delay = delayCentiseconds;
    }

    /// <summary>Frames added.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Adds a frame; every frame must have the first frame's size.</summary>
    /// <param name="bitmap">The frame.</param>
    public void AddFrame(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (_finished) throw new InvalidOperationException("The GIF is finished.");
        if (FrameCount == 0) WriteHeader(bitmap.Width, bitmap.Height);
        else if (bitmap.Width != _width || bitmap.Height != _height)
            throw new ArgumentException($"Frame {FrameCount} is {bitmap.Width} x {bitmap.Height}; the GIF is {_width} x {_height}.", nameof(bitmap));
        // Graphic control extension: the delay, no transparency.
        _out.Write([0x21, 0xF9, 4, 0, (byte)_delay, (byte)(_delay >> 8), 0, 0]);
        // Image descriptor: the whole canvas, global palette, not interlaced.
        _out.WriteByte(0x2C);
        WriteShort(0); WriteShort(0); WriteShort(_width); WriteShort(_height);
        _out.WriteByte(0);
        var indices = new byte[_width * _height];
        for (int y = 0; y < _height; y++)
        {
            for (int x = 0; x < _width; x++) indices[y * _width + x] = Nearest(bitmap.GetPixel(x, y));
        }
        WriteLzw(indices);
        FrameCount++;
    }

    /// <summary>Finishes the GIF and returns its bytes.</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] ToArray()
    {
        if (FrameCount == 0) throw new InvalidOperationException("A GIF needs at least one frame.");
        if (!_finished)
        {
            _out.WriteByte(0x3B);
            _finished = true;
        }
        return _out.ToArray();
    }

    private void WriteHeader(int width, int height)
    {
        if (width is < 1 or > 65535 || height is < 1 or > 65535) throw new ArgumentException($"A GIF frame is 1 to 65535 pixels a side (got {width} x {height}).");
        _width = width;
        _height = height;
        _out.Write("GIF89a"u8);
        WriteShort(width);
        WriteShort(height);
        _out.WriteByte((byte)(0x80 | ((_bits - 1) << 4) | (_bits - 1)));
        _out.WriteByte(0);
        _out.WriteByte(0);
        foreach (var c in _palette) _out.Write([c.Red, c.Green, c.Blue]);
        // NETSCAPE2.0 application block: loop forever.
        _out.Write([0x21, 0xFF, 11]);
        _out.Write("NETSCAPE2.0"u8);
        _out.Write([3, 1, 0, 0, 0]);
    }

    private byte Nearest(SKColor c)
    {
        uint key = (uint)c;
        if (_nearest.TryGetValue(key, out byte found)) return found;
        int best = 0, bestDistance = int.MaxValue;
        for (int i = 0; i < _palette.Length; i++)
        {
            int dr = c.Red - _palette[i].Red, dg = c.Green - _palette[i].Green, db = c.Blue - _palette[i].Blue;
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) { bestDistance = d; best = i; }
        }
        _nearest[key] = (byte)best;
        return (byte)best;
    }

    private void WriteLzw(byte[] indices)
    {
        int min = _bits, clear = 1 << min, end = clear + 1;
        _out.WriteByte((byte)min);
        var packer = new BitPacker(_out);
        var table = new Dictionary<int, int>();
        int size = min + 1, next = end + 1;
        packer.Write(clear, size);
        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int k = indices[i], key = (prefix << 8) | k;
            if (table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }
            packer.Write(prefix, size);
            // The decoder widens its codes one entry behind the encoder: widen once the next free code needs the extra bit.
            if (next >= (1 << size) && size < 12) size++;
            if (next < 4096) table[key] = next++;
            else
            {
                packer.Write(clear, size);
                table.Clear();
                size = min + 1;
                next = end + 1;
            }
            prefix = k;
        }
        packer.Write(prefix, size);
        if (next >= (1 << size) && size < 12) size++;
        packer.Write(end, size);
        packer.Flush();
        _out.WriteByte(0);
    }

    private void WriteShort(int v)
    {
        _out.WriteByte((byte)v);
        _out.WriteByte((byte)(v >> 8));
    }

    /// <summary>Packs codes least-significant bit first into sub-blocks of at most 255 bytes.</summary>
    private sealed class BitPacker(Stream output)
    {
        private readonly byte[] _block = new byte[255];
        private int _count, _bitBuffer, _bitCount;

        public void Write(int code, int size)
        {
            _bitBuffer |= code << _bitCount;
            _bitCount += size;
            while (_bitCount >= 8)
            {
                Add((byte)_bitBuffer);
                _bitBuffer >>= 8;
                _bitCount -= 8;
            }
        }

        public void Flush()
        {
            if (_bitCount > 0) Add((byte)_bitBuffer);
            _bitBuffer = _bitCount = 0;
            if (_count > 0) FlushBlock();
        }

        private void Add(byte b)
        {
            _block[_count++] = b;
            if (_count == 255) FlushBlock();
        }

        private void FlushBlock()
        {
            output.WriteByte((byte)_count);
            output.Write(_block, 0, _count);
            _count = 0;
        }
    }
}
