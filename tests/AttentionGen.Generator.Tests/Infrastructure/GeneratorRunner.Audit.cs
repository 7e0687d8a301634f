using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Infrastructure;

/// <summary>
/// The pipeline audit: a value cached by the incremental pipeline must not hold anything from a compilation, or the
/// cache keeps whole compilations alive and compares by reference (so it never hits). The audit walks each tracked
/// step's output values through every field, recursively, and names the path to anything that does not belong.
/// </summary>
public static partial class GeneratorRunner
{
    private static readonly Type[] ForbiddenTypes =
    {
        typeof(ISymbol),
        typeof(SyntaxNode),
        typeof(SyntaxTree),
        typeof(Location),
        typeof(Compilation),
        typeof(SemanticModel),
        typeof(Diagnostic),
        typeof(AttributeData),
        typeof(SyntaxReference),
    };

    public static void AssertPipelineHoldsNoCompilationObjects(GeneratorRunResult result)
    {
        var findings = new List<string>();
        foreach (var name in TrackedStepNames)
        {
            foreach (var (value, _) in Outputs(result, name))
                findings.AddRange(FindCompilationObjects(value, name));
        }
        if (findings.Count > 0)
            throw new XunitException("Pipeline values hold compilation objects:\n  " + string.Join("\n  ", findings.Distinct()));
    }

    /// <summary>Paths (from <paramref name="root"/>) to every forbidden object or field reachable from <paramref name="value"/>.</summary>
    public static IReadOnlyList<string> FindCompilationObjects(object? value, string root = "value")
    {
        var findings = new List<string>();
        Visit(value, root, new HashSet<object>(ReferenceEqualityComparer.Instance), findings);
        return findings;
    }

    private static void Visit(object? value, string path, HashSet<object> visited, List<string> findings)
    {
        if (value is null) return;
        var type = value.GetType();
        if (IsForbidden(type))
        {
            findings.Add(path + " is a " + type.Name);
            return;
        }
        if (IsLeaf(type)) return;
        if (!type.IsValueType && !visited.Add(value)) return;

        if (value is Array array)
        {
            if (IsLeaf(type.GetElementType()!)) return;
            int i = 0;
            foreach (var item in array) Visit(item, path + "[" + i++ + "]", visited, findings);
            return;
        }

        for (var declaring = type; declaring is not null && declaring != typeof(object); declaring = declaring.BaseType)
        {
            foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                string fieldPath = path + "." + DisplayName(field);
                // A declared type is checked too: a null Location field is a Location waiting to be cached.
                if (IsForbidden(field.FieldType))
                {
                    findings.Add(fieldPath + " is declared as " + field.FieldType.Name);
                    continue;
                }
                Visit(field.GetValue(value), fieldPath, visited, findings);
            }
        }
    }

    private static bool IsForbidden(Type type) =>
        ForbiddenTypes.Any(forbidden => forbidden.IsAssignableFrom(type))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>));

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.IsPointer;

    /// <summary>"&lt;Spec&gt;k__BackingField" reads as "Spec".</summary>
    private static string DisplayName(FieldInfo field)
    {
        string name = field.Name;
        return name.StartsWith('<') && name.IndexOf('>') is > 1 and var end ? name.Substring(1, end - 1) : name;
    }
}
