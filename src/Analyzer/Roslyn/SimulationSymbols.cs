using System.Linq;
using Microsoft.CodeAnalysis;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// The simulation's types the analyzers key on, looked up once per compilation (roslyn-analyzers'
/// RequiredSymbols). A rule whose types are missing stays silent: the compilation does not use the simulation.
/// The attributes live beside the types they describe, in Folint.Simulation.Mm.
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
        MapcountRead = compilation.GetTypeByMetadataName(Namespace + "MapcountReadAttribute");
        PageTypeTest = compilation.GetTypeByMetadataName(Namespace + "PageTypeTestAttribute");
        NonZero = compilation.GetTypeByMetadataName(Namespace + "NonZeroAttribute");
        Page = compilation.GetTypeByMetadataName(Namespace + "Page");
        Folio = compilation.GetTypeByMetadataName(Namespace + "Folio");
        Spinlock = compilation.GetTypeByMetadataName(Namespace + "Spinlock");
    }

    public INamedTypeSymbol? FlagAccessor { get; }

    public INamedTypeSymbol? ExclusivePhase { get; }

    public INamedTypeSymbol? AllocationPath { get; }

    public INamedTypeSymbol? RefcountWrite { get; }

    public INamedTypeSymbol? MayBeTailPage { get; }

    public INamedTypeSymbol? RawMapcountRead { get; }

    public INamedTypeSymbol? MapcountRead { get; }

    public INamedTypeSymbol? PageTypeTest { get; }

    public INamedTypeSymbol? NonZero { get; }

    public INamedTypeSymbol? Page { get; }

    public INamedTypeSymbol? Folio { get; }

    /// <summary>The simulation's spinlock (split_queue_lock): Lock() and Unlock() bracket what it holds.</summary>
    public INamedTypeSymbol? Spinlock { get; }

    public static SimulationSymbols Load(Compilation compilation) => new(compilation);

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is null ? null : symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    public static bool Has(ISymbol symbol, INamedTypeSymbol? attribute) => Find(symbol, attribute) is not null;

    /// <summary>A Page or a Folio of the simulation (the objects whose flags, refcounts and mapcounts the rules follow).</summary>
    public bool IsPageOrFolio(ITypeSymbol? type) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, Page) || SymbolEqualityComparer.Default.Equals(type, Folio));

    /// <summary>[AllocationPath], [FreePath], [FrozenRefcount] or any other attribute derived from ExclusivePhaseAttribute.</summary>
    public bool IsExclusivePhase(ISymbol symbol) => ExclusivePhaseOf(symbol) is not null;

    /// <summary>The exclusive-phase attribute class on a method, or null.</summary>
    public INamedTypeSymbol? ExclusivePhaseOf(ISymbol symbol)
    {
        if (ExclusivePhase is null)
            return null;
        foreach (var attribute in symbol.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, ExclusivePhase))
                    return attribute.AttributeClass;
            }
        }
        return null;
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
