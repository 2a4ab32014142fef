using NeuroSharp.Cli;

return NeuroSharpCli.Run(args, Console.Out, Console.Error, CliConsole.IsInteractive);
