using System.Collections.Generic;

namespace Folint.Simulation.Mm;

/// <summary>
/// struct deferred_split: partially mapped large folios waiting to be split under memory pressure. Its lock
/// protects the list and its length, and nothing else: in particular not the second page's flags word, which
/// memory_failure() changes without it (seed 000).
/// </summary>
public sealed class DeferredSplitQueue
{
    private readonly List<Folio> _queue = new();

    public Spinlock SplitQueueLock { get; } = new("split_queue_lock");

    /// <summary>split_queue_len; read it only under <see cref="SplitQueueLock"/> or after a run.</summary>
    public int Length => _queue.Count;

    public bool Contains(Folio folio) => _queue.Contains(folio);

    /// <summary>list_add_tail(&amp;folio->_deferred_list, &amp;ds_queue->split_queue) under the lock.</summary>
    internal void AddTail(Folio folio)
    {
        if (!SplitQueueLock.IsHeld)
            throw new System.InvalidOperationException("split_queue changed without split_queue_lock");
        _queue.Add(folio);
    }
}
