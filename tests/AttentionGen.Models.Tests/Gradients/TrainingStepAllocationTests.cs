using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// After warm-up, a whole training step (ZeroGradients, a training Forward, Backward) allocates nothing: gradients,
/// activation gradients and the attention's log-sum-exp all live in arrays the constructor allocated, and dropout masks are
/// regenerated from a seed rather than stored. Linear's products run on a persistent worker pool from
/// <c>GemmOptions.DefaultParallelThreshold</c> multiply-adds on, and attention from batch × heads × queries × keys ×
/// headDim ≥ 2^18 (<c>Attention.ParallelThreshold</c>), with per-thread tiles allocated once; neither allocates per
/// call, so some steps here are sized above both thresholds.
/// </summary>
public class TrainingStepAllocationTests
{
    [Fact]
    public void ProbeClassifierTrainingStepAllocatesNothing()
    {
        // Largest product: in_proj, 2 × 16 rows × 64 × 192 = 393,216 < 2^20; attention 2 × 8 × 16 × 16 × 8 = 32,768 < 2^18.
        var model = new ProbeClassifier(seed: 1, maxBatch: 4);
        int[] tokens = TestData.Tokens(new Random(1), 2 * 16, ProbeClassifier.Vocab);
        int[] lengths = { 16, 9 };
        float[] r = FiniteDifferences.Cotangent(2 * ProbeClassifier.Outputs, seed: 1);
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() =>
        {
            model.ZeroGradients();
            model.Forward(tokens, 2, 16, lengths, training: true);
            model.Backward(r);
        }));
    }

    [Fact]
    public void ProbeClassifierTrainingStepWithThreadedProductsAllocatesNothing()
    {
        // in_proj forward and both of its backward products: 15 × 16 rows × 64 × 192 = 2,949,120 multiply-adds, above the
        // GEMM's threading threshold; attention 15 × 8 × 16 × 16 × 8 = 245,760 < 2^18 stays on this thread.
        const int batch = 15, seq = 16;
        Assert.True((long)batch * seq * 64 * 192 >= AttentionGen.Runtime.GemmOptions.DefaultParallelThreshold, "the step must reach the threaded GEMM");
        var model = new ProbeClassifier(seed: 1, maxBatch: batch);
        var rng = new Random(4);
        int[] tokens = TestData.Tokens(rng, batch * seq, ProbeClassifier.Vocab);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = 1 + rng.Next(seq);
        }

        float[] r = FiniteDifferences.Cotangent(batch * ProbeClassifier.Outputs, seed: 4);
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() =>
        {
            model.ZeroGradients();
            model.Forward(tokens, batch, seq, lengths, training: true);
            model.Backward(r);
        }));
    }

    [Fact]
    public void ProbeClassifierTrainingStepWithThreadedAttentionAllocatesNothing()
    {
        // Attention 32 × 8 heads × 32 × 32 × 8 = 2,097,152 multiply-adds, 8 × the attention's threading threshold (the
        // old kernels' Parallel.For allocated here); in_proj 32 × 32 rows × 64 × 192 is above the GEMM's too.
        const int batch = 32, seq = 32;
        Assert.True((long)batch * 8 * seq * seq * 8 >= 4 * AttentionGen.Runtime.Attention.ParallelThreshold, "the step must reach the threaded attention");
        var model = new ProbeClassifier(seed: 1, maxBatch: batch);
        var rng = new Random(5);
        int[] tokens = TestData.Tokens(rng, batch * seq, ProbeClassifier.Vocab);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = 1 + rng.Next(seq);
        }

        float[] r = FiniteDifferences.Cotangent(batch * ProbeClassifier.Outputs, seed: 5);
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() =>
        {
            model.ZeroGradients();
            model.Forward(tokens, batch, seq, lengths, training: true);
            model.Backward(r);
        }));
    }

    [Fact]
    public void TinyGptTrainingStepAllocatesNothing()
    {
        // Largest product: linear1 and the tied head's backward, 2 × 16 rows × 32 × 128 = 131,072 < 2^20;
        // attention 2 × 4 × 16 × 16 × 8 = 16,384 < 2^18.
        var model = new TinyGpt(seed: 1, maxBatch: 4);
        int[] tokens = TestData.Tokens(new Random(2), 2 * 16, TinyGpt.Vocab);
        int[] lengths = { 16, 5 };
        float[] r = FiniteDifferences.Cotangent(2 * 16 * TinyGpt.Vocab, seed: 2);
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() =>
        {
            model.ZeroGradients();
            model.Forward(tokens, 2, 16, lengths, training: true);
            model.Backward(r);
        }));
    }

    [Fact]
    public void TranslatorTrainingStepAllocatesNothing()
    {
        // Dropout 0.1 everywhere, so the step regenerates masks in Backward. Largest product: lm_head, 2 × 10 rows × 32 × 180
        // = 115,200 < 2^20; attention at most 2 × 4 × 12 × 12 × 8 = 9,216 < 2^18.
        var model = new Translator(seed: 1, maxBatch: 4);
        var rng = new Random(3);
        int[] source = TestData.Tokens(rng, 2 * 12, Translator.Vocab);
        int[] target = TestData.Tokens(rng, 2 * 10, Translator.TargetVocab);
        int[] sourceLengths = { 12, 7 };
        int[] targetLengths = { 4, 10 };
        float[] r = FiniteDifferences.Cotangent(2 * 10 * Translator.TargetVocab, seed: 3);
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() =>
        {
            model.ZeroGradients();
            model.Forward(source, target, 2, 12, 10, sourceLengths, targetLengths, training: true);
            model.Backward(r);
        }));
    }
}
