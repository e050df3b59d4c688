using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

/// <summary>
/// The two ways page-flags.h changes a bit. The atomic one (set_bit(), clear_bit(), test_and_set_bit()) is a
/// cmpxchg loop here: a concurrent change of another bit makes the cmpxchg fail and the loop retry on the new
/// word. The non-atomic one (__set_bit(), __clear_bit()) loads the word and stores it back: whatever another
/// CPU changed in between is overwritten.
/// </summary>
internal static class FlagOps
{
    public static bool Test(Word word, int bit, string accessor)
    {
        using var _ = Machine.Enter(accessor);
        return (word.Load() & PageFlags.Mask(bit)) != 0;
    }

    /// <summary>Atomically sets or clears <paramref name="bit"/>; returns whether it was set before.</summary>
    public static bool ChangeAtomic(Word word, int bit, bool set, string accessor)
    {
        using var _ = Machine.Enter(accessor);
        var mask = PageFlags.Mask(bit);
        var old = word.Load();
        while (true)
        {
            var desired = set ? old | mask : old & ~mask;
            if (desired == old)
                return (old & mask) != 0;
            var found = word.CompareExchange(old, desired);
            if (found == old)
                return (old & mask) != 0;
            old = found;
        }
    }

    /// <summary>Non-atomically sets or clears <paramref name="bit"/>: a load and a store of the whole word.</summary>
    public static void ChangeNonAtomic(Word word, int bit, bool set, string accessor)
    {
        using var _ = Machine.Enter(accessor);
        var mask = PageFlags.Mask(bit);
        var old = word.Load();
        word.Store(set ? old | mask : old & ~mask);
    }
}
