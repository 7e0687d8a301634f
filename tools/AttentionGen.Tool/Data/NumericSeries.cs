using System;
using System.Collections.Generic;
using System.Globalization;

namespace AttentionGen.Tool.Data;

/// <summary>
/// One numeric series from a CSV file: one row per step, the value in the last column (so both <c>value</c> and
/// <c>date,value</c> files work), an optional header line. Missing values (an empty cell, NA, N/A, NaN, null, ?) are
/// handled explicitly: leading and trailing ones are dropped, gaps inside are filled by linear interpolation and
/// marked, and a filled step is never a training or scoring target. Anything else that is not a finite number is an
/// error naming the line.
/// </summary>
internal sealed class NumericSeries
{
    private NumericSeries(float[] values, bool[] filled, int firstLine)
    {
        Values = values;
        Filled = filled;
        FirstLine = firstLine;
    }

    /// <summary>The values, gaps filled.</summary>
    public float[] Values { get; }

    /// <summary>True where the value was missing and is interpolated.</summary>
    public bool[] Filled { get; }

    /// <summary>The file line of the first value kept.</summary>
    public int FirstLine { get; }

    public int Length => Values.Length;

    public int FilledCount
    {
        get
        {
            int count = 0;
            foreach (bool f in Filled) if (f) count++;
            return count;
        }
    }

    public static NumericSeries Read(string path)
    {
        var lines = InputFile.ReadLines(path, "series file");
        var values = new List<float?>();
        var lineNumbers = new List<int>();
        bool first = true;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) continue;
            string cell = LastCell(line);
            if (IsMissing(cell))
            {
                values.Add(null);
            }
            else if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
            {
                values.Add(value);
            }
            else if (first)
            {
                // A header line: its last cell names the column.
                first = false;
                continue;
            }
            else
            {
                throw new UserError($"{path}:{i + 1}: the last column is {InputFile.Excerpt(cell)}, not a number (missing values are written as an empty cell, NA or NaN)");
            }

            first = false;
            lineNumbers.Add(i + 1);
        }

        int start = values.FindIndex(v => v is not null);
        int end = values.FindLastIndex(v => v is not null);
        if (start < 0) throw new UserError($"{path} has no numeric values in its last column");
        int count = end - start + 1;
        var filled = new bool[count];
        var series = new float[count];
        int missing = 0;
        for (int i = 0; i < count; i++)
        {
            if (values[start + i] is float v)
            {
                series[i] = v;
                continue;
            }

            // Linear interpolation between the nearest observed neighbours (both exist: the ends are observed).
            int before = i - 1, after = i + 1;
            while (values[start + after] is null) after++;
            float a = series[before], b = values[start + after]!.Value;
            series[i] = a + (b - a) / (after - before);
            filled[i] = true;
            missing++;
        }

        if (missing * 2 > count)
        {
            throw new UserError($"{path}: {missing} of its {count} values are missing; too few to learn from");
        }

        return new NumericSeries(series, filled, lineNumbers[start]);
    }

    /// <summary>A series given in memory (tests, and predict on values from the command line).</summary>
    public static NumericSeries FromValues(float[] values) => new(values, new bool[values.Length], 1);

    private static string LastCell(string line)
    {
        int cut = Math.Max(line.LastIndexOf(','), Math.Max(line.LastIndexOf('\t'), line.LastIndexOf(';')));
        return line[(cut + 1)..].Trim().Trim('"');
    }

    private static bool IsMissing(string cell) =>
        cell.Length == 0
        || cell.Equals("NA", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("N/A", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("NaN", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("null", StringComparison.OrdinalIgnoreCase)
        || cell == "?";
}
