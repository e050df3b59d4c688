using System;
using System.IO;
using System.Linq;
using Folint.Fuzz;

namespace Folint.CSource.Tests.FuzzRegressions;

/// <summary>
/// Every input a fuzzer once crashed a target with (fuzz/README.md), kept under FuzzRegressions/TARGET/, runs through
/// the same target here: it must now pass, that is end with no exception but the typed errors the target allows.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "FuzzRegressions");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
        {
            var directory = Path.Combine(Folder, target);
            if (!Directory.Exists(directory))
                continue;
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
                data.Add(target, Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void KeptCrasher_NowPasses(string target, string input)
    {
        FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Folder, target, input)));
    }

    [Fact]
    public void EveryRegressionFolder_NamesAFuzzTarget()
    {
        var folders = Directory.GetDirectories(Folder).Select(Path.GetFileName);

        Assert.All(folders, folder => Assert.Contains(folder, FuzzTargets.Names));
        Assert.NotEmpty(Inputs());
    }
}
