/*
 * Sample file for folint's patch tests (written for folint, not Linux source).
 * A deferred queue of folios, in the shape of mm/huge_memory.c's deferred split queue.
 */
#include <linux/page-flags.h>

static void sample_prepare(struct folio *folio)
{
	folio->private = NULL;
	set_bit(PG_locked, &folio->flags);
}

void sample_queue(struct folio *folio, bool partial)
{
	spin_lock(&sample_lock);
	if (partial)
		folio_set_active(folio);
	list_add_tail(&folio->lru, &sample_list);
	sample_queue_len++;
	spin_unlock(&sample_lock);
}

void sample_dequeue(struct folio *folio)
{
	spin_lock(&sample_lock);
	list_del_init(&folio->lru);
	sample_queue_len--;
	spin_unlock(&sample_lock);
}

void sample_scan(void)
{
	struct folio *folio, *next;

	spin_lock(&sample_lock);
	list_for_each_entry_safe(folio, next, &sample_list, lru) {
		if (!folio_try_get(folio))
			continue;
		list_del_init(&folio->lru);
		sample_queue_len--;
	}
	spin_unlock(&sample_lock);
}
