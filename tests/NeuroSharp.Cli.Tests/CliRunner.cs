namespace NeuroSharp.Cli.Tests;

/// <summary>Runs the command line in-process and captures its output (no terminal: no progress bars).</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = NeuroSharpCli.Run(args, output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }
}
