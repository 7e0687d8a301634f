using System;
using System.Collections.Generic;

namespace AttentionGen.Tool.Data;

/// <summary>
/// A text file as byte tokens for the character GPT: the vocabulary is the 256 byte values, so nothing is built or
/// stored and every file encodes (ASCII is one token per character, other UTF-8 characters two to four).
/// </summary>
internal static class ByteText
{
    /// <summary>The file's bytes as token ids, refusing files that are not text (a NUL byte names its line).</summary>
    public static int[] Read(string path, int minimumLength)
    {
        byte[] bytes = InputFile.ReadBytes(path, "text file");
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            throw new UserError($"{path}:{LineOf(bytes, nul)}: contains a NUL byte; the text task reads a plain text file");
        }

        if (bytes.Length < minimumLength)
        {
            throw new UserError($"{path} has {bytes.Length} bytes; training needs at least {minimumLength} (two windows of the model's context)");
        }

        var tokens = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) tokens[i] = bytes[i];
        return tokens;
    }

    /// <summary>Non-overlapping windows of <paramref name="context"/> + 1 tokens: the model reads the first context and predicts the next of each.</summary>
    public static List<int[]> Windows(ReadOnlySpan<int> tokens, int context)
    {
        var windows = new List<int[]>();
        for (int start = 0; start + context + 1 <= tokens.Length; start += context)
        {
            windows.Add(tokens.Slice(start, context + 1).ToArray());
        }

        return windows;
    }

    public static byte[] Encode(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static int LineOf(byte[] bytes, int index)
    {
        int line = 1;
        for (int i = 0; i < index; i++)
        {
            if (bytes[i] == (byte)'\n') line++;
        }

        return line;
    }
}
