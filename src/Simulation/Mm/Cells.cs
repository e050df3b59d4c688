using System;
using System.Globalization;
using System.Threading;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

// The storage of struct page. Every access is a scheduling point and a trace step, so the scheduler can put
// another CPU's access between the load and the store of a read-modify-write, as a real CPU can.

/// <summary>An unsigned long of struct page: page->flags, page->compound_head.</summary>
public sealed class Word
{
    private readonly Func<ulong, string> _format;
    private readonly Func<string?>? _note;
    private ulong _value;

    internal Word(string location, Func<ulong, string>? format = null, Func<string?>? note = null)
    {
        Location = location;
        _format = format ?? (v => "0x" + v.ToString("x", CultureInfo.InvariantCulture));
        _note = note;
    }

    /// <summary>Where the word lives, as the trace names it ("pfn 1 flags").</summary>
    public string Location { get; }

    /// <summary>The value without a scheduling point: for set-up, checks and printing, never from a CPU program.</summary>
    public ulong Peek => Volatile.Read(ref _value);

    internal string Format(ulong value) => _format(value);

    internal ulong Load()
    {
        Machine.Point();
        var value = Volatile.Read(ref _value);
        Machine.Record("load", Location, _format(value), _format(value), _note?.Invoke());
        return value;
    }

    internal void Store(ulong value)
    {
        Machine.Point();
        var before = Volatile.Read(ref _value);
        Volatile.Write(ref _value, value);
        Machine.Record("store", Location, _format(before), _format(value), _note?.Invoke());
    }

    /// <summary>cmpxchg: stores <paramref name="desired"/> if the word still holds <paramref name="expected"/>; returns what it held.</summary>
    internal ulong CompareExchange(ulong expected, ulong desired)
    {
        Machine.Point();
        var found = Interlocked.CompareExchange(ref _value, desired, expected);
        var ok = found == expected;
        Machine.Record(ok ? "cmpxchg" : "cmpxchg (stale, retry)", Location, _format(found), _format(ok ? desired : found), _note?.Invoke());
        return found;
    }
}

/// <summary>An atomic_t of struct page: _refcount, _mapcount (shared with page_type), and struct folio's counters.</summary>
public sealed class AtomicInt
{
    private readonly Func<string?>? _note;
    private readonly Func<int, string> _format;
    private int _value;

    internal AtomicInt(string location, int initial = 0, Func<int, string>? format = null, Func<string?>? note = null)
    {
        Location = location;
        _value = initial;
        _format = format ?? (v => v.ToString(CultureInfo.InvariantCulture));
        _note = note;
    }

    public string Location { get; }

    /// <summary>The value without a scheduling point: for set-up, checks and printing, never from a CPU program.</summary>
    public int Peek => Volatile.Read(ref _value);

    /// <summary>atomic_read().</summary>
    internal int Read()
    {
        Machine.Point();
        var value = Volatile.Read(ref _value);
        Machine.Record("atomic_read", Location, _format(value), _format(value), _note?.Invoke());
        return value;
    }

    /// <summary>atomic_set().</summary>
    internal void Set(int value)
    {
        Machine.Point();
        var before = Volatile.Read(ref _value);
        Volatile.Write(ref _value, value);
        Machine.Record("atomic_set", Location, _format(before), _format(value), _note?.Invoke());
    }

    /// <summary>atomic_add_return(): one indivisible read-modify-write.</summary>
    internal int AddReturn(int delta)
    {
        Machine.Point();
        var after = Interlocked.Add(ref _value, delta);
        Machine.Record(delta >= 0 ? "atomic_add" : "atomic_sub", Location, _format(after - delta), _format(after), _note?.Invoke());
        return after;
    }

    /// <summary>atomic_cmpxchg(): returns what the counter held.</summary>
    internal int CompareExchange(int expected, int desired)
    {
        Machine.Point();
        var found = Interlocked.CompareExchange(ref _value, desired, expected);
        var ok = found == expected;
        Machine.Record(ok ? "atomic_cmpxchg" : "atomic_cmpxchg (stale, retry)", Location, _format(found), _format(ok ? desired : found), _note?.Invoke());
        return found;
    }

    /// <summary>atomic_add_unless(): adds <paramref name="delta"/> unless the counter is <paramref name="unless"/>; a cmpxchg loop.</summary>
    internal bool AddUnless(int delta, int unless)
    {
        var value = Read();
        while (value != unless)
        {
            var found = CompareExchange(value, value + delta);
            if (found == value)
                return true;
            value = found;
        }
        return false;
    }
}

/// <summary>spinlock_t: taking it is a step that cannot happen while another CPU holds it.</summary>
public sealed class Spinlock
{
    private int _held;

    internal Spinlock(string name) => Name = name;

    public string Name { get; }

    public bool IsHeld => Volatile.Read(ref _held) != 0;

    internal void Lock()
    {
        Machine.Point(() => Volatile.Read(ref _held) == 0);
        if (Interlocked.Exchange(ref _held, 1) != 0)
            throw new InvalidOperationException($"{Name} taken while held: the scheduler let a CPU past a held lock");
        Machine.Record("spin_lock", Name, "unlocked", "locked");
    }

    internal void Unlock()
    {
        Machine.Point();
        if (Interlocked.Exchange(ref _held, 0) == 0)
            throw new InvalidOperationException($"{Name} released while not held");
        Machine.Record("spin_unlock", Name, "locked", "unlocked");
    }
}
