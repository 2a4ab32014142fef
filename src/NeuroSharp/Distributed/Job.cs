using NeuroSharp.Distributed.Mpi;

namespace NeuroSharp.Distributed;

/// <summary>
/// Finds out whether this process is one rank of an MPI job. mpiexec (MPICH's Hydra), Slurm's srun and
/// Open MPI's launcher each leave their mark in the environment (PMI_SIZE, PMI_RANK, PMIX_RANK,
/// OMPI_COMM_WORLD_SIZE); without one, the process is a job of one rank and MPI is never loaded, so a
/// machine without MPICH runs everything as before. NEUROSHARP_MPI=0 forces a single process.
/// </summary>
public static class Job
{
    /// <summary>True when a launcher started this process as part of an MPI job.</summary>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <returns>Whether MPI should be initialised.</returns>
    public static bool StartedByLauncher(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("NEUROSHARP_MPI") == "0") return false;
        return environment("PMI_SIZE") is not null || environment("PMI_RANK") is not null
            || environment("PMIX_RANK") is not null || environment("OMPI_COMM_WORLD_SIZE") is not null;
    }

    /// <summary>This process's rank as its launcher set it in the environment (PMI_RANK, PMIX_RANK or OMPI_COMM_WORLD_RANK), readable before MPI starts; null without one.</summary>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <returns>The rank, or null.</returns>
    public static int? LauncherRank(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        foreach (string name in (string[])["PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK"])
        {
            if (int.TryParse(environment(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rank)) return rank;
        }
        return null;
    }

    /// <summary>The communicator of this process: MPI's world under a launcher, else <see cref="SingleProcess"/>.</summary>
    /// <returns>The communicator; dispose it at exit (it finalizes MPI).</returns>
    /// <exception cref="MpiException">Started by a launcher, but MPI could not start.</exception>
    public static ICommunicator Start() => StartedByLauncher() ? MpiCommunicator.Initialize() : SingleProcess.Instance;
}
