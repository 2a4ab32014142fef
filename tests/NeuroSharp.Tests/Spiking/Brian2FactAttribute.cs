namespace NeuroSharp.Tests.Spiking;

/// <summary>Runs only where Debian's python3-brian imports (/usr/bin/python3 -c "import brian2"); else skipped with the reason.</summary>
public sealed class Brian2FactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        try
        {
            var (exit, _, err) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(2), null, "-c", "import brian2");
            return exit == 0 ? null : $"python3-brian is not importable by {NeuroSharp.Testing.DebianPython.Path}: {err.Trim().Split('\n')[^1]}";
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return $"python3-brian is not available: {e.Message}";
        }
    });

    public Brian2FactAttribute()
    {
        if (Missing.Value is { } why) Skip = why;
    }
}
