using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.Kernels;

/// <summary>
/// The vector operations a width-generic kernel uses, as static members of a struct type argument, so one
/// kernel body serves Vector512 and Vector256 (the runtime's own ISimdVector is not public in .NET 10).
/// The JIT compiles each instantiation separately and inlines every member: the machine code is what a
/// hand-written copy per width would give, and each member is the Vector512/Vector256 method of the same
/// name, so results are bit-identical to those copies.
/// </summary>
/// <typeparam name="TV">The vector type, e.g. <c>Vector512&lt;float&gt;</c>.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal interface ISimdWidth<TV, T>
    where TV : struct
    where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the CPU accelerates this width.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TV Zero { get; }

    static abstract TV Create(T value);

    static abstract TV Load(ref T source, nuint index);

    static abstract void Store(TV value, ref T destination, nuint index);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Abs(TV a);

    static abstract TV Max(TV a, TV b);

    /// <summary>a * b + c with one rounding.</summary>
    static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);

    static abstract TV ConditionalSelect(TV condition, TV whenTrue, TV whenFalse);

    static abstract T Sum(TV a);
}

/// <summary>The 512-bit instantiation of <see cref="ISimdWidth{TV, T}"/>.</summary>
internal readonly struct Simd512<T> : ISimdWidth<Vector512<T>, T>
    where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint index) => Vector512.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ConditionalSelect(Vector512<T> condition, Vector512<T> whenTrue, Vector512<T> whenFalse) =>
        Vector512.ConditionalSelect(condition, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Vector512.Sum(a);
}

/// <summary>The 256-bit instantiation of <see cref="ISimdWidth{TV, T}"/>.</summary>
internal readonly struct Simd256<T> : ISimdWidth<Vector256<T>, T>
    where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint index) => Vector256.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ConditionalSelect(Vector256<T> condition, Vector256<T> whenTrue, Vector256<T> whenFalse) =>
        Vector256.ConditionalSelect(condition, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> a) => Vector256.Sum(a);
}
