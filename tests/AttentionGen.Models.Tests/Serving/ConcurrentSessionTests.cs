using System.Linq;
using System.Threading;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>
/// Many threads serving one model, each through its own inference session: every output, on every thread, is bit for
/// bit the output of the model's own single-threaded Forward on the same request. The threads start together and each
/// walks the requests in its own order, so different shapes and paddings overlap in time; run against one shared model
/// instead of per-thread sessions, the same check fails (the threads overwrite each other's activations).
/// </summary>
public class ConcurrentSessionTests
{
    private const int Threads = 4;
    private const int Requests = 24;
    private const int Rounds = 3;
    private const int SessionMaxBatch = 5;

    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void Sessions_on_many_threads_match_single_threaded_forward_bit_for_bit(string name)
    {
        var serving = ServingCase.Named(name);
        var model = serving.Create(seed: 11, maxBatch: SessionMaxBatch);
        var rng = new Random(name.Length * 7919 + 1);
        var requests = Enumerable.Range(0, Requests).Select(_ => serving.Draw(rng, SessionMaxBatch)).ToArray();
        var expected = requests.Select(r => ServingCase.Run(model, r).ToArray()).ToArray();

        var failures = new string?[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                using var session = ServingCase.CreateSession(model, SessionMaxBatch);
                var order = new Random(1000 + t);
                start.SignalAndWait();
                for (int i = 0; i < Rounds * Requests && failures[t] is null; i++)
                {
                    int k = order.Next(Requests);
                    var output = ServingCase.Run(session, requests[k]);
                    int at = Bits.FirstDifference(expected[k], output);
                    if (at >= 0)
                    {
                        failures[t] = $"thread {t}, call {i}, request {k} ({requests[k]}): "
                            + (at < output.Length && at < expected[k].Length ? $"value {at} is {output[at]:R}, not {expected[k][at]:R}" : $"{output.Length} values, not {expected[k].Length}");
                    }
                }
            }
            catch (Exception e)
            {
                failures[t] = $"thread {t}: {e}";
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();

        var failed = failures.Where(f => f is not null).ToArray();
        Assert.True(failed.Length == 0, $"{name}: {failed.Length} of {Threads} threads saw a wrong output:\n" + string.Join("\n", failed));
    }

    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void A_session_gives_the_models_output_for_every_request_in_any_order(string name)
    {
        // The sequential baseline for the test above: a session's buffers keep nothing from one call to the next.
        var serving = ServingCase.Named(name);
        var model = serving.Create(seed: 12, maxBatch: SessionMaxBatch);
        var rng = new Random(name.Length * 31 + 5);
        var requests = Enumerable.Range(0, 12).Select(_ => serving.Draw(rng, SessionMaxBatch)).ToArray();
        var expected = requests.Select(r => ServingCase.Run(model, r).ToArray()).ToArray();

        using var session = ServingCase.CreateSession(model, SessionMaxBatch);
        for (int k = requests.Length - 1; k >= 0; k--)
            Bits.AssertIdentical(expected[k], ServingCase.Run(session, requests[k]), $"{name}, request {k} ({requests[k]})");
    }

    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void A_session_serves_batches_larger_than_the_models_own(string name)
    {
        // A session sizes its buffers itself: a model built for batches of 2 serves batches of 7. The reference is a
        // model with the same seed (the same weights) and room for the batch.
        var serving = ServingCase.Named(name);
        var small = serving.Create(seed: 13, maxBatch: 2);
        var reference = serving.Create(seed: 13, maxBatch: 7);
        var request = serving.Draw(new Random(3), maxBatch: 7, minBatch: 7);

        using var session = ServingCase.CreateSession(small, maxBatch: 7);
        Assert.Equal(7, session.MaxBatch);
        Bits.AssertIdentical(ServingCase.Run(reference, request), ServingCase.Run(session, request), name);
    }
}
