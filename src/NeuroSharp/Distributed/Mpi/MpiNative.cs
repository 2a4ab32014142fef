using System.Runtime.InteropServices;

namespace NeuroSharp.Distributed.Mpi;

/// <summary>
/// The few MPI calls NeuroSharp uses, bound directly to Debian's MPICH (libmpich.so.12). MPICH's handles
/// are plain integers (MPI_Comm, MPI_Datatype and MPI_Op are <c>int</c> in its mpi.h), so the binding
/// needs no marshalling of opaque structs: the constants below are copied from that header (MPICH 4.0).
/// Buffers of the blocking calls pass as <c>ref</c> to their first element (the runtime pins them for the call); the
/// nonblocking collectives take pointers, which the caller keeps pinned (<c>fixed</c>) until the request completes.
/// </summary>
internal static unsafe class MpiNative
{
    private const string Library = "libmpich.so.12";

    public const int CommWorld = 0x44000000;
    public const int Byte = 0x4c00010d;
    public const int Int = 0x4c000405;
    public const int Double = 0x4c00080b;
    public const int Int64 = 0x4c00083a;
    public const int OpMax = 0x58000001;
    public const int OpMin = 0x58000002;
    public const int OpSum = 0x58000003;
    public const int ErrorsReturn = 0x54000001;
    public const int Success = 0;
    public const int ThreadFunneled = 1;
    public const int MaxErrorString = 1024;
    public const int AnySource = -2;

    /// <summary>MPI_STATUS_IGNORE: MPICH's <c>(MPI_Status *)1</c>.</summary>
    public static readonly IntPtr StatusIgnore = 1;

    [DllImport(Library, EntryPoint = "MPI_Initialized")]
    public static extern int Initialized(out int flag);

    [DllImport(Library, EntryPoint = "MPI_Finalized")]
    public static extern int Finalized(out int flag);

    /// <summary>MPI_Init_thread with no argc/argv (allowed since MPI-2): the launcher passes what it needs through the environment.</summary>
    [DllImport(Library, EntryPoint = "MPI_Init_thread")]
    public static extern int InitThread(IntPtr argc, IntPtr argv, int required, out int provided);

    [DllImport(Library, EntryPoint = "MPI_Finalize")]
    public static extern int Finalize();

    [DllImport(Library, EntryPoint = "MPI_Abort")]
    public static extern int Abort(int comm, int errorCode);

    [DllImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static extern int CommRank(int comm, out int rank);

    [DllImport(Library, EntryPoint = "MPI_Comm_size")]
    public static extern int CommSize(int comm, out int size);

    [DllImport(Library, EntryPoint = "MPI_Comm_set_errhandler")]
    public static extern int CommSetErrhandler(int comm, int handler);

    [DllImport(Library, EntryPoint = "MPI_Error_string")]
    public static extern int ErrorString(int code, [Out] byte[] text, out int length);

    [DllImport(Library, EntryPoint = "MPI_Barrier")]
    public static extern int Barrier(int comm);

    [DllImport(Library, EntryPoint = "MPI_Bcast")]
    public static extern int Bcast(ref byte buffer, int count, int type, int root, int comm);

    [DllImport(Library, EntryPoint = "MPI_Allgather")]
    public static extern int Allgather(ref byte send, int sendCount, int sendType, ref byte receive, int receiveCount, int receiveType, int comm);

    [DllImport(Library, EntryPoint = "MPI_Allgatherv")]
    public static extern int Allgatherv(ref byte send, int sendCount, int sendType, ref byte receive, [In] int[] receiveCounts,
        [In] int[] displacements, int receiveType, int comm);

    [DllImport(Library, EntryPoint = "MPI_Gather")]
    public static extern int Gather(ref byte send, int sendCount, int sendType, ref byte receive, int receiveCount, int receiveType, int root, int comm);

    [DllImport(Library, EntryPoint = "MPI_Gatherv")]
    public static extern int Gatherv(ref byte send, int sendCount, int sendType, ref byte receive, [In] int[] receiveCounts,
        [In] int[] displacements, int receiveType, int root, int comm);

    [DllImport(Library, EntryPoint = "MPI_Alltoall")]
    public static extern int Alltoall(ref byte send, int sendCount, int sendType, ref byte receive, int receiveCount, int receiveType, int comm);

    [DllImport(Library, EntryPoint = "MPI_Alltoallv")]
    public static extern int Alltoallv(ref byte send, [In] int[] sendCounts, [In] int[] sendDisplacements, int sendType,
        ref byte receive, [In] int[] receiveCounts, [In] int[] receiveDisplacements, int receiveType, int comm);

    [DllImport(Library, EntryPoint = "MPI_Allreduce")]
    public static extern int Allreduce(ref byte send, ref byte receive, int count, int type, int op, int comm);

    [DllImport(Library, EntryPoint = "MPI_Wtime")]
    public static extern double Wtime();

    [DllImport(Library, EntryPoint = "MPI_Ibarrier")]
    public static extern int Ibarrier(int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Ibcast")]
    public static extern int Ibcast(byte* buffer, int count, int type, int root, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Iallgather")]
    public static extern int Iallgather(byte* send, int sendCount, int sendType, byte* receive, int receiveCount, int receiveType, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Iallgatherv")]
    public static extern int Iallgatherv(byte* send, int sendCount, int sendType, byte* receive, int* receiveCounts, int* displacements, int receiveType, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Igather")]
    public static extern int Igather(byte* send, int sendCount, int sendType, byte* receive, int receiveCount, int receiveType, int root, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Igatherv")]
    public static extern int Igatherv(byte* send, int sendCount, int sendType, byte* receive, int* receiveCounts, int* displacements, int receiveType, int root, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Ialltoall")]
    public static extern int Ialltoall(byte* send, int sendCount, int sendType, byte* receive, int receiveCount, int receiveType, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Ialltoallv")]
    public static extern int Ialltoallv(byte* send, int* sendCounts, int* sendDisplacements, int sendType,
        byte* receive, int* receiveCounts, int* receiveDisplacements, int receiveType, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Iallreduce")]
    public static extern int Iallreduce(byte* send, byte* receive, int count, int type, int op, int comm, out int request);

    [DllImport(Library, EntryPoint = "MPI_Test")]
    public static extern int Test(ref int request, out int flag, IntPtr status);

    [DllImport(Library, EntryPoint = "MPI_Iprobe")]
    public static extern int Iprobe(int source, int tag, int comm, out int flag, IntPtr status);

    [DllImport(Library, EntryPoint = "MPI_Send")]
    public static extern int Send(byte* buffer, int count, int type, int destination, int tag, int comm);

    [DllImport(Library, EntryPoint = "MPI_Recv")]
    public static extern int Recv(byte* buffer, int count, int type, int source, int tag, int comm, IntPtr status);

    /// <summary>libc's setenv: what MPICH's transport reads at MPI_Init (.NET's own SetEnvironmentVariable stays in the runtime).</summary>
    [DllImport("libc", EntryPoint = "setenv")]
    public static extern int SetEnvironment([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);
}
