using NeuroSharp.Cli;
using NeuroSharp.Distributed;
using NeuroSharp.Distributed.Mpi;

// Under mpiexec (or srun) this process is one rank of a job; otherwise MPI is never loaded. A rank takes Ctrl+C over from
// here on, before MPI starts (MPI_Init waits for every rank: a Ctrl+C there would otherwise kill it by the signal).
if (Job.StartedByLauncher()) CtrlC.OutsideAnyScope(ExitOutsideRun);
ICommunicator job;
try
{
    job = Job.Start();
}
catch (MpiException e)
{
    Console.Error.WriteLine($"neurosharp: {e.Message}");
    return NeuroSharpCli.RunFailed;
}
int code = NeuroSharpCli.Run(args, Console.Out, Console.Error, CliConsole.IsInteractive && job.Rank == 0, job);
// Every rank ends together (NeuroSharpCli.Run: agreed, or told of a rank that failed), so each finalizes MPI and the
// launcher reports the job's code rather than killing ranks that wait (docs/distributed.md, "When a rank fails").
(job as IDisposable)?.Dispose();
return code;

// mpiexec passes Ctrl+C to every rank, each at its own moment. Inside a run that listens for it (CtrlC) the ranks agree to
// stop and save what they ran; before it (MPI starting, the input read, the build) each rank holds it, and the run stops at
// its first agreement, step 0. In a command that never listens (sweep, job) a single process dies of the signal (exit 130
// in a shell), and so does each rank, by exiting 130 itself (a rank killed by a signal would make the launcher report BAD
// TERMINATION and the signal's number), rank 0 saying so in one sentence (docs/distributed.md, "Ctrl+C").
static void ExitOutsideRun()
{
    if (Job.LauncherRank() is 0 or null)
    {
        Console.Out.Flush();
        Console.Error.WriteLine("neurosharp: stopped by Ctrl+C; this command does not save on it, and what it finished stays.");
    }
    Console.Out.Flush();
    Console.Error.Flush();
    Environment.Exit(130);
}
