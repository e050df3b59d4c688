using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Shapes;
using Folint.CSource;
using Folint.CSource.Engine;

namespace Folint.Analyzer.Tests.Model.Shapes;

/// <summary>The shapes on kernel-shaped C lowered by the real tree-sitter frontend, as the C rules will call them.</summary>
public sealed class ShapesOnCFrontendTests
{
    private static FunctionDef Lower(string code)
    {
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("mm/shape.c", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
        return Assert.Single(unit.Functions);
    }

    [Fact]
    public void SignClampOfRawMapcount_ZeroClampMatches()
    {
        var function = Lower(@"
static int sample_mapped_count(struct page *page, bool whole)
{
	int count = atomic_read(&page->_mapcount) + 1;

	if (count < 0)
		count = 0;
	if (whole)
		count += sample_entire(page);
	return count;
}
");
        var match = Assert.Single(ZeroClamp.Find(function.Body, M.IsRawMapcountRead));

        Assert.Equal(ZeroClampForm.IfNegativeAssignZero, match.Form);
        Assert.Equal("count", match.Variable);
    }

    [Fact]
    public void PageTypeTestInsteadOfClamp_ZeroClampDoesNotMatch()
    {
        var function = Lower(@"
static int sample_mapped_count(struct page *page, bool whole)
{
	int count = atomic_read(&page->_mapcount);

	count = page_type_has_type(count) ? 0 : count + 1;
	if (whole)
		count += sample_entire(page);
	return count;
}
");
        Assert.Empty(ZeroClamp.Find(function.Body, M.IsRawMapcountRead));
    }

    [Fact]
    public void DecrementThenBreakOverPageFlags_CountDownLoopMatches()
    {
        var function = Lower(@"
static void sample_unshare_pages(struct page *p, unsigned int count)
{
	for (;;) {
		ClearPageAnonExclusive(p);
		if (--count == 0)
			break;
		p++;
	}
}
");
        var match = Assert.Single(CountDownLoop.Find(function.Body, c => c.CalleeName == "ClearPageAnonExclusive"));

        Assert.Equal("count", match.Count);
    }

    [Fact]
    public void DoWhileAfterZeroCountReturn_CountDownLoopDoesNotMatch()
    {
        var function = Lower(@"
static void sample_unshare_pages(struct page *p, unsigned int count)
{
	if (WARN_ON_ONCE(!count))
		return;
	do {
		ClearPageAnonExclusive(p++);
	} while (--count);
}
");
        Assert.Empty(CountDownLoop.Find(function.Body, c => c.CalleeName == "ClearPageAnonExclusive"));
        Assert.Contains(ModelWalker.DescendantsAndSelf(function.Body), n => n is LoopStmt);
    }

    [Fact]
    public void DoWhileDecrementWithoutGuard_CountDownLoopMatches()
    {
        var function = Lower(@"
static void sample_unshare_pages(struct page *p, unsigned int count)
{
	do {
		ClearPageAnonExclusive(p++);
	} while (--count);
}
");
        Assert.Equal("count", Assert.Single(CountDownLoop.Find(function.Body, c => c.CalleeName == "ClearPageAnonExclusive")).Count);
    }
}
