using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NeuroSharp.Studio.Api;
using NeuroSharp.Studio.Clustering;
using NeuroSharp.Studio.Files;
using NeuroSharp.Studio.Hosting;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio;

/// <summary>
/// The NeuroSharp studio: an ASP.NET Core (Kestrel) server bound to 127.0.0.1 only, serving the editor
/// page, the meta-clustering page and the HTTP + WebSocket API of docs/studio.md.
/// </summary>
/// <example>
/// <code>
/// await using var studio = await StudioServer.StartAsync(new StudioOptions { Port = 0, Workspace = "nets" });
/// Console.WriteLine(studio.Url);            // http://127.0.0.1:PORT/
/// await studio.WaitForShutdownAsync(token); // until the token is cancelled
/// </code>
/// </example>
public sealed class StudioServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StudioContext _studio;
    private readonly Task _sweeping;

    private StudioServer(WebApplication app, StudioContext studio, Uri url)
    {
        _app = app;
        _studio = studio;
        Url = url;
        _sweeping = SweepAsync(studio);
    }

    /// <summary>The page's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The workspace folder's full path.</summary>
    public string Workspace => _studio.Workspace.Root;

    /// <summary>True when the browser front end was built into this assembly (npm was present at build time).</summary>
    public bool FrontEndBuilt => _studio.Assets.IsBuilt;

    /// <summary>Starts the server.</summary>
    /// <param name="options">Port, workspace and limits (validated here).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    /// <exception cref="InvalidInputException">The workspace cannot be created or the port is taken.</exception>
    public static async Task<StudioServer> StartAsync(StudioOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var workspace = new WorkspaceFolder(options.Workspace);
        var memory = new RunMemory(options.Memory);
        var studio = new StudioContext(options, workspace, new SimulationRegistry(options, memory), new ClusteringRegistry(options.Mnist, memory, options.IdleTimeout), new StaticAssets(), memory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StudioServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes * 2 + 64 * 1024;
        });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseMiddleware<RequestGuard>(studio);
        MapPages(app, studio);
        NetworkEndpoints.Map(app, studio);
        SimulationEndpoints.Map(app, studio);
        ClusteringEndpoints.Map(app, studio);
        EvolutionEndpoints.Map(app, studio);
        app.MapFallback("/api/{**rest}", (HttpContext c) =>
            ApiResults.Error(StatusCodes.Status404NotFound, $"No API endpoint {c.Request.Method} {c.Request.Path} (see docs/studio.md)."));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidInputException($"Port {options.Port} on 127.0.0.1 is in use; pick another with --port (0 picks a free one).", e);
        }
        var addresses = app.Services.GetService(typeof(IServer)) is IServer server ? server.Features.Get<IServerAddressesFeature>()?.Addresses : null;
        var bound = new Uri(addresses?.FirstOrDefault() ?? $"http://127.0.0.1:{options.Port}");
        studio.Port = bound.Port;
        return new StudioServer(app, studio, new Uri($"http://127.0.0.1:{bound.Port}/"));
    }

    /// <summary>Waits until the token is cancelled, then stops the server.</summary>
    /// <param name="cancellationToken">Stops the server when cancelled.</param>
    /// <returns>The wait.</returns>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the simulations, the clustering runs and the server.</summary>
    /// <returns>The stop.</returns>
    public async Task StopAsync()
    {
        if (!_studio.Stopping.IsCancellationRequested) await _studio.Stopping.CancelAsync().ConfigureAwait(false);
        await _sweeping.ConfigureAwait(false);
        await _studio.Simulations.DisposeAsync().ConfigureAwait(false);
        await _studio.Clustering.DisposeAsync().ConfigureAwait(false);
        await _studio.Evolution.DisposeAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets, a few times per idle timeout, the runs nobody needs: simulations and clustering runs no
    /// page watches and no request used for the idle timeout, and ended clustering runs whose result was
    /// read (see <see cref="SimulationRegistry.SweepAsync"/>, <see cref="WatchedJobRegistry{TJob}.SweepAsync"/>).
    /// </summary>
    private static async Task SweepAsync(StudioContext studio)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(studio.Options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(studio.Stopping.Token).ConfigureAwait(false))
            {
                await studio.Simulations.SweepAsync().ConfigureAwait(false);
                await studio.Clustering.SweepAsync().ConfigureAwait(false);
                await studio.Evolution.SweepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The server stops.
        }
    }

    private static void MapPages(WebApplication app, StudioContext studio)
    {
        app.MapGet("/", () => Page(studio, "index.html"));
        app.MapGet("/metacluster", () => Page(studio, "metacluster.html"));
        app.MapGet("/evolution", () => Page(studio, "evolution.html"));
        app.MapGet("/assets/{name}", (string name) =>
            studio.Assets.Find(name) is { } bytes && !name.EndsWith(".html", StringComparison.Ordinal)
                ? Results.Bytes(bytes, StaticAssets.ContentType(name))
                : Results.NotFound());
    }

    private static IResult Page(StudioContext studio, string name) =>
        studio.Assets.Find(name) is { } bytes
            ? Results.Bytes(bytes, StaticAssets.ContentType(name))
            : Results.Content(StaticAssets.NotBuiltPage, "text/html; charset=utf-8");
}
