/*
 * FOL004 sample (negative): the helper as the review asked for it: the precondition asserted, and a loop that
 * tests before it acts. Expect nothing.
 */
#include <linux/mm_types.h>

static inline void clear_pages_anon_exclusive(struct page *page, unsigned int nr_pages)
{
	VM_WARN_ON_ONCE(!nr_pages);
	while (nr_pages--)
		ClearPageAnonExclusive(page++);
}
