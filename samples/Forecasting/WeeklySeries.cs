using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Forecasting;

/// <summary>
/// A series with one value per week: the first week's date and the values in order, a missing week as null (never
/// NaN, so a gap cannot slip into arithmetic unnoticed).
/// </summary>
public sealed class WeeklySeries
{
    public WeeklySeries(DateOnly start, IReadOnlyList<double?> values)
    {
        Start = start;
        Values = values;
    }

    public DateOnly Start { get; }

    public IReadOnlyList<double?> Values { get; }

    public int Count => Values.Count;

    public DateOnly DateOf(int week) => Start.AddDays(7 * week);

    /// <summary>The index of the first week on or after <paramref name="date"/>.</summary>
    public int IndexOnOrAfter(DateOnly date) => Math.Max(0, (date.DayNumber - Start.DayNumber + 6) / 7);

    /// <summary>
    /// Reads a two-column CSV (<c>date,value</c>, a header line, dates as <c>yyyyMMdd</c>, an empty value for a missing
    /// week) whose dates are exactly one week apart. A malformed line throws <see cref="InvalidDataException"/> naming
    /// the file, the line number and the offending text.
    /// </summary>
    public static WeeklySeries ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The weekly series file '{path}' is missing.", path);
        using var reader = new StreamReader(path);
        return ReadCsv(reader, path);
    }

    /// <summary>As <see cref="ReadCsv(string)"/>, from text; <paramref name="name"/> is used in error messages.</summary>
    public static WeeklySeries ReadCsv(TextReader reader, string name)
    {
        string? header = reader.ReadLine();
        if (header is null) throw Bad(name, 1, "the file is empty; expected a header line 'date,<value name>'");
        if (Split(header) is not [var dateHeader, _] || dateHeader.Trim() != "date")
            throw Bad(name, 1, $"the header is '{header}'; expected two columns, the first named 'date'");

        var values = new List<double?>();
        DateOnly start = default, previous = default;
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0 && reader.Peek() < 0) break; // a blank last line is only the file's final newline
            if (Split(line) is not [var dateText, var valueText])
                throw Bad(name, lineNumber, $"'{line}' does not have two comma-separated columns (date,value)");

            if (!DateOnly.TryParseExact(dateText.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw Bad(name, lineNumber, $"the date '{dateText}' is not a date written yyyyMMdd");
            if (values.Count == 0) start = date;
            else if (date.DayNumber - previous.DayNumber != 7)
                throw Bad(name, lineNumber, $"the date {date:yyyy-MM-dd} follows {previous:yyyy-MM-dd}; weeks must be exactly 7 days apart (write a missing week as an empty value)");
            previous = date;

            valueText = valueText.Trim();
            if (valueText.Length == 0)
            {
                values.Add(null);
                continue;
            }

            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw Bad(name, lineNumber, $"the value '{valueText}' is not a finite number (leave it empty for a missing week)");
            values.Add(value);
        }

        if (values.Count == 0) throw Bad(name, lineNumber, "the file has a header but no weeks");
        return new WeeklySeries(start, values);
    }

    private static string[] Split(string line) => line.Split(',');

    private static InvalidDataException Bad(string name, int line, string problem) => new($"{name}, line {line}: {problem}.");
}
