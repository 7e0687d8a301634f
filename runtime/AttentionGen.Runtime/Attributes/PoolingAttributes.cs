using System;

namespace AttentionGen;

/// <summary>Averages <c>(batch, seq, width)</c> over each sequence's valid positions, giving <c>(batch, width)</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MeanPoolAttribute : Attribute { }

/// <summary>Keeps each sequence's first position (a [CLS]-style summary), giving <c>(batch, width)</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FirstTokenPoolAttribute : Attribute { }

/// <summary>Keeps each sequence's last valid position (length − 1), giving <c>(batch, width)</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LastTokenPoolAttribute : Attribute { }
