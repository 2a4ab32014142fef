using System.Runtime.InteropServices;
using NeuroSharp.Cli;
using NeuroSharp.Distributed;
using NeuroSharp.Distributed.Mpi;

// Under mpiexec (or srun) this process is one rank of a job; otherwise MPI is never loaded.
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
using var interrupt = job is MpiCommunicator ? PosixSignalRegistration.Create(PosixSignal.SIGINT, ExitOutsideRun) : null;
int code = NeuroSharpCli.Run(args, Console.Out, Console.Error, CliConsole.IsInteractive && job.Rank == 0, job);
// Every rank ends together (NeuroSharpCli.Run: agreed, or told of a rank that failed), so each finalizes MPI and the
// launcher reports the job's code rather than killing ranks that wait (docs/distributed.md, "When a rank fails").
(job as IDisposable)?.Dispose();
return code;

// mpiexec passes Ctrl+C to every rank. Inside a run that listens for it (CtrlC) the ranks agree to stop and save what
// they ran; outside one a single process dies of the signal (exit 130 in a shell), and so does each rank, by
// exiting 130 itself: a rank killed by a signal would make the launcher report BAD TERMINATION and the signal's number.
static void ExitOutsideRun(PosixSignalContext signal)
{
    if (CtrlC.Listening) return;
    signal.Cancel = true;
    Console.Out.Flush();
    Console.Error.Flush();
    Environment.Exit(130);
}
