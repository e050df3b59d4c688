/*
 * FOL004 sample (positive): seed 003's batched helper, after the set_ptes() pattern. Expect one FOL004 at the
 * loop: with nr == 0 the first --nr wraps and about 4 billion pages are cleared.
 */
#include <linux/mm_types.h>

static inline void clear_pages_anon_exclusive(struct page *page, unsigned int nr)
{
	for (;;) {
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		++page;
	}
}
