/*
 * FOL001 negative: a free page on the buddy free lists (PageBuddy() under zone->lock) belongs to the allocator:
 * only the allocator changes its flags, and memory_failure()'s reference-free TestSetPageHWPoison() is the race the
 * kernel accepts on allocator-owned pages (rules/kernel/phases.yaml, reference_free_writers).
 */
#include <linux/page-flags.h>

void sample_mark_free_block(struct zone *zone, struct page *page, unsigned int order)
{
	spin_lock(&zone->lock);
	if (PageBuddy(page) && buddy_order(page) == order)
		__ClearPageReserved(page);
	spin_unlock(&zone->lock);
}
