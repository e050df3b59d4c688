using System.IO;
using System.Linq;
using Folint.CSource.Index;

namespace Folint.Analyzer.Tests.Rules.Batch;

/// <summary>
/// FOL004's prefilter fact (<see cref="FileFacts.TestedDecrement"/>) is recorded for every FOL004 fixture that must
/// carry a finding: a file without it is never parsed in a tree, so the rule would miss the loop there.
/// </summary>
public sealed class CountDownTriggerTests
{
    public static TheoryData<string> PositiveFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "FOL004"), "*.c").Order())
        {
            if (File.ReadAllText(path).Contains("expect: FOL004"))
                data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PositiveFixtures))]
    public void EveryFixtureWithAFinding_ShowsTheFact(string fixture)
    {
        var text = File.ReadAllBytes(Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "FOL004", fixture));
        var keys = new KeySet();

        FileFacts.Scan(text, ScanVocabulary.None, keys);

        Assert.True(keys.Contains(FileFacts.TestedDecrement), $"{fixture}: no name decremented and tested in one loop");
    }
}
