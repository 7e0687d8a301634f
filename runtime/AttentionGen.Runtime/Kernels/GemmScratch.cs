using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttentionGen.Runtime;

/// <summary>
/// One thread's packing buffers for <see cref="Gemm"/> (and its tiles for <see cref="Attention"/>), allocated on the thread's first product and grown only
/// when a larger one comes, so after warm-up a product allocates nothing. The arrays live on the pinned object
/// heap (their addresses never move, and they are freed with the thread), aligned here to 64 bytes so packed
/// panels start on cache lines.
/// </summary>
internal sealed unsafe class GemmScratch
{
    /// <summary>Floats per cache line: the alignment of every buffer.</summary>
    private const int Align = 16;

    [ThreadStatic]
    private static GemmScratch? t_current;

    private float[]? _packedA;
    private float* _packedAStart;
    private float[]? _packedB;
    private float* _packedBStart;
    private float[]? _attention;
    private float* _attentionStart;
    private float[]? _reduction;
    private float* _reductionStart;

    private GemmScratch()
    {
        // An edge tile (8 rows of up to 48 columns) and its bias row, both padded to whole vectors.
        Edge = AllocatePinned(GemmMicrokernel.Rows * GemmPlan.MaxPanelWidth + GemmPlan.MaxPanelWidth, out _edge);
    }

    /// <summary>The calling thread's buffers.</summary>
    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>8 × 48 floats for a tile that does not fill the microkernel, followed by 48 for its bias.</summary>
    public float* Edge { get; }

    /// <summary>Keeps <see cref="Edge"/>'s array alive (it is only reached through the pointer).</summary>
    private readonly float[] _edge;

    /// <summary>At least <paramref name="length"/> floats for packed A blocks; valid until the next call on this thread.</summary>
    public float* PackedA(long length)
    {
        if (_packedA == null || _packedA.Length - Align < length)
        {
            _packedAStart = AllocatePinned(length, out _packedA);
        }

        return _packedAStart;
    }

    /// <summary>At least <paramref name="length"/> floats for packed B panels; valid until the next call on this thread.</summary>
    public float* PackedB(long length)
    {
        if (_packedB == null || _packedB.Length - Align < length)
        {
            _packedBStart = AllocatePinned(length, out _packedB);
        }

        return _packedBStart;
    }

    /// <summary>
    /// At least <paramref name="length"/> floats for one attention work item's tiles (<see cref="Attention"/>);
    /// valid until the next call on this thread.
    /// </summary>
    public float* AttentionTiles(long length)
    {
        if (_attention == null || _attention.Length - Align < length)
        {
            _attentionStart = AllocatePinned(length, out _attention);
        }

        return _attentionStart;
    }

    /// <summary>
    /// At least <paramref name="length"/> floats for the per-chunk partial sums of a row-wise kernel
    /// (<see cref="RowParallel"/>): the caller's buffer, which the pool's threads write chunk by chunk; valid until
    /// the next call on this thread.
    /// </summary>
    public float* Reduction(long length)
    {
        if (_reduction == null || _reduction.Length - Align < length)
        {
            _reductionStart = AllocatePinned(length, out _reduction);
        }

        return _reductionStart;
    }

    private static float* AllocatePinned(long length, out float[] array)
    {
        array = GC.AllocateUninitializedArray<float>(checked((int)length + Align), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((start + (Align * sizeof(float)) - 1) & ~((nint)(Align * sizeof(float)) - 1));
    }
}
