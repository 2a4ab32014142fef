using System.Diagnostics;
using System.Text.Json;
using NeuroSharp.Evolution;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Evolution;

/// <summary>
/// One evolution run for the studio's evolution page: an <see cref="EvolutionRun"/> driven by
/// <see cref="CheckpointRunner"/> one generation per chunk on its own thread (one evaluation thread), its
/// checkpoint written after every generation to a folder of its own. After each generation the pages are offered
/// a frame with the status and the fitness curve; when the champion changes its network and its replay
/// (<see cref="ChampionReplay"/>) are made, and the frame says so. Stop ends it between generations (a generation
/// cut short is dropped whole); resume restores the checkpoint and goes on.
/// </summary>
internal sealed class EvolutionJob : WatchedJob
{
    private const int MaxCurvePoints = 2000;
    private const double FrameSeconds = 0.1;

    private readonly EvolutionRequest _request;
    private readonly IEvolutionTask _task;
    private readonly ControllerModel _model;
    private readonly EvolverSettings _settings;
    private readonly string _folder;
    private readonly string _checkpointPath;
    private readonly List<GenerationRecord> _history = [];
    private CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private string _state = "running";
    private string? _error;
    private int _population;
    private Champion? _champion;
    private int _championVersion;
    private string? _championNetwork;
    private byte[]? _replay;
    private double _lastFrameSeconds = double.NegativeInfinity;
    private bool _disposed;

    /// <summary>Starts the run.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="request">What to evolve (validated here).</param>
    /// <param name="memory">Its reservation of the studio's memory, given back when it is forgotten.</param>
    /// <param name="budget">The studio's memory budget, which every engine the task builds is checked against.</param>
    /// <exception cref="InvalidInputException">The request is invalid.</exception>
    public EvolutionJob(string id, EvolutionRequest request, RunMemory.Lease memory, MemoryBudget budget)
        : base(id, memory)
    {
        _request = request;
        (_task, _model, _settings) = request.Validate(budget);
        _folder = Path.Combine(Path.GetTempPath(), "neurosharp-studio", $"evolution-{id}");
        _checkpointPath = Path.Combine(_folder, "checkpoint.json");
        // Built here, on the request's thread: a combination the run refuses (e.g. a neuron model the task cannot
        // bind) is the request's 400, not a failed run.
        var first = NewRun();
        Directory.CreateDirectory(_folder);
        Touch();
        LastFrame = StatusMessage();
        Launch(resume: false, first);
    }

    /// <summary>The task it evolves for (its engines are checked against the studio's budget).</summary>
    public IEvolutionTask EvolvedTask => _task;

    /// <summary>True while its thread runs generations.</summary>
    public bool IsRunning
    {
        get
        {
            lock (Gate) return !_run.IsCompleted;
        }
    }

    /// <summary>The status as JSON (a request counts as a use).</summary>
    /// <returns>The status message (UTF-8 JSON, with the curve).</returns>
    public byte[] Status()
    {
        Touch();
        lock (Gate) return Frame();
    }

    /// <summary>Asks the run to stop after the generation it evaluates (that generation is dropped); the checkpoint holds the one before.</summary>
    public void Stop()
    {
        Touch();
        lock (Gate)
        {
            if (!_disposed) _stop.Cancel();
        }
    }

    /// <summary>Goes on from the checkpoint of a stopped run.</summary>
    /// <exception cref="InvalidInputException">The run is not stopped (it runs, or it is done or failed).</exception>
    public void Resume()
    {
        Touch();
        lock (Gate)
        {
            if (_disposed) throw new InvalidInputException($"The evolution run '{Id}' was forgotten; start a new one.");
            if (!_run.IsCompleted || _state == "running")
                throw new InvalidInputException($"The evolution run '{Id}' is running; only a stopped run resumes.");
            if (_state != "stopped")
                throw new InvalidInputException($"The evolution run '{Id}' is {_state}{(_state == "done" ? (_champion?.Solved == true ? " (solved)" : " (every generation ran)") : "")}; only a stopped run resumes, so start a new one.");
            _state = "running";
            _error = null;
            _stop.Dispose();
            _stop = new CancellationTokenSource();
            LastFrame = Frame();
            Launch(resume: true);
        }
        Broadcast(Current());
    }

    /// <summary>The champion's network file (as <c>neurosharp evolve</c> writes champion.json), or null before the first generation ends.</summary>
    /// <returns>The JSON text and the champion, or null.</returns>
    public (string Network, Champion Champion)? ChampionNetwork()
    {
        Touch();
        lock (Gate) return _championNetwork is null || _champion is null ? null : (_championNetwork, _champion);
    }

    /// <summary>The champion's replay (UTF-8 JSON), or null before the first generation ends.</summary>
    /// <returns>The replay.</returns>
    public byte[]? Replay()
    {
        Touch();
        lock (Gate) return _replay;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        Task run;
        lock (Gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            run = _run;
        }
        await run.ConfigureAwait(false);
        Memory.Dispose();
        lock (Gate)
        {
            ReleasePages();
            _replay = null;
            _stop.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file held open elsewhere: the temporary folder stays for the system to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc />
    protected override byte[] StatusFrame() => Frame();

    /// <summary>Starts the run's thread (under <see cref="WatchedJob.Gate"/> or from the constructor).</summary>
    private void Launch(bool resume, EvolutionRun? first = null)
    {
        var token = _stop.Token;
        _run = Task.Factory.StartNew(() => Run(resume, first, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(bool resume, EvolutionRun? first, CancellationToken token)
    {
        try
        {
            var run = first ?? Open(resume);
            lock (Gate) _population = run.Evolver.Population.Count;
            var outcome = CheckpointRunner.Run(run, 1, new ProgressCallback<RunProgress>(_ => AfterGeneration(run, token)), token);
            lock (Gate) _state = outcome.Interrupted ? "stopped" : "done";
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            lock (Gate) _state = "stopped";
        }
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            lock (Gate)
            {
                _state = "failed";
                _error = e.Message;
            }
        }
        catch (OutOfMemoryException)
        {
            lock (Gate)
            {
                _state = "failed";
                _error = "The machine ran out of memory during the run; lower the studio's --memory-limit so that runs are refused before they start.";
            }
        }
        byte[] last;
        lock (Gate) last = LastFrame = Frame();
        Broadcast(last);
    }

    /// <summary>A new run, or the run the checkpoint holds (a run stopped before its first generation has none: it starts afresh).</summary>
    private EvolutionRun Open(bool resume)
    {
        void Save(EvolutionRun r) => EvolutionCheckpoint.Save(_checkpointPath, r, _settings);
        if (resume && File.Exists(_checkpointPath))
        {
            var checkpoint = EvolutionCheckpoint.Load(_checkpointPath);
            checkpoint.CheckMatches(_checkpointPath, _task.Name, _model.Name, _settings, SensorCodeName());
            var run = checkpoint.Restore(_task, _model, _settings, _request.Generations, 1, Save, _checkpointPath);
            run.MaxEvaluations = _request.MaxEvaluations;
            run.TestAllCandidates = _request.TestAllBalanced;
            lock (Gate)
            {
                // The checkpoint is the truth: generations evaluated after it (none, as it is written after each) are dropped.
                _history.Clear();
                _history.AddRange(run.History);
            }
            return run;
        }
        lock (Gate) _history.Clear();
        return NewRun();
    }

    /// <summary>A run from generation 0, checkpointed after every generation.</summary>
    private EvolutionRun NewRun() =>
        new(_task, _model, EvolverFactory.Create(_settings, _task), _settings.Seed, _request.Generations, 1, r => EvolutionCheckpoint.Save(_checkpointPath, r, _settings))
        {
            MaxEvaluations = _request.MaxEvaluations,
            TestAllCandidates = _request.TestAllBalanced,
        };

    private void AfterGeneration(EvolutionRun run, CancellationToken token)
    {
        var champion = run.Best;
        bool changed;
        lock (Gate)
        {
            for (int k = _history.Count; k < run.History.Count; k++) _history.Add(run.History[k]);
            changed = champion is not null && !ReferenceEquals(champion, _champion);
        }
        if (changed)
        {
            // Through the run's weight space, as evolve writes champion.json: a seed circuit's or a connectome's genome holds
            // only its parameters, which the circuit decodes.
            var network = run.Decode(champion!.Genome, $"{_task.Name}-champion") with { DurationMs = 1000 };
            string json = NetworkFile.ToJson(network);
            byte[] replay;
            try
            {
                replay = ChampionReplay.Record(_task, network, champion, _settings.Seed, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping: the generation itself is complete (the runner checkpoints it); the page keeps the
                // champion it shows, and a resume, which restores this champion, replays it then.
                return;
            }
            lock (Gate)
            {
                _champion = champion;
                _championNetwork = json;
                _replay = replay;
                _championVersion++;
            }
        }
        double now = Elapsed.TotalSeconds;
        if (!changed && now - _lastFrameSeconds < FrameSeconds) return;
        _lastFrameSeconds = now;
        byte[] frame;
        lock (Gate) frame = LastFrame = Frame();
        Offer(frame);
    }

    private byte[] Current()
    {
        lock (Gate) return LastFrame ?? Frame();
    }

    private byte[] StatusMessage()
    {
        lock (Gate) return Frame();
    }

    /// <summary>The status with the curve (under <see cref="WatchedJob.Gate"/>).</summary>
    private byte[] Frame()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "evolution");
            w.WriteString("id", Id);
            w.WriteString("state", _state);
            w.WriteString("task", _task.Name);
            w.WriteString("world", ChampionReplay.WorldOf(_task));
            w.WriteString("algorithm", _settings.Algorithm);
            w.WriteString("model", _model.Name);
            w.WriteNumber("population", _population);
            w.WriteNumber("seed", _settings.Seed);
            w.WriteBoolean("circuit", _settings.Circuit);
            w.WriteString("sensorCode", SensorCodeName());
            w.WriteBoolean("mirror", _settings.Mirror);
            WriteNumberOrNull(w, "cartDelay", _settings.CartDelayMs);
            w.WriteNumber("maxEvaluations", _request.MaxEvaluations);
            // CMA-ES's step size and restarts (sigma is NEAT's spread factor too) and the all-balancers test, as the run took them.
            w.WriteNumber("sigma", _settings.Sigma);
            w.WriteNumber("restarts", _settings.Restarts);
            w.WriteNumber("restartGrowth", _settings.Growth);
            w.WriteBoolean("testAllBalanced", _request.TestAllBalanced);
            // NEAT's genome and reproduction options as the run took them (evolve's flags; null or the default when not set).
            w.WriteBoolean("pushPull", _settings.PushPull);
            WriteNumberOrNull(w, "pvStep", _settings.PositionStep);
            WriteNumberOrNull(w, "weightLimit", _settings.WeightLimit);
            w.WriteNumber("biasStep", _settings.BiasStep);
            WriteNumberOrNull(w, "minScale", _settings.MinScale);
            w.WriteBoolean("sharedDelay", _settings.SharedDelay);
            w.WriteNumber("delayStep", _settings.DelayStep);
            var breeding = _settings.Breeding ?? new NeatBreeding();
            WriteNumberOrNull(w, "elitism", breeding.Elitism);
            WriteNumberOrNull(w, "survival", breeding.Survival);
            WriteNumberOrNull(w, "weightGeneRate", breeding.WeightGeneRate);
            w.WriteBoolean("cauchy", breeding.Cauchy);
            WriteNumberOrNull(w, "addNeuronRate", breeding.AddNeuronRate);
            WriteNumberOrNull(w, "addLinkRate", breeding.AddLinkRate);
            if (_settings.Network is { } connectome) w.WriteString("network", connectome);
            else w.WriteNull("network");
            w.WriteNumber("generation", _history.Count);
            w.WriteNumber("generations", _request.Generations);
            var last = _history.Count > 0 ? _history[^1] : null;
            w.WriteNumber("evaluations", last?.Evaluations ?? 0);
            WriteNumberOrNull(w, "bestFitness", last?.BestFitness);
            WriteNumberOrNull(w, "meanFitness", last?.MeanFitness);
            w.WriteNumber("species", last?.Species ?? 0);
            w.WriteNumber("evaluationsPerSecond", Math.Round(last?.EvaluationsPerSecond ?? 0, 1));
            w.WriteBoolean("solved", _champion?.Solved == true);
            if (_champion is { } c)
            {
                w.WriteStartObject("champion");
                w.WriteNumber("version", _championVersion);
                w.WriteNumber("generation", c.Generation);
                w.WriteNumber("fitness", c.Fitness);
                w.WriteBoolean("solved", c.Solved);
                w.WriteNumber("hidden", c.Genome.HiddenCount);
                w.WriteNumber("links", c.Genome.Links.Count(l => l.Enabled));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("champion");
            }
            if (_error is null) w.WriteNull("error");
            else w.WriteString("error", _error);
            // [generation, best, mean]; a long run keeps every k-th generation so the frame stays small.
            int stride = Math.Max(1, (_history.Count + MaxCurvePoints - 1) / MaxCurvePoints);
            w.WriteStartArray("curve");
            for (int k = 0; k < _history.Count; k += stride)
            {
                var r = _history[k];
                w.WriteStartArray();
                w.WriteNumberValue(r.Generation);
                w.WriteNumberValue(r.BestFitness);
                w.WriteNumberValue(r.MeanFitness);
                w.WriteEndArray();
                if (k + stride >= _history.Count && k != _history.Count - 1) k = _history.Count - 1 - stride; // the last generation always shows
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The task's sensor code by its name (log for every task but a linear-coded pole task), as a checkpoint records it.</summary>
    private string SensorCodeName() => _task is NeuroSharp.Evolution.Tasks.PoleBalancingTask pole ? SensorCodes.NameOf(pole.SensorCode) : "log";

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
