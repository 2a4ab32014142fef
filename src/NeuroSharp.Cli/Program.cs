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
int code = NeuroSharpCli.Run(args, Console.Out, Console.Error, CliConsole.IsInteractive && job.Rank == 0, job);
if (code != NeuroSharpCli.Success && job is MpiCommunicator { Size: > 1 } mpi && !NeuroSharpCli.EveryRankRefused)
{
    // A rank that stops after the ranks first talked (stops before that are agreed on by all ranks: see
    // AgreeingCommunicator) must not leave the others waiting in a collective forever. Exiting without
    // MPI_Finalize is how a rank says it failed: the launcher then ends every other rank of the job.
    // Another rank gives rank 0 two seconds first, so that rank 0's sentence is printed before the job ends.
    Console.Out.Flush();
    Console.Error.Flush();
    if (mpi.Rank != 0) Thread.Sleep(TimeSpan.FromSeconds(2));
    return code;
}
(job as IDisposable)?.Dispose();
return code;
