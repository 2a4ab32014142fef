using System.CommandLine;
using System.Runtime.InteropServices;
using NeuroSharp.Studio;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp studio [--port P] [--workspace DIR]</c>: serves the studio on 127.0.0.1 (the network
/// editor with live simulation, and the meta-clustering page) until Ctrl+C. See docs/studio.md.
/// </summary>
public static class StudioCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("studio", "Serve the studio on 127.0.0.1: build networks in the browser, watch them run live, watch meta-clustering learn (Ctrl+C stops it).");
        var port = new Option<int>("--port") { Description = $"The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => StudioOptions.DefaultPort };
        var workspace = new Option<string>("--workspace") { Description = "The folder the studio may read and write network files in (created if missing).", DefaultValueFactory = _ => "." };
        command.Options.Add(port);
        command.Options.Add(workspace);
        command.SetAction(parse =>
        {
            var options = new StudioOptions { Port = parse.GetValue(port), Workspace = parse.GetValue(workspace)! };
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var server = StudioServer.StartAsync(options).GetAwaiter().GetResult();
            ctx.Out.WriteLine($"NeuroSharp studio: {server.Url} (workspace {server.Workspace}); Ctrl+C stops it.");
            ctx.Out.WriteLine($"Meta-clustering page: {server.Url}metacluster");
            if (!server.FrontEndBuilt)
                ctx.Error.WriteLine("neurosharp: warning: the studio's front end was not built (npm was missing at build time); the page says how to build it.");
            ctx.Out.Flush();
            server.WaitForShutdownAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return NeuroSharpCli.Success;

            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }
}
