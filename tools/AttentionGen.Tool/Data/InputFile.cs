using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AttentionGen.Tool.Data;

/// <summary>Opening the user's files, with one clear line when that fails.</summary>
internal static class InputFile
{
    /// <summary>Throws a <see cref="UserError"/> naming the file when it does not exist or is a directory.</summary>
    public static string Require(string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UserError($"no {what} given", ExitCodes.Usage);
        if (Directory.Exists(path)) throw new UserError($"{what} '{path}' is a directory; give a file");
        if (!File.Exists(path)) throw new UserError($"{what} '{path}' not found");
        return path;
    }

    public static byte[] ReadBytes(string path, string what)
    {
        Require(path, what);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot read {what} '{path}': {e.Message}");
        }
    }

    /// <summary>The file's lines (UTF-8), numbered from 1.</summary>
    public static IReadOnlyList<string> ReadLines(string path, string what)
    {
        Require(path, what);
        try
        {
            var lines = new List<string>();
            using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            while (reader.ReadLine() is { } line) lines.Add(line);
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot read {what} '{path}': {e.Message}");
        }
    }

    /// <summary>A short, printable excerpt of a line for an error message.</summary>
    public static string Excerpt(string line)
    {
        var text = new StringBuilder();
        foreach (char c in line.Length > 40 ? line[..40] : line)
        {
            text.Append(c == '\t' ? "\\t" : char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return "\"" + text + (line.Length > 40 ? "…" : "") + "\"";
    }
}
