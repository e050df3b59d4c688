/*
 * Sample tree for folint (written for folint, not Linux source).
 * FOL001, positive, the seed-000 shape: PG_partially_mapped (second page's word) set with the non-atomic
 * accessor "because the queue lock protects it"; hwpoison_sample_mark() changes the same word atomically
 * without that lock.
 * Expected: one FOL001 finding at the __folio_set_partially_mapped() call, with hwpoison_sample_mark() as evidence.
 */
#include <linux/page-flags.h>

void sample_deferred_split(struct folio *folio, spinlock_t *queue_lock)
{
	spin_lock(queue_lock);
	if (!folio_test_partially_mapped(folio))
		__folio_set_partially_mapped(folio);
	spin_unlock(queue_lock);
}
