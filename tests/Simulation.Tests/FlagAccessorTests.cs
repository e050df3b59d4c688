using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Folint.Simulation.Mm;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Tests;

/// <summary>Every [FlagAccessor] does what its attribute tells the analyzer: the word, the bit, the atomicity.</summary>
public sealed class FlagAccessorTests
{
    private static readonly Dictionary<string, int> s_bits = new()
    {
        ["PG_locked"] = PageFlags.Locked,
        ["PG_lru"] = PageFlags.Lru,
        ["PG_head"] = PageFlags.Head,
        ["PG_hwpoison"] = PageFlags.HWPoison,
        ["PG_anon_exclusive"] = PageFlags.AnonExclusive,
        ["PG_large_rmappable"] = PageFlags.LargeRmappable,
        ["PG_partially_mapped"] = PageFlags.PartiallyMapped,
        ["PG_has_hwpoisoned"] = PageFlags.HasHWPoisoned,
    };

    public static IEnumerable<object[]> Accessors() =>
        new[] { typeof(Page), typeof(Folio) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FlagAccessorAttribute>() is not null)
            .Select(m => new object[] { m.DeclaringType!.Name + "." + m.Name });

    [Theory]
    [MemberData(nameof(Accessors))]
    public void Accessor_ChangesTheDeclaredWordWithTheDeclaredAtomicity(string name)
    {
        var typeName = name.Split('.')[0];
        var method = (typeName == "Page" ? typeof(Page) : typeof(Folio)).GetMethod(name.Split('.')[1])!;
        var declared = method.GetCustomAttribute<FlagAccessorAttribute>()!;
        var bit = s_bits[declared.Flag];

        // An order-2 folio at pfn 0; a Page accessor is called on pfn 2, a tail, so PF_ANY is told apart from head and second page.
        var map = new MemMap(4);
        var folio = map.AllocFolio(0, 2);
        var target = typeName == "Page" ? (object)map.PfnToPage(2) : folio;
        var word = declared.Word switch
        {
            FlagWord.Head => map.PfnToPage(0).FlagsWord,
            FlagWord.SecondPage => map.PfnToPage(1).FlagsWord,
            _ => map.PfnToPage(2).FlagsWord,
        };
        var mask = 1UL << bit;
        var wantSet = declared.Operation is FlagOperation.Set or FlagOperation.TestAndSet;
        // Start from the opposite state, so that the accessor has to change the word.
        var store = typeof(Word).GetMethod("Store", BindingFlags.NonPublic | BindingFlags.Instance)!;
        store.Invoke(word, new object[] { wantSet ? word.Peek & ~mask : word.Peek | mask });
        var before = word.Peek;

        var run = Machine.Run(new[] { new CpuProgram("cpu", () => method.Invoke(target, null)) }, new ReplayChooser(default));

        var accesses = run.Trace.Where(t => t.Location == word.Location).ToList();
        Assert.NotEmpty(accesses);
        Assert.All(run.Trace.Where(t => t.Changed), t => Assert.Equal(word.Location, t.Location));
        if (declared.Operation == FlagOperation.Test)
        {
            Assert.Equal(before, word.Peek);
            return;
        }
        Assert.Equal(wantSet ? before | mask : before & ~mask, word.Peek);
        var stored = accesses.Any(a => a.Operation == "store");
        var exchanged = accesses.Any(a => a.Operation.StartsWith("cmpxchg", System.StringComparison.Ordinal));
        Assert.Equal(!declared.Atomic, stored);
        Assert.Equal(declared.Atomic, exchanged);
    }

    [Theory]
    [MemberData(nameof(Accessors))]
    public void NonAtomicAccessor_NamesAnAtomicCounterpartOnTheSameFlag_WhenItHasOne(string name)
    {
        var type = name.StartsWith("Page.", System.StringComparison.Ordinal) ? typeof(Page) : typeof(Folio);
        var declared = type.GetMethod(name.Split('.')[1])!.GetCustomAttribute<FlagAccessorAttribute>()!;
        if (declared.AtomicCounterpart is null)
            return;

        var counterpart = type.GetMethod(declared.AtomicCounterpart)!.GetCustomAttribute<FlagAccessorAttribute>()!;
        Assert.False(declared.Atomic);
        Assert.True(counterpart.Atomic);
        Assert.Equal(declared.Flag, counterpart.Flag);
        Assert.Equal(declared.Word, counterpart.Word);
        Assert.Equal(declared.Operation, counterpart.Operation);
    }
}
