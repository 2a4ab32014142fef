namespace NeuroSharp.Testing;

/// <summary>The repository root (the folder with NeuroSharp.slnx), found upwards from the test assembly.</summary>
public static class RepositoryRoot
{
    /// <summary>The root folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "NeuroSharp.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("NeuroSharp.slnx not found above " + AppContext.BaseDirectory);
    }
}
