using System;

namespace AttentionGen.Runtime;

/// <summary>Work on a range of independent rows (or elements) of its tensors: [start, end) of chunk <c>chunk</c>.</summary>
internal interface IRowKernel
{
    /// <summary>Runs rows [<paramref name="start"/>, <paramref name="end"/>), the chunk numbered <paramref name="chunk"/>.</summary>
    void Run(int chunk, int start, int end);
}

/// <summary>
/// Runs row-wise kernels (LayerNorm, activations, residual adds, the loss) on the persistent worker pool the matrix
/// products use (<see cref="GemmWorkers"/>), so the element-wise work between products uses every core too, with no
/// allocation and no delegate per call.
/// <para>
/// The rows are cut into chunks whose number depends on the tensor's size alone, never on the thread count or on
/// whether the pool was free: a kernel that reduces over rows (LayerNorm's parameter gradients) keeps one partial
/// result per chunk and adds the chunks in order afterwards, so its result is the same bit for bit on one thread,
/// on many, and on a machine with another core count.
/// </para>
/// </summary>
internal static class RowParallel
{
    /// <summary>
    /// Floats a chunk should touch per tensor: 16 K floats (64 KB) is tens of microseconds of work for the cheapest
    /// kernel (an add), well above the cost of handing a chunk to a polling worker, and small enough that a
    /// 2048 × 192 activation gives two dozen chunks, so a worker slowed down by another process leaves its share
    /// to the others.
    /// </summary>
    internal const int ChunkFloats = 1 << 14;

    /// <summary>The chunks rows × width is cut into: one below <see cref="ChunkFloats"/>, otherwise about one per that many floats.</summary>
    public static int Chunks(int rows, int width)
    {
        if (rows <= 1)
        {
            return 1;
        }

        long floats = (long)rows * width;
        return (int)Math.Clamp(floats / ChunkFloats, 1, rows);
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over <paramref name="rows"/> rows of <paramref name="width"/> floats in
    /// <see cref="Chunks"/>(rows, width) chunks: on the pool when there is more than one chunk and the pool is free,
    /// otherwise chunk by chunk on the calling thread. Returns the number of chunks.
    /// </summary>
    public static int For<TKernel>(in TKernel kernel, int rows, int width)
        where TKernel : struct, IRowKernel
    {
        int chunks = Chunks(rows, width);
        var plan = new RowPlan<TKernel>(kernel, rows, chunks);
        if (chunks > 1 && GemmWorkers.Count > 0 && GemmWorkers.TryRun(in plan))
        {
            return chunks;
        }

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            plan.Run(chunk, null!);
        }

        return chunks;
    }

    /// <summary>
    /// <see cref="For"/> over a flat array of <paramref name="length"/> floats: chunks of whole cache lines (multiples
    /// of 16 floats), the kernel's start and end being element indices.
    /// </summary>
    public static void ForElements<TKernel>(in TKernel kernel, int length)
        where TKernel : struct, IRowKernel
    {
        // Lines of 16 floats are the "rows": chunk boundaries then fall on vector boundaries.
        const int Line = 16;
        int lines = (length + Line - 1) / Line;
        var lineKernel = new LineKernel<TKernel> { Inner = kernel, Length = length };
        For(in lineKernel, lines, Line);
    }

    /// <summary>Rows [start, end) of chunk <paramref name="chunk"/> when <paramref name="rows"/> rows make <paramref name="chunks"/> chunks.</summary>
    public static (int Start, int End) Range(int chunk, int rows, int chunks) =>
        ((int)((long)rows * chunk / chunks), (int)((long)rows * (chunk + 1) / chunks));

    private struct RowPlan<TKernel> : IWorkPlan
        where TKernel : struct, IRowKernel
    {
        private readonly TKernel _kernel;
        private readonly int _rows;

        public RowPlan(TKernel kernel, int rows, int chunks)
        {
            _kernel = kernel;
            _rows = rows;
            Items = chunks;
        }

        public int Items { get; }

        public readonly int Prerequisites(int item) => 0;

        public readonly void Run(int item, GemmScratch scratch)
        {
            (int start, int end) = Range(item, _rows, Items);
            _kernel.Run(item, start, end);
        }
    }

    /// <summary>Turns line ranges into element ranges for <see cref="ForElements"/>.</summary>
    private struct LineKernel<TKernel> : IRowKernel
        where TKernel : struct, IRowKernel
    {
        public TKernel Inner;
        public int Length;

        public readonly void Run(int chunk, int start, int end) => Inner.Run(chunk, start * 16, Math.Min(Length, end * 16));
    }
}
