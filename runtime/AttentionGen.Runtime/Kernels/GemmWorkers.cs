using System;
using System.Diagnostics;
using System.Threading;

namespace AttentionGen.Runtime;

/// <summary>Work the pool runs: items claimed in order, each possibly waiting for the items of an earlier phase.</summary>
internal interface IWorkPlan
{
    /// <summary>Number of items.</summary>
    int Items { get; }

    /// <summary>Items that must be finished before <paramref name="item"/> starts (all earlier ones, at phase boundaries).</summary>
    int Prerequisites(int item);

    /// <summary>Runs one item on the calling thread, with that thread's buffers.</summary>
    void Run(int item, GemmScratch scratch);
}

/// <summary>
/// The persistent threads that share large <see cref="Gemm"/> products (and attention, <see cref="Attention"/>) with
/// the calling thread: one per extra core, started on first use. A product is published as a plan (a struct
/// implementing <see cref="IWorkPlan"/>, such as <see cref="GemmPlan"/>) whose items every participant
/// claims in order from one counter, so nothing is allocated per call (no delegate, closure or task), a worker
/// that wakes late or is preempted by another process simply claims fewer items, and the caller never waits for a
/// worker that has not started: only for items already claimed. One product runs on the pool at a time; a second
/// thread calling meanwhile computes its own product alone.
/// </summary>
internal static unsafe class GemmWorkers
{
    /// <summary>Threads beyond the caller's; more would only matter on machines with many cores and large products.</summary>
    private const int MaxWorkers = 15;

    /// <summary>
    /// How long a worker keeps polling for the next product before parking: the products of a layer come back to
    /// back with element-wise work between them lasting tens of microseconds, and waking a parked thread costs about
    /// as much. Polling yields the core (SpinWait) so it does not starve other threads of the process.
    /// </summary>
    private static readonly long PollTicks = Stopwatch.Frequency / 20_000;

    private static readonly object Gate = new();

    // The published plan, reached through function pointers into PlanSlot<TPlan>, so any plan type runs without
    // boxing, delegates or virtual calls.
    private static delegate*<int, GemmScratch, void> s_run;
    private static delegate*<int, int> s_prerequisites;
    private static int s_owned;
    private static int s_started;
    private static int s_generation;
    private static int s_open;
    private static int s_active;
    private static int s_sleepers;
    private static int s_next;
    private static int s_done;
    private static int s_items;

    private static long s_workerItems;

    /// <summary>Items the worker threads (not the callers) have run since the process started: lets tests see the pool share work.</summary>
    public static long WorkerItems => Interlocked.Read(ref s_workerItems);

    /// <summary>Worker threads available (processors − 1, at most <see cref="MaxWorkers"/>).</summary>
    public static int Count { get; } = Math.Clamp(Environment.ProcessorCount - 1, 0, MaxWorkers);

    /// <summary>
    /// Runs every item of <paramref name="plan"/> on the pool and the calling thread; false (having done nothing)
    /// when another thread's product holds the pool.
    /// </summary>
    public static bool TryRun<TPlan>(in TPlan plan)
        where TPlan : struct, IWorkPlan
    {
        if (Interlocked.CompareExchange(ref s_owned, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            EnsureStarted();
            PlanSlot<TPlan>.Plan = plan;
            s_run = &PlanSlot<TPlan>.Run;
            s_prerequisites = &PlanSlot<TPlan>.Prerequisites;
            s_next = 0;
            s_done = 0;
            s_items = plan.Items;
            Volatile.Write(ref s_open, 1);
            Interlocked.Increment(ref s_generation);
            if (Volatile.Read(ref s_sleepers) > 0)
            {
                lock (Gate)
                {
                    Monitor.PulseAll(Gate);
                }
            }

            Participate(GemmScratch.Current, worker: false);
            var spin = default(SpinWait);
            while (Volatile.Read(ref s_done) < s_items)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            // No worker may still be reading this product's pointers when the caller unpins them: close the product,
            // then wait for every worker that entered it (before it closed) to leave.
            Interlocked.Exchange(ref s_open, 0);
            spin = default;
            while (Volatile.Read(ref s_active) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
        finally
        {
            Volatile.Write(ref s_owned, 0);
        }

        return true;
    }

    /// <summary>Claims and runs items until none are left, waiting at a phase boundary for the items it depends on.</summary>
    private static void Participate(GemmScratch scratch, bool worker)
    {
        while (true)
        {
            int item = Interlocked.Increment(ref s_next) - 1;
            if (item >= s_items)
            {
                return;
            }

            // Items are claimed in order and each waits for all items before its phase, so when `needed` items are
            // done they are exactly the first `needed`.
            int needed = s_prerequisites(item);
            if (Volatile.Read(ref s_done) < needed)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref s_done) < needed)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }

            s_run(item, scratch);
            if (worker)
            {
                Interlocked.Increment(ref s_workerItems);
            }

            Interlocked.Increment(ref s_done);
        }
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref s_started) != 0)
        {
            return;
        }

        for (int i = 0; i < Count; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = "AttentionGen GEMM worker " + i };
            thread.Start();
        }

        Volatile.Write(ref s_started, 1);
    }

    private static void Work()
    {
        GemmScratch scratch = GemmScratch.Current;
        int seen = 0;
        while (true)
        {
            seen = NextGeneration(seen);
            Interlocked.Increment(ref s_active);
            // Entered before the owner closed the product (it then waits for us), or we see it closed and leave.
            if (Volatile.Read(ref s_open) != 0)
            {
                Participate(scratch, worker: true);
            }

            Interlocked.Decrement(ref s_active);
        }
    }

    /// <summary>Waits for a product newer than <paramref name="seen"/>: polls briefly, then parks until pulsed.</summary>
    private static int NextGeneration(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + PollTicks;
        var spin = default(SpinWait);
        int generation;
        while ((generation = Volatile.Read(ref s_generation)) == seen)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (Gate)
                {
                    // Counted before re-checking, and the owner bumps the generation before reading the count: either
                    // we see the new product here or the owner sees us and pulses.
                    Interlocked.Increment(ref s_sleepers);
                    while ((generation = Volatile.Read(ref s_generation)) == seen)
                    {
                        Monitor.Wait(Gate);
                    }

                    Interlocked.Decrement(ref s_sleepers);
                }

                return generation;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return generation;
    }

    /// <summary>Where a plan of type <typeparamref name="TPlan"/> is published while it runs.</summary>
    private static class PlanSlot<TPlan>
        where TPlan : struct, IWorkPlan
    {
        public static TPlan Plan;

        public static void Run(int item, GemmScratch scratch) => Plan.Run(item, scratch);

        public static int Prerequisites(int item) => Plan.Prerequisites(item);
    }
}
