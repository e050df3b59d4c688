using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>The engine side of the editor server: one file's current text checked against a tree kept open.</summary>
public sealed class TreeSessionTests
{
    private static readonly Folint.Analyzer.Catalog.RuleCatalog Catalog =
        RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

    private const string Atomic =
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\tset_bit(PG_private, &page->flags);\n" +
        "}\n";

    private const string OpenCoded =
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "}\n";

    private static TreeSession Indexed(TempTree tree, params ISourceRule[] rules)
    {
        var engine = new CheckEngine(new LineFrontend(), rules, Catalog);
        var session = new TreeSession(engine, tree.Root, hasTreeHeaders: true);
        session.BuildIndex();
        return session;
    }

    private static SourceFile Buffer(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Check_ReadsTheBuffer_NotTheCopyOnDisk()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", Atomic);
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit"));

        var finding = Assert.Single(session.Check(Buffer("mm/a.c", "\n\n" + OpenCoded)).Findings);

        Assert.Equal(new Location("mm/a.c", 5, 2, 5, 37), finding.Primary);
        Assert.Empty(session.Check(Buffer("mm/a.c", Atomic)).Findings);
    }

    [Fact]
    public void CheckCancelledWhileTheIndexLoadsAFile_DoesNotBreakTheNextCheck()
    {
        // An editor cancels a check at the next keystroke; a load it cancels must not stay behind in the index's cache.
        using var tree = new TempTree();
        tree.Write("mm/helper.c", "void helper(struct page *page)\n{\n\tput_page(page);\n}\n");
        var frontend = new StallingFrontend(new LineFrontend(), "mm/helper.c");
        var engine = new CheckEngine(frontend, new ISourceRule[] { new CallRule("FOL000", "__set_bit") { EvidenceFunction = "helper" } }, Catalog);
        var session = new TreeSession(engine, tree.Root, hasTreeHeaders: true);
        session.BuildIndex();
        var buffer = Buffer("mm/a.c", OpenCoded.Replace("}\n", "\thelper(page);\n}\n"));

        using (var stale = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            Assert.ThrowsAny<OperationCanceledException>(() => session.Check(buffer, stale.Token));
        var result = session.Check(buffer);

        Assert.Empty(result.Problems);
        Assert.Equal("mm/helper.c", Assert.Single(Assert.Single(result.Findings).Evidence).Location.File);
    }

    /// <summary>Its first build of one path works until cancelled, as a slow parse would; later builds are the inner frontend's.</summary>
    private sealed class StallingFrontend(ISourceFrontend inner, string path) : ISourceFrontend
    {
        private int _stalled;

        public System.Collections.Immutable.ImmutableArray<string> GeneratorHeaders => inner.GeneratorHeaders;

        public Folint.Analyzer.Model.SourceUnit Build(SourceFile file, CancellationToken cancellationToken)
        {
            if (file.Path == path && Interlocked.Exchange(ref _stalled, 1) == 0)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(5);
                }
            }
            return inner.Build(file, cancellationToken);
        }
    }

    [Fact]
    public void Evidence_InAHeaderOfTheTree_IsLocatedInTheHeaderOnDisk()
    {
        using var tree = new TempTree();
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit") { EvidenceUnit = TempTree.Marker });

        var finding = Assert.Single(session.Check(Buffer("mm/new.c", OpenCoded)).Findings);

        var evidence = Assert.Single(finding.EvidenceOrEmpty);
        Assert.Equal(new Location(TempTree.Marker, 1, 20, 1, 37), evidence.Location);
        Assert.Equal("the accessor the tree defines", evidence.Message);
    }

    [Fact]
    public void IndexAnswers_SeeTheBuffersFunctions_InsteadOfItsDiskVersion()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", Atomic);
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit") { EvidenceFunction = "attach_fresh" });
        var buffer = OpenCoded + "\nvoid attach_fresh(struct page *page)\n{\n\tprep(page);\n}\n";

        var finding = Assert.Single(session.Check(Buffer("mm/a.c", buffer)).Findings);

        var evidence = Assert.Single(finding.EvidenceOrEmpty);
        Assert.Equal("mm/a.c", evidence.Location.File);
        Assert.Equal(6, evidence.Location.Line);
    }

    [Fact]
    public void FileChanged_MakesTheNextCheckReadTheTreeFileAgain()
    {
        using var tree = new TempTree();
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit") { EvidenceUnit = TempTree.Marker });
        Assert.Equal(1, Assert.Single(Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings).EvidenceOrEmpty).Location.Line);

        tree.Write(TempTree.Marker, "/* moved down */\n" + File.ReadAllText(tree[TempTree.Marker]));
        session.FileChanged(TempTree.Marker);

        Assert.Equal(2, Assert.Single(Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings).EvidenceOrEmpty).Location.Line);
    }

    [Fact]
    public void FileChanged_AFunctionAddedToAnotherTreeFile_IsFoundWithoutRebuildingTheIndex()
    {
        using var tree = new TempTree();
        tree.Write("mm/b.c", "void unrelated(void)\n{\n}\n");
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit") { EvidenceFunction = "attach_fresh" });
        Assert.Empty(Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings).EvidenceOrEmpty);

        tree.Write("mm/b.c", "void attach_fresh(struct page *page)\n{\n}\n");
        session.FileChanged("mm/b.c");

        var evidence = Assert.Single(Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings).EvidenceOrEmpty);
        Assert.Equal(("mm/b.c", 1, 6), (evidence.Location.File, evidence.Location.Line, evidence.Location.Column));
    }

    [Fact]
    public void Check_BeforeTheIndexIsBuilt_Throws()
    {
        using var tree = new TempTree();
        var engine = new CheckEngine(new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit") }, Catalog);
        var session = new TreeSession(engine, tree.Root, hasTreeHeaders: true);

        Assert.Throws<InvalidOperationException>(() => session.Check(Buffer("mm/a.c", OpenCoded)));
    }

    [Fact]
    public void AFrontendCrash_IsAProblemOfTheBuffer_AndTheSessionGoesOn()
    {
        using var tree = new TempTree();
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit"));

        var crashed = session.Check(Buffer("mm/a.c", OpenCoded + "/* FRONTEND-CRASH */\n"));

        Assert.Empty(crashed.Findings);
        Assert.Contains("internal error in parse", Assert.Single(crashed.Problems).Reason);
        Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings);
    }

    [Fact]
    public void ACancelledCheck_Throws_AndDoesNotSpoilTheNextOne()
    {
        using var tree = new TempTree();
        var session = Indexed(tree, new CallRule("FOL000", "__set_bit"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => session.Check(Buffer("mm/a.c", OpenCoded), cancelled.Token));
        Assert.Single(session.Check(Buffer("mm/a.c", OpenCoded)).Findings);
    }

    [Fact]
    public void TreeFileLoad_CancelledByOneCaller_IsLoadedAgainForTheNext()
    {
        // A Lazy keeps the exception it ended with: without care, one cancelled check would make every later
        // question about the file throw for the rest of an editor session.
        using var tree = new TempTree();
        var frontend = new LineFrontend();
        var index = EmptyIndex(tree, frontend);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => index.UnitAt(TempTree.Marker, cancelled.Token));
        var unit = index.UnitAt(TempTree.Marker, CancellationToken.None);

        Assert.NotNull(unit);
        Assert.Equal("folio_set_private", unit!.Functions.Single().Name);
    }

    [Fact]
    public void AlreadyParsed_GivesWhatAQuestionParsed_ButNeverAGeneratorHeaderWithItsGeneratedFunctions()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "void helper(void)\n{\n}\n");
        tree.Write("mm/b.c", "void user(void)\n{\n\thelper();\n}\n");
        var frontend = new LineFrontend();
        var index = EmptyIndex(tree, frontend, wholeTree: true, generatorHeaders: new[] { TempTree.Marker });

        Assert.Null(index.AlreadyParsed("mm/b.c"));
        Assert.Single(index.CallersOf("helper"));
        Assert.NotEmpty(index.FunctionsNamed("folio_set_private"));

        var parsed = index.AlreadyParsed("mm/b.c");
        Assert.NotNull(parsed);
        Assert.Equal("user", parsed!.Functions.Single().Name);
        Assert.Equal(1, frontend.Builds["mm/b.c"]);
        // the index holds page-flags.h with the functions its macros generate; a check of the header parses it plainly
        Assert.Null(index.AlreadyParsed(TempTree.Marker));
    }

    /// <summary>A program index over the tree with no checked units (questions load files on demand).</summary>
    private static ProgramIndex EmptyIndex(TempTree tree, LineFrontend frontend, bool wholeTree = false, string[]? generatorHeaders = null) =>
        new(Array.Empty<Folint.Analyzer.Model.SourceUnit>(), Array.Empty<string>(), frontend, tree.Root, 1 << 20, _ => { }, _ => { }, CancellationToken.None,
            wholeTree: wholeTree, generatorHeaders: generatorHeaders);
}
