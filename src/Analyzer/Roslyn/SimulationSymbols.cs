using System.Linq;
using Microsoft.CodeAnalysis;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// The simulation's types the analyzers key on, looked up once per compilation (roslyn-analyzers'
/// RequiredSymbols). A rule whose types are missing stays silent: the compilation does not use the simulation.
/// </summary>
internal sealed class SimulationSymbols
{
    private const string Namespace = "Folint.Simulation.Mm.";

    private SimulationSymbols(Compilation compilation)
    {
        FlagAccessor = compilation.GetTypeByMetadataName(Namespace + "FlagAccessorAttribute");
        ExclusivePhase = compilation.GetTypeByMetadataName(Namespace + "ExclusivePhaseAttribute");
        AllocationPath = compilation.GetTypeByMetadataName(Namespace + "AllocationPathAttribute");
        RefcountWrite = compilation.GetTypeByMetadataName(Namespace + "RefcountWriteAttribute");
        MayBeTailPage = compilation.GetTypeByMetadataName(Namespace + "MayBeTailPageAttribute");
        RawMapcountRead = compilation.GetTypeByMetadataName(Namespace + "RawMapcountReadAttribute");
        Page = compilation.GetTypeByMetadataName(Namespace + "Page");
        Folio = compilation.GetTypeByMetadataName(Namespace + "Folio");
    }

    public INamedTypeSymbol? FlagAccessor { get; }

    public INamedTypeSymbol? ExclusivePhase { get; }

    public INamedTypeSymbol? AllocationPath { get; }

    public INamedTypeSymbol? RefcountWrite { get; }

    public INamedTypeSymbol? MayBeTailPage { get; }

    public INamedTypeSymbol? RawMapcountRead { get; }

    public INamedTypeSymbol? Page { get; }

    public INamedTypeSymbol? Folio { get; }

    public static SimulationSymbols Load(Compilation compilation) => new(compilation);

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is null ? null : symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    public static bool Has(ISymbol symbol, INamedTypeSymbol? attribute) => Find(symbol, attribute) is not null;

    /// <summary>[AllocationPath], [FreePath], [FrozenRefcount] or any other attribute derived from ExclusivePhaseAttribute.</summary>
    public bool IsExclusivePhase(ISymbol symbol)
    {
        if (ExclusivePhase is null)
            return false;
        foreach (var attribute in symbol.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, ExclusivePhase))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Whether a method's attribute sets a named bool property (FlagAccessor's Atomic defaults to true).</summary>
    public static bool NamedBool(AttributeData attribute, string name, bool defaultValue)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is bool value)
                return value;
        }
        return defaultValue;
    }

    public static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
                return pair.Value.Value as string;
        }
        return null;
    }
}
