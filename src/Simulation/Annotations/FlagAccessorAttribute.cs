using System;

namespace Folint.Simulation.Mm;

/// <summary>Which page's flags word an accessor changes, as page-flags.h places the flag.</summary>
public enum FlagWord
{
    /// <summary>PF_ANY: the word of the page given, head or tail (PG_hwpoison, PG_anon_exclusive).</summary>
    Page,

    /// <summary>PF_HEAD / PF_NO_TAIL / folio flags: the head page's word (PG_locked, PG_lru).</summary>
    Head,

    /// <summary>PF_SECOND / FOLIO_SECOND_PAGE: the second page's word, struct folio's _flags_1 (PG_has_hwpoisoned, PG_partially_mapped).</summary>
    SecondPage,
}

public enum FlagOperation { Test, Set, Clear, TestAndSet, TestAndClear }

/// <summary>
/// Declares a flag accessor of the simulation as the kernel would generate it: its kernel name, the flag, the
/// word it lives in and whether it updates the word atomically. folint's FOL001 analyzer reads this: a call to
/// an accessor with <see cref="Atomic"/> false is a plain read-modify-write of the whole word, safe only where
/// no other CPU can change any flag of that word (an <see cref="ExclusivePhaseAttribute"/> method, or an object
/// the method created and has not published).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FlagAccessorAttribute : Attribute
{
    public FlagAccessorAttribute(string kernelName, string flag, FlagWord word, FlagOperation operation)
    {
        KernelName = kernelName;
        Flag = flag;
        Word = word;
        Operation = operation;
    }

    /// <summary>The accessor's name in page-flags.h (__folio_set_partially_mapped).</summary>
    public string KernelName { get; }

    /// <summary>The flag's name in enum pageflags (PG_partially_mapped).</summary>
    public string Flag { get; }

    public FlagWord Word { get; }

    public FlagOperation Operation { get; }

    /// <summary>False for the __ variants: a load and a store of the whole word, with nothing in between held.</summary>
    public bool Atomic { get; set; } = true;

    /// <summary>For a non-atomic accessor: the name of the atomic accessor that does the same (the code fix's target).</summary>
    public string? AtomicCounterpart { get; set; }
}
