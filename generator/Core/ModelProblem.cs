using Microsoft.CodeAnalysis;

namespace AttentionGen.Core;

/// <summary>
/// Where a problem belongs: an attribute of the class (by its index in the class's attribute list) and, when
/// known, the argument to underline (a constructor parameter name or a named property). Attribute
/// <see cref="ClassName"/> means the class name itself.
/// </summary>
internal readonly record struct ProblemTarget(int AttributeIndex, string? Argument)
{
    public const int ClassName = -1;

    public static ProblemTarget OnClass => new(ClassName, null);
}

/// <summary>
/// A problem with a declaration: a diagnostic ID, the message arguments, and where it belongs. Plain values:
/// analyzers turn it into a <c>Diagnostic</c> at a source location; the generator only asks whether any is an error.
/// </summary>
internal sealed record ModelProblem(string Id, ProblemTarget Target, EquatableArray<string> MessageArguments)
{
    /// <summary>
    /// A problem of a catalog descriptor: taking the descriptor, not its ID, makes a mistyped ID a compile error
    /// rather than a lookup that fails inside the user's compiler. Only the ID is kept, so the value stays plain.
    /// </summary>
    public static ModelProblem Create(DiagnosticDescriptor descriptor, ProblemTarget target, params object[] arguments)
    {
        var text = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) text[i] = Format.Value(arguments[i]);
        return new ModelProblem(descriptor.Id, target, new EquatableArray<string>(text));
    }
}
