/*
 * FOL001 positive, the seed-000 shape: a second-page flag set non-atomically "because split_queue_lock
 * protects it"; memory_failure() changes the same word atomically without that lock.
 */
#include <linux/page-flags.h>

struct deferred_split {
	spinlock_t split_queue_lock;
	struct list_head split_queue;
	unsigned long split_queue_len;
};

void deferred_split_folio(struct folio *folio, bool partially_mapped)
{
	struct deferred_split *ds_queue = get_deferred_split_queue(folio);
	unsigned long flags;

	spin_lock_irqsave(&ds_queue->split_queue_lock, flags);
	if (partially_mapped && !folio_test_partially_mapped(folio))
		__folio_set_partially_mapped(folio); /* expect: FOL001 */
	if (list_empty(&folio->_deferred_list)) {
		list_add_tail(&folio->_deferred_list, &ds_queue->split_queue);
		ds_queue->split_queue_len++;
	}
	spin_unlock_irqrestore(&ds_queue->split_queue_lock, flags);
}
