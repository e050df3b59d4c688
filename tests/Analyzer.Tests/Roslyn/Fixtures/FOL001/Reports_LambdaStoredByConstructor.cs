// The object keeps the lambda in a field; whoever calls Run() later runs the update, long after the constructor.
using System;
using Folint.Simulation.Mm;

public sealed class DeferredLock
{
    private readonly Action _lock;

    public DeferredLock(Folio folio) => _lock = () => {|#0:folio.SetLockedNonAtomic()|};

    public void Run() => _lock();
}
