namespace NeuroSharp.Cli;

/// <summary>Facts about the process's console.</summary>
public static class CliConsole
{
    /// <summary>True when stdout and stderr go to a terminal (progress bars are drawn only then).</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
