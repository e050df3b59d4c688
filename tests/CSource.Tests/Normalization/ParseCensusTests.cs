using System.Collections.Generic;
using System.Linq;
using Folint.CSource.Interop;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class ParseCensusTests
{
    [Fact]
    public void Census_CountsBrokenBodies_NestedDefinitions_AndTopLevelErrors()
    {
        const string source =
            "int good(void) { return 0; }\n" +
            "int broken(void) { int x = ; return x; }\n" +
            "void walk(void)\n{\n\tfor_each_zone(zone) {\n\t\tcount(zone);\n\t}\n}\n" +
            "@@@ garbage @@@\n";
        using var parser = new CParser();
        using var tree = parser.Parse(source)!;
        var sites = new List<ErrorSite>();
        var census = ParseCensus.Of(tree, sites);

        Assert.Equal(1, census.NestedFunctions);            // for_each_zone(zone) { ... } read as a K&R definition
        Assert.Equal(4, census.Functions);
        Assert.True(census.BodyErrors >= 1);
        Assert.Contains(sites, s => s.Kind == ErrorSiteKind.FunctionBody && s.Owner.Text.StartsWith("int broken"));
        Assert.True(census.TopLevelErrors >= 1);
        Assert.Contains(sites, s => s.Kind == ErrorSiteKind.TopLevel && s.Problem.Text.Contains("@@@"));
        Assert.DoesNotContain(sites, s => s.Owner.Text.StartsWith("int good"));
    }

    [Fact]
    public void Census_OfACleanTree_IsAllFunctionsAndNoErrors()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("static int a(void) { return 1; }\nstatic int b(int x) { return x; }\n")!;
        Assert.Equal(new ParseCensus(2, 0, 0, 0, 0, 0), ParseCensus.Of(tree));
    }
}
