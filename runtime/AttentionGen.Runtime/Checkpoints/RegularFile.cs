using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Refuses paths that are not regular files before they are opened. Opening a FIFO for reading waits until a
/// writer opens it, which may be never, and a device such as <c>/dev/zero</c> has no end; neither is a checkpoint.
/// .NET has no public way to ask a file's type, so on Linux the check asks the kernel with <c>statx</c> (a stable
/// system call that needs no layout of <c>struct stat</c>, which differs between architectures). Elsewhere, or
/// where <c>statx</c> is missing, the handle is checked after opening: a pipe or device cannot be read at an
/// offset, and is refused then.
/// </summary>
internal static unsafe partial class RegularFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int Directory = 0x4000;

    /// <summary>Throws when <paramref name="fullPath"/> exists and is neither a regular file nor a directory (a directory fails when opened, as always).</summary>
    public static void CheckBeforeOpening(string fullPath)
    {
        if (TypeOf(AtFdCwd, fullPath, 0) is int type) ThrowIfSpecial(type, fullPath);
    }

    /// <summary>Throws unless the opened handle is a regular file: the path may have been replaced after the first check.</summary>
    public static void CheckOpened(SafeFileHandle handle, string fullPath)
    {
        int? type = null;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            type = TypeOf((int)handle.DangerousGetHandle(), "", AtEmptyPath);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }

        if (type is int known)
        {
            ThrowIfSpecial(known, fullPath);
        }
        else if (!CanReadAtOffsets(handle))
        {
            throw new InvalidDataException($"Cannot read '{fullPath}': it is not a regular file (it cannot be read at an offset, as a pipe or a device); checkpoints are read from regular files.");
        }
    }

    private static bool CanReadAtOffsets(SafeFileHandle handle)
    {
        try
        {
            RandomAccess.GetLength(handle);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static void ThrowIfSpecial(int type, string fullPath)
    {
        if (type is Regular or Directory) return;
        string kind = type switch
        {
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => $"a special file (type 0x{type:X4})",
        };
        throw new InvalidDataException(
            $"Cannot read '{fullPath}': it is {kind}, not a regular file; checkpoints are read from regular files (reading {kind} could wait for a writer forever or never end).");
    }

    /// <summary>The S_IFMT bits of the file, or null when the kernel cannot say (not Linux, no statx, or an error the open will report).</summary>
    private static int? TypeOf(int directory, string path, int flags)
    {
        if (!OperatingSystem.IsLinux()) return null;
        byte* buffer = stackalloc byte[StatxSize];
        try
        {
            if (Statx(directory, path, flags, StatxType, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }

        return *(ushort*)(buffer + ModeOffset) & TypeMask;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
