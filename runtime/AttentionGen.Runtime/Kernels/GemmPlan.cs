using System;
using System.Runtime.Intrinsics.X86;

namespace AttentionGen.Runtime;

/// <summary>
/// The blocking of one <see cref="Gemm"/> product, cut into work items that threads claim in order.
/// <para>
/// Loop nest (BLIS order): B is packed into panels of NR columns covering all of K (one packed panel per item,
/// shared by every thread); C is cut into row blocks of mc rows (one compute item each, split further by panel
/// ranges when there are too few rows to feed the threads). A compute item walks K in blocks of kc: it packs its
/// mc × kc block of A (into the thread's own buffer), then for each panel streams the kc × NR slice of B through
/// the 8-row micro-rows of the A block. So the B slice is the operand that stays in L1, the A block stays in L2,
/// and C is read and written once per K block.
/// </para>
/// <para>
/// Sizes, for 48 KB of L1 and 1-2 MB of L2 per core (Zen 4/5, Sapphire Rapids): kc ≤ 256 makes the 512-bit
/// kernel's B slice at most 256 × 48 × 4 B = 48 KB, which the hardware prefetcher streams from L2 well enough; the
/// deeper block matters more than a B slice that stays in L1, since every K block reads and writes all of C once
/// more (at kc = 128, K = 192 took two blocks: 2048 × 192 × 768 forward ran at 337 GFLOP/s against 385 in one block,
/// and 1024³ backward at 258 against 294, side by side on two cores). mc ≤ 256 makes the A block 256 × 256 × 4 B =
/// 256 KB, a quarter to an eighth of L2, so it survives
/// the B panels passing through. K is cut into equal blocks (K = 192 as 2 × 96, not 128 + 64) so no block runs at
/// half efficiency. B panels for at most 2^20 floats (4 MB) of columns are packed at a time; wider products
/// (a vocabulary head) repeat pack-then-compute per chunk of columns, so the buffer never grows with N.
/// </para>
/// </summary>
internal unsafe struct GemmPlan : IWorkPlan
{
    /// <summary>Columns per B panel of the 512-bit kernel (3 vectors); also the widest edge tile.</summary>
    public const int MaxPanelWidth = 48;

    /// <summary>Largest K block (see the remarks above).</summary>
    private const int MaxDepth512 = 256;

    /// <summary>The 256-bit kernel's B slice is 16 columns wide, so a deeper block still fits: 256 × 16 × 4 B = 16 KB.</summary>
    private const int MaxDepth256 = 256;

    /// <summary>Largest row block (see the remarks on L2).</summary>
    private const int MaxBlockRows = 256;

    /// <summary>
    /// Smallest row block worth a work item when splitting for threads: 64 rows are 8 micro-rows, so each B slice
    /// loaded into L1 is still used 8 times.
    /// </summary>
    private const int MinBlockRows = 64;

    /// <summary>
    /// Compute items per thread wanted: more than one, so a thread slowed down by another process (the machine is
    /// shared) leaves its remaining items to the others instead of holding everyone at the end.
    /// </summary>
    private const int ItemsPerThread = 3;

    /// <summary>Packed B floats per chunk of columns.</summary>
    private const long ChunkFloats = 1L << 20;

    /// <summary>
    /// Steps of a row-major B packed per item: such a B is packed by ranges of its rows (each read once, start to
    /// end, for all panels) rather than panel by panel (which would stride through every row once per panel). 64
    /// rows of a few hundred columns are tens of kilobytes, small enough that two threads share even K = 192.
    /// </summary>
    private const int StepsPerPackItem = 64;

    private readonly GemmProblem _p;
    private readonly bool _wide;
    private readonly int _nr;          // panel width: 48 or 16
    private readonly int _quantum;     // vector width: 16 or 8
    private readonly int _kc;
    private readonly int _mc;
    private readonly int _panels;
    private readonly int _panelsPerChunk;
    private readonly int _packItems;   // per chunk: one per panel (transposed B) or per range of steps (row-major B)
    private readonly int _nTasks;      // panel ranges per row block
    private readonly int _tasks;       // compute items per chunk
    private readonly int _itemsPerChunk;
    private readonly float* _packedB;

    public GemmPlan(in GemmProblem problem, bool wide, int threads, GemmScratch caller)
    {
        _p = problem;
        _wide = wide;
        _nr = wide ? MaxPanelWidth : 16;
        _quantum = wide ? 16 : 8;
        int maxDepth = wide ? MaxDepth512 : MaxDepth256;
        int kBlocks = (problem.K + maxDepth - 1) / maxDepth;
        _kc = RoundUp((problem.K + kBlocks - 1) / kBlocks, 8);

        int m = problem.M;
        int mTasks = (m + MaxBlockRows - 1) / MaxBlockRows;
        if (threads > 1)
        {
            mTasks = Math.Max(mTasks, Math.Min(ItemsPerThread * threads, (m + MinBlockRows - 1) / MinBlockRows));
        }

        _mc = RoundUp((m + mTasks - 1) / mTasks, GemmMicrokernel.Rows);
        mTasks = (m + _mc - 1) / _mc;

        _panels = (problem.N + _nr - 1) / _nr;
        bool packed = problem.PackedB != null;
        // B packed ahead of the call is one chunk holding every panel; otherwise panels are packed a chunk at a time.
        _panelsPerChunk = packed ? _panels : (int)Math.Clamp(ChunkFloats / ((long)problem.K * _nr), 1, _panels);
        _nTasks = 1;
        if (threads > 1 && mTasks < ItemsPerThread * threads)
        {
            // Too few rows (one sequence, a handful of tokens): split each row block's panels between threads too.
            _nTasks = Math.Min(_panelsPerChunk, ((ItemsPerThread * threads) + mTasks - 1) / mTasks);
        }

        _packItems = packed ? 0 : problem.BTransposed ? _panelsPerChunk : (problem.K + StepsPerPackItem - 1) / StepsPerPackItem;
        _tasks = mTasks * _nTasks;
        _itemsPerChunk = _packItems + _tasks;
        int chunks = (_panels + _panelsPerChunk - 1) / _panelsPerChunk;
        Items = chunks * _itemsPerChunk;
        _packedB = packed ? problem.PackedB : caller.PackedB((long)_panelsPerChunk * _nr * problem.K);
    }

    /// <summary>Floats <see cref="PackWeight"/> writes for an (n, k) weight with the given kernel width.</summary>
    public static long PackedWeightLength(int n, int k, bool wide)
    {
        int nr = wide ? MaxPanelWidth : 16;
        return (long)((n + nr - 1) / nr) * nr * k;
    }

    /// <summary>
    /// Packs a whole nn.Linear weight (n rows of k, the forward product's B transposed) into the panels a product
    /// with <see cref="GemmProblem.PackedB"/> reads: the same values, in the same places, as the product's own
    /// packing items write, so the product gives the same bits either way.
    /// </summary>
    public static void PackWeight(float* weight, int n, int k, bool wide, float* dst)
    {
        int nr = wide ? MaxPanelWidth : 16;
        int quantum = wide ? 16 : 8;
        for (int n0 = 0, panel = 0; n0 < n; n0 += nr, panel++)
        {
            int width = Math.Min(nr, n - n0);
            GemmPacking.PackTransposedPanel(weight + ((long)n0 * k), k, width, RoundUp(width, quantum), k, dst + ((long)panel * nr * k));
        }
    }

    /// <summary>Makes <paramref name="scratch"/> hold a packed A block of this plan's size.</summary>
    public readonly void ReservePackedA(GemmScratch scratch) => scratch.PackedA((long)_mc * _kc);

    /// <summary>Work items: per chunk of columns, the items packing its B panels, then the compute items.</summary>
    public int Items { get; }

    /// <summary>Items that must be finished before <paramref name="item"/> starts (all earlier ones, at phase boundaries).</summary>
    public readonly int Prerequisites(int item)
    {
        int chunk = item / _itemsPerChunk;
        int start = chunk * _itemsPerChunk;
        // Packing a chunk overwrites the buffer the previous chunk's compute items read; computing needs all its panels.
        return item - start < _packItems ? start : start + _packItems;
    }

    /// <summary>Runs one item on the calling thread, with its buffers.</summary>
    public readonly void Run(int item, GemmScratch scratch)
    {
        int chunk = item / _itemsPerChunk;
        int index = item - (chunk * _itemsPerChunk);
        if (index < _packItems)
        {
            Pack(chunk, index);
        }
        else
        {
            Compute(chunk, index - _packItems, scratch);
        }
    }

    private readonly void Pack(int chunk, int index)
    {
        int p0 = chunk * _panelsPerChunk;
        if (!_p.BTransposed)
        {
            int cols = Math.Min(_p.N, (p0 + _panelsPerChunk) * _nr) - (p0 * _nr);
            int k0 = index * StepsPerPackItem;
            GemmPacking.PackRowMajorSteps(_p.B + (p0 * _nr), _p.Ldb, cols, _nr, _quantum, _p.K, k0, Math.Min(_p.K, k0 + StepsPerPackItem), _packedB);
            return;
        }

        int panel = p0 + index;
        if (panel >= _panels)
        {
            return;
        }

        int n0 = panel * _nr;
        int width = Math.Min(_nr, _p.N - n0);
        GemmPacking.PackTransposedPanel(_p.B + (n0 * _p.Ldb), _p.Ldb, width, RoundUp(width, _quantum), _p.K, _packedB + ((long)index * _nr * _p.K));
    }

    private readonly void Compute(int chunk, int task, GemmScratch scratch)
    {
        int mi = task / _nTasks;
        int ni = task - (mi * _nTasks);
        int m0 = mi * _mc;
        int rows = Math.Min(_mc, _p.M - m0);
        int p0 = chunk * _panelsPerChunk;
        int count = Math.Min(_panels, p0 + _panelsPerChunk) - p0;
        int pa = p0 + (count * ni / _nTasks);
        int pb = p0 + (count * (ni + 1) / _nTasks);
        if (rows <= 0 || pa == pb)
        {
            return;
        }

        // Every row block is packed by exactly one item of the first chunk with ni = 0: that one counts the row sums.
        float* rowSums = _p.ARowSums != null && chunk == 0 && ni == 0 ? _p.ARowSums + m0 : null;
        float* packedA = scratch.PackedA((long)_mc * _kc);
        for (int k0 = 0; k0 < _p.K; k0 += _kc)
        {
            int kc = Math.Min(_kc, _p.K - k0);
            float* a = _p.ATransposed ? _p.A + ((k0 * _p.Lda) + m0) : _p.A + ((m0 * _p.Lda) + k0);
            GemmPacking.PackA(a, _p.Lda, _p.ATransposed, rows, kc, packedA, rowSums);
            bool first = k0 == 0;
            bool last = k0 + kc >= _p.K;
            bool load = !first || _p.Accumulate;
            for (int panel = pa; panel < pb; panel++)
            {
                int n0 = panel * _nr;
                int cols = Math.Min(_nr, _p.N - n0);
                int w = RoundUp(cols, _quantum);
                float* b = _packedB + ((long)(panel - p0) * _nr * _p.K) + ((long)k0 * w);
                float* bias = first && _p.Bias != null ? _p.Bias + n0 : null;
                for (int i = 0; i < rows; i += GemmMicrokernel.Rows)
                {
                    float* c = _p.C + (((m0 + i) * _p.Ldc) + n0);
                    int r = Math.Min(GemmMicrokernel.Rows, rows - i);
                    if (load)
                    {
                        // The next tile of C, while this one computes: 8 rows at stride ldc defeat the hardware
                        // prefetcher, and a kernel of ~100 steps would otherwise start with 24 cache misses.
                        if (i + GemmMicrokernel.Rows < rows)
                        {
                            PrefetchTile(c + (GemmMicrokernel.Rows * _p.Ldc), Math.Min(GemmMicrokernel.Rows, rows - i - GemmMicrokernel.Rows), cols);
                        }
                        else if (panel + 1 < pb)
                        {
                            PrefetchTile(_p.C + ((m0 * _p.Ldc) + n0 + _nr), Math.Min(GemmMicrokernel.Rows, rows), Math.Min(_nr, _p.N - n0 - _nr));
                        }
                    }

                    if (r == GemmMicrokernel.Rows && cols == w)
                    {
                        Tile(packedA + ((nint)i * kc), b, kc, c, _p.Ldc, bias, load, w);
                    }
                    else
                    {
                        EdgeTile(packedA + ((nint)i * kc), b, kc, c, bias, load, r, cols, w, scratch.Edge);
                    }

                    if (last && _p.Residual != null)
                    {
                        // The tile is final and still in L1: the residual lands on it without a second pass over C.
                        float* residual = _p.Residual + (((m0 + i) * _p.Ldc) + n0);
                        for (int row = 0; row < r; row++)
                        {
                            Simd.Add(residual + (row * _p.Ldc), c + (row * _p.Ldc), cols);
                        }
                    }

                    if (last && _p.Activated != null)
                    {
                        // Likewise its activation costs no second trip through memory.
                        float* activated = _p.Activated + (((m0 + i) * _p.Ldc) + n0);
                        for (int row = 0; row < r; row++)
                        {
                            Activations.ApplyRange(_p.Activation, c + (row * _p.Ldc), activated + (row * _p.Ldc), cols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A full tile: the kernel for this panel width, straight on C.</summary>
    private readonly void Tile(float* a, float* b, int kc, float* c, nint ldc, float* bias, bool load, int w)
    {
        if (_wide)
        {
            switch (w)
            {
                case 48: GemmMicrokernel.Tile512<ThreeVectors>(a, b, kc, c, ldc, bias, load); break;
                case 32: GemmMicrokernel.Tile512<TwoVectors>(a, b, kc, c, ldc, bias, load); break;
                default: GemmMicrokernel.Tile512<OneVector>(a, b, kc, c, ldc, bias, load); break;
            }
        }
        else if (w == 16)
        {
            GemmMicrokernel.Tile256<TwoVectors>(a, b, kc, c, ldc, bias, load);
        }
        else
        {
            GemmMicrokernel.Tile256<OneVector>(a, b, kc, c, ldc, bias, load);
        }
    }

    /// <summary>
    /// A tile with fewer than 8 rows or a partial last vector of columns: computed whole in a scratch tile (the
    /// padded A rows and B columns are zeros) and only the real r × cols corner copied to and from C. Only the
    /// last row block and the last panel take this path.
    /// </summary>
    private readonly void EdgeTile(float* a, float* b, int kc, float* c, float* bias, bool load, int r, int cols, int w, float* edge)
    {
        float* tileBias = null;
        if (bias != null)
        {
            tileBias = edge + (GemmMicrokernel.Rows * MaxPanelWidth);
            for (int j = 0; j < w; j++)
            {
                tileBias[j] = j < cols ? bias[j] : 0f;
            }
        }

        if (load)
        {
            for (int i = 0; i < r; i++)
            {
                new ReadOnlySpan<float>(c + (i * _p.Ldc), cols).CopyTo(new Span<float>(edge + (i * w), cols));
            }
        }

        Tile(a, b, kc, edge, w, tileBias, load, w);
        for (int i = 0; i < r; i++)
        {
            new ReadOnlySpan<float>(edge + (i * w), cols).CopyTo(new Span<float>(c + (i * _p.Ldc), cols));
        }
    }

    /// <summary>Asks for the cache lines of an r × cols tile of C.</summary>
    private readonly void PrefetchTile(float* c, int r, int cols)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int i = 0; i < r; i++)
        {
            float* row = c + (i * _p.Ldc);
            for (int j = 0; j < cols; j += 16)
            {
                Sse.Prefetch0(row + j);
            }

            Sse.Prefetch0(row + cols - 1);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
