using System.Linq;
using System.Reflection;
using Folint.CSource.Interop;

namespace Folint.CSource.Tests.Interop;

public sealed class NodeKindsTests
{
    [Fact]
    public void EveryKindTheFrontendReads_IsANodeKindOfTheGrammar()
    {
        var kinds = typeof(NodeKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(kind => kind != NodeKinds.Error) // the runtime's, not the grammar's
            .ToArray();
        Assert.NotEmpty(kinds);
        Assert.All(kinds, kind => Assert.NotEmpty(CLanguage.SymbolsNamed(kind)));
        Assert.Empty(CLanguage.SymbolsNamed("function_defintion"));
    }
}
