// Constructs the analyzers must get through without failing (records, iterators, async streams, deconstruction,
// ref locals, stackalloc, using declarations, goto, filters, local function recursion, curried lambdas, locks).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Folint.Simulation.Mm;

public record Holder(Folio Folio, int Count);

public partial class Torture<T> where T : class
{
    private Folio? _f;
    private readonly Action _a;
    private static readonly Func<Folio, int> s_count = f => f.NrPages;
    public Torture(Folio f) { _f = f; _a = () => f.SetLockedNonAtomic(); }
    public Folio? Prop { get => _f; set { _f = value; value?.SetLockedNonAtomic(); } }
    public int this[int i] => i;

    public IEnumerable<Page> Tails(Folio f) { for (int i = 1; i < f.NrPages; i++) yield return f.Page(i); }
    public async IAsyncEnumerable<Page> TailsAsync(Folio f) { await Task.Yield(); yield return f.Page(1); }

    public static int Recurse(Folio f, int n) => n == 0 ? f.Page(n).RefCount() : Recurse(f, n - 1);
    public static Page Mutual1(Folio f, int n) => n > 0 ? Mutual2(f, n - 1) : f.Page(2);
    public static Page Mutual2(Folio f, int n) => n > 0 ? Mutual1(f, n - 1) : f.Head;

    public void Many(MemMap map, Folio folio, uint nr, T t)
    {
        var (a, b) = (folio, nr);
        ref var r = ref nr;
        r--;
        Span<int> s = stackalloc int[4];
        using var d = new System.IO.MemoryStream();
        switch (nr) { case 0: goto done; case > 3 when nr < 10: break; default: break; }
        foreach (var p in Tails(folio)) p.PageRefAdd(1);
        Mutual1(folio, 3).PageRefAdd(1);
        try { folio.SetLockedNonAtomic(); } catch (InvalidOperationException) when (nr > 0) { throw; } finally { folio.ClearLockedNonAtomic(); }
        Func<int, Func<int, Page>> curry = x => y => folio.Page(x + y);
        curry(1)(2).PageRefAdd(1);
        Local(3);
        void Local(int k) { if (k > 0) Local(k - 1); else folio.SetLockedNonAtomic(); }
        var h = new Holder(folio, 3) with { Count = 4 };
        h.Folio.SetLockedNonAtomic();
        var list = new List<Page> { folio.Page(1) };
        list[0].PageRefAdd(1);
        Page[] arr = [folio.Head, folio.Page(1)];
        arr[1].PageRefAdd(1);
        int m = folio.Head.Mapcount() is var mm && mm < 0 ? 0 : folio.Head.Mapcount();
        var q = list?.FirstOrDefault()?.RefCount() ?? 0;
        lock (this) { _a(); }
        Parallel.For(0, 3, i => folio.Page(i).PageRefAdd(1));
    done:
        do { folio.Head.SetHWPoison(); } while (--nr != 0);
    }
}
