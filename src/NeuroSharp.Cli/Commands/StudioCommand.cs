using System.CommandLine;
using System.Runtime.InteropServices;
using NeuroSharp.Studio;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp studio [--port P] [--workspace DIR] [--memory-limit SIZE] [--max-upload SIZE]
/// [--max-simulations N] [--idle-timeout SECONDS]</c>: serves the studio on 127.0.0.1 (the network
/// editor with live simulation, and the meta-clustering page) until Ctrl+C. Every limit the studio's
/// messages mention is one of these options. See docs/studio.md.
/// </summary>
public static class StudioCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("studio", "Serve the studio on 127.0.0.1: build networks in the browser, watch them run live, watch meta-clustering learn (Ctrl+C stops it). " +
            "--memory-limit caps what the live simulations, clustering and evolution runs hold together; a run over what is left is refused.");
        var port = new Option<int>("--port") { Description = $"The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => StudioOptions.DefaultPort };
        var workspace = new Option<string>("--workspace") { Description = "The folder the studio may read and write network files in (created if missing).", DefaultValueFactory = _ => "." };
        var defaults = new StudioOptions();
        var maxUpload = new Option<string?>("--max-upload")
        {
            Description = $"The largest network the studio accepts in one request, e.g. 4M (default {MemoryBudget.FormatBytes(defaults.MaxUploadBytes)}).",
        };
        var maxSimulations = new Option<int>("--max-simulations")
        {
            Description = "The most live simulations at once, one per open editor page (the longest idle one without a page makes room).",
            DefaultValueFactory = _ => defaults.MaxSimulations,
        };
        var idleTimeout = new Option<double>("--idle-timeout")
        {
            Description = "Seconds a run that no page watches lives without a request before it is stopped and its memory freed; " +
                          "also how long an ended meta-clustering run waits for its result to be read.",
            DefaultValueFactory = _ => defaults.IdleTimeout.TotalSeconds,
        };
        command.Options.Add(port);
        command.Options.Add(workspace);
        command.Options.Add(maxUpload);
        command.Options.Add(maxSimulations);
        command.Options.Add(idleTimeout);
        OptionNames.Register("StudioOptions.MaxUploadBytes", "--max-upload");
        OptionNames.Register("StudioOptions.MaxSimulations", "--max-simulations");
        OptionNames.Register("StudioOptions.IdleTimeout", "--idle-timeout");
        command.SetAction(parse =>
        {
            // The global --memory-limit: what the studio's live runs may hold together, named as the studio's option in its refusals.
            var memory = MemoryLimit.Read(parse);
            double idleSeconds = parse.GetValue(idleTimeout);
            if (!(idleSeconds >= 0.01 && idleSeconds <= TimeSpan.MaxValue.TotalSeconds / 2))
                throw new InvalidInputException($"--idle-timeout must be a number of seconds of at least 0.01 (got {InvalidOptionException.Format(idleSeconds)}).");
            var options = new StudioOptions
            {
                Port = parse.GetValue(port),
                Workspace = parse.GetValue(workspace)!,
                Memory = new MemoryBudget(memory.LimitBytes, $"`{StudioOptions.CommandName} --memory-limit`"),
                MaxUploadBytes = parse.GetValue(maxUpload) is { } upload ? MemoryBudget.ParseBytes(upload, "--max-upload") : defaults.MaxUploadBytes,
                MaxSimulations = parse.GetValue(maxSimulations),
                IdleTimeout = TimeSpan.FromSeconds(idleSeconds),
            };
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var server = StudioServer.StartAsync(options).GetAwaiter().GetResult();
            foreach (string line in StartupLines(server.Url, server.Workspace)) ctx.Out.WriteLine(line);
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

    /// <summary>What the studio prints when it listens: its address and workspace, then each of its other pages (docs/studio.md).</summary>
    /// <param name="url">The editor page's address, ending in /.</param>
    /// <param name="workspace">The workspace folder.</param>
    /// <returns>The lines.</returns>
    public static string[] StartupLines(Uri url, string workspace) =>
    [
        $"NeuroSharp studio: {url} (workspace {workspace}); Ctrl+C stops it.",
        $"Meta-clustering page: {url}metacluster",
        $"Evolution page: {url}evolution",
    ];
}
