using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CsCheck;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

/// <summary>
/// What every caller relies on: same length, every newline where it was, changes only inside the recorded spans,
/// and no input makes the normalizer throw.
/// </summary>
public sealed class NormalizerInvariantTests
{
    // Pieces of kernel C, chosen to reach every rewrite: hinted names, brackets, directives, literals, comments.
    private static readonly string[] Pieces =
    {
        "list_for_each_entry", "for_each_online_cpu", "xas_for_each", "scoped_guard", "SYSCALL_DEFINE2", "SYSCALL_DEFINE0",
        "__init", "__must_hold", "__always_inline", "__user", "DEFINE_PER_CPU", "DECLARE_BITMAP", "FOLIO_FLAG",
        "struct_group", "container_of", "min_t", "struct", "unsigned", "long", "int", "void", "case", "if", "else",
        "static", "folio", "x", "1", "...", "(", ")", "{", "}", "[", "]", ";", ",", ":", "*", "->", ".", "=", "&&",
        " ", "\t", "\n", "\r\n", "\\\n", "#ifdef CONFIG_X\n", "#ifndef __ASSEMBLY__\n", "#if 0\n", "#else\n",
        "#elif defined(X)\n", "#endif\n", "#define M(a, args...) a /* c */ \\\n b\n", "/* comment */", "// line\n",
        "\"str(\"", "'('", "\"unterminated\n", "/* open comment", "\0", "\xff",
        "void f(void)\n{\n", "container_of(p, struct folio, lru)", "list_for_each_entry(pos, head, lru) {",
        "case 1 ... 3:", "FOLIO_FLAG(dirty, FOLIO_HEAD_PAGE)\n",
    };

    private static readonly Gen<byte[]> KernelishSource =
        Gen.OneOf(Pieces).Array[0, 120].Select(pieces => Encoding.Latin1.GetBytes(string.Concat(pieces)));

    [Fact]
    public void ArbitraryBytes_NeverThrow_AndKeepLengthNewlinesAndUnchangedBytes()
    {
        Gen.Byte.Array[0, 3000].Sample(source => CheckInvariants(source, Normalizer.Default.Normalize(source)), iter: 2000);
    }

    [Fact]
    public void KernelLikeTokenSoup_ChangesBytesOnlyInsideRecordedRewrites()
    {
        KernelishSource.Sample(source => CheckInvariants(source, Normalizer.Default.Normalize(source)), iter: 5000);
    }

    [Fact]
    public void KernelLikeTokenSoup_ReachesTheRewrites()
    {
        // Guards the generator above: a soup that never triggers a rewrite would make the invariant test vacuous.
        var kinds = new HashSet<RewriteKind>();
        KernelishSource.Sample(source =>
        {
            foreach (var rewrite in Normalizer.Default.Normalize(source).Rewrites)
            {
                lock (kinds)
                    kinds.Add(rewrite.Kind);
            }
        }, iter: 5000);
        Assert.Contains(RewriteKind.Blanked, kinds);
        Assert.Contains(RewriteKind.IteratorLoop, kinds);
        Assert.Contains(RewriteKind.ConditionalBranch, kinds);
        Assert.Contains(RewriteKind.TypeArgument, kinds);
    }

    [Fact]
    public void CrlfSource_KeepsEveryCarriageReturnAndNewline()
    {
        var source = Encoding.ASCII.GetBytes("static int __init f(void)\r\n{\r\n#ifdef X\r\n\tif (a) {\r\n#else\r\n\tif (b) {\r\n#endif\r\n\t}\r\n}\r\n");
        var result = Normalizer.Default.Normalize(source);
        CheckInvariants(source, result);
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == (byte)'\r')
                Assert.Equal((byte)'\r', result.Text[i]);
        }
        Assert.NotEmpty(result.Rewrites);
    }

    [Fact]
    public void ManyThreads_GetWhatOneThreadGets()
    {
        var sources = KernelishSource.Array[64].Single();
        var alone = sources.Select(s => Normalizer.Default.Normalize(s)).ToArray();
        var together = new NormalizedSource[sources.Length];
        Parallel.For(0, sources.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => together[i] = Normalizer.Default.Normalize(sources[i]));
        for (var i = 0; i < sources.Length; i++)
        {
            Assert.Equal(alone[i].Text, together[i].Text);
            Assert.Equal(alone[i].Rewrites.ToArray(), together[i].Rewrites.ToArray());
        }
    }

    private static void CheckInvariants(byte[] source, NormalizedSource result)
    {
        Assert.Equal(source.Length, result.Text.Length);
        var previousEnd = 0;
        foreach (var rewrite in result.Rewrites)
        {
            Assert.True(rewrite.Span.Start >= previousEnd, $"rewrite {rewrite} overlaps the one before it");
            Assert.True(rewrite.Span.Length > 0 && rewrite.Span.End <= source.Length, $"rewrite {rewrite} is empty or past the end");
            Assert.False(string.IsNullOrEmpty(rewrite.Macro));
            for (var i = previousEnd; i < rewrite.Span.Start; i++)
                Assert.True(source[i] == result.Text[i], $"byte {i} changed outside every rewrite");
            previousEnd = rewrite.Span.End;
        }
        for (var i = previousEnd; i < source.Length; i++)
            Assert.True(source[i] == result.Text[i], $"byte {i} changed outside every rewrite");
        for (var i = 0; i < source.Length; i++)
            Assert.True((source[i] == (byte)'\n') == (result.Text[i] == (byte)'\n'), $"newline moved at byte {i}");
    }
}
