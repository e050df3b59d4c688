using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Folint.Tests.Doubles;

/// <summary>A scratch directory for one test, removed afterwards; optionally shaped as a kernel tree.</summary>
public sealed class TempTree : IDisposable
{
    public const string Marker = "include/linux/page-flags.h";

    public TempTree(bool kernelTree = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "folint-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (kernelTree)
            Write(Marker, "static inline void folio_set_private(struct folio *folio)\n{\n\tset_bit(PG_private, folio_flags(folio, 0));\n}\n");
    }

    public string Root { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] content)
    {
        var path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Link(string relative, string target)
    {
        var path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Makes a FIFO; a reader the code under test leaves blocked on it is let go when the tree is disposed.</summary>
    public string Fifo(string relative)
    {
        var path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Run("mkfifo", path);
        _fifos.Add(path);
        return path;
    }

    /// <summary>
    /// Lets go whatever is blocked on a FIFO: opening it for reading and writing never blocks, and counts as the writer
    /// (and reader) that a blocked open waits for; closing it then ends a blocked read.
    /// </summary>
    public static void Unblock(string fifo) => Run("bash", "-c", "[ -p \"$1\" ] || exit 0; exec 3<>\"$1\"; exec 3>&-", "bash", fifo);

    private readonly System.Collections.Generic.List<string> _fifos = new();

    /// <summary>Runs a system tool (mkfifo, chmod) that .NET has no API for.</summary>
    public static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed: {error}");
    }

    public void Dispose()
    {
        try
        {
            foreach (var fifo in _fifos)
                Unblock(fifo);
            Run("chmod", "-R", "u+rwX", Root);
            // rm, not Directory.Delete: .NET cannot name (so cannot delete) entries whose names are not UTF-8.
            Run("rm", "-rf", Root);
        }
        catch (Exception)
        {
            // a leftover scratch directory is not a test failure
        }
    }
}
