using System;
using System.Threading;

namespace AttentionGen.Generator;

/// <summary>
/// One model between two pipeline steps: what the last step made of it (null when there is nothing to generate), or
/// why a step failed. A failure is carried to the end, where it becomes the model's AG0999; the steps in between
/// skip it. Plain values, compared by value, so the pipeline caches them.
/// </summary>
/// <param name="MetadataName">The class's metadata name, by which the failure's diagnostic finds it again.</param>
internal sealed record ModelStep<T>(string MetadataName, T? Value, string? Failure)
    where T : class
{
    /// <summary>The next step for this model: runs <paramref name="step"/> on the value, catching what it throws.</summary>
    public ModelStep<TNext> Then<TNext>(Func<T, TNext?> step, CancellationToken cancellationToken)
        where TNext : class
    {
        if (Failure is not null || Value is null) return new ModelStep<TNext>(MetadataName, null, Failure);
        try
        {
            return new ModelStep<TNext>(MetadataName, step(Value), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ModelStep<TNext>(MetadataName, null, ModelStep.Describe(exception));
        }
    }
}

/// <summary>What the failure diagnostic says about an exception.</summary>
internal static class ModelStep
{
    /// <summary>"IndexOutOfRangeException in WriteForward: Index was outside the bounds of the array."</summary>
    public static string Describe(Exception exception) =>
        exception.GetType().Name + (exception.TargetSite is { } method ? " in " + method.Name : "") + ": " + exception.Message;
}
