using System.Collections.Generic;
using System.Linq;
using System.Text;
using Folint.CSource.Index;

namespace Folint.CSource.Tests.Index;

public sealed class IdentifierIndexTests
{
    private static KeyValuePair<string, byte[]> File(string path, string text) => new(path, Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Identifiers_InCodeAreFound_InCommentsAndLiteralsAreNot()
    {
        var index = IdentifierIndex.FromContents(new[]
        {
            File("mm/a.c", "void f(void) { folio_put(x); } /* memory_failure */ // deferred\nchar *s = \"kfree\";"),
            File("fs/b.c", "int memory_failure(int);"),
        });

        Assert.Equal(new[] { "mm/a.c" }, index.FilesWith("folio_put"));
        Assert.Equal(new[] { "fs/b.c" }, index.FilesWith("memory_failure"));
        Assert.Empty(index.FilesWith("kfree"));
        Assert.Empty(index.FilesWith("deferred"));
    }

    [Fact]
    public void PostingLists_AreAscendingFileIds_ForAnIdentifierInManyFiles()
    {
        var files = Enumerable.Range(0, 300).Select(i => File($"d/f{i:D3}.c", "common(); unique" + i + "();")).ToList();
        var index = IdentifierIndex.FromContents(files);

        Assert.Equal(files.Select(f => f.Key), index.FilesWith("common"));
        Assert.Equal(new[] { "d/f123.c" }, index.FilesWith("unique123"));
    }

    [Fact]
    public void IndirectUses_AreValuesAndMacroBodies_NotCallsPrototypesOrExports()
    {
        var text = Encoding.ASCII.GetBytes(
            "static void drop(struct page *p);\nstatic void drop(struct page *p) { }\nvoid g(void) { drop(p); }\n" +
            "EXPORT_SYMBOL(drop);\nstatic const struct ops o = { .drop = drop, };\n#define DROP(p) \\\n\tdrop(p)\n");

        var uses = NameUses.Indirect(text, "drop").Select(s => Encoding.ASCII.GetString(text, 0, s.Start).Count(c => c == '\n') + 1).ToList();

        Assert.Equal(new[] { 5, 7 }, uses);
    }
}
