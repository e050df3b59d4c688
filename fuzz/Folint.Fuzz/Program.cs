using System;
using System.IO;
using SharpFuzz;

namespace Folint.Fuzz;

/// <summary>
/// <c>Folint.Fuzz TARGET</c> under afl-fuzz (see fuzz/README.md): SharpFuzz's persistent loop feeds each input to
/// the target; an exception that escapes is a crash afl-fuzz keeps. <c>Folint.Fuzz TARGET FILE...</c> runs files
/// once, outside afl-fuzz, to reproduce a crash.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: Folint.Fuzz TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.Names)}");
            return 2;
        }
        var target = args[0];
        if (args.Length > 1)
        {
            foreach (var file in args[1..])
            {
                FuzzTargets.Run(target, File.ReadAllBytes(file));
                Console.WriteLine($"{file}: ok");
            }
            return 0;
        }
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTargets.Run(target, buffer.ToArray());
        });
        return 0;
    }
}
